"""Buyers, locations and themes are filter choices: the finder follows changes to them without a rebuild."""

import re

import pytest

from finder.models import LotEntry
from portal.factories import LocationFactory
from portal.models import Location

pytestmark = pytest.mark.django_db


def body(client, page, params):
    response = client.get(page.url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_location_is_a_choice_at_once(client, finder_page, catalogue):
    client.get(finder_page.url, {"location": "preston"})  # the choices are now read and remembered
    LocationFactory(name="Fleetwood", slug="fleetwood")
    page = body(client, finder_page, {"location": "fleetwood"})
    assert "We ignored" not in page
    assert "No matching lots" in page


def test_renaming_a_location_renames_its_filter_option(
    client, finder_page, catalogue, django_capture_on_commit_callbacks
):
    body(client, finder_page, {"location": "preston"})
    preston = Location.objects.get(slug="preston")
    preston.name = "City of Preston"
    with django_capture_on_commit_callbacks(execute=True):
        preston.save()
    page = body(client, finder_page, {})
    assert re.search(r">\s*City of Preston <span", page)
    assert not re.search(r">\s*Preston <span", page)


def test_a_deleted_location_is_no_longer_a_choice(client, finder_page, catalogue, django_capture_on_commit_callbacks):
    body(client, finder_page, {"location": "lancaster"})
    lancaster = Location.objects.get(slug="lancaster")
    with django_capture_on_commit_callbacks(execute=True):
        lancaster.delete()
    page = body(client, finder_page, {"location": "lancaster"})
    assert "We ignored “lancaster” in “Location”" in page
    assert 'name="location" type="checkbox" value="lancaster"' not in page


def test_unpublishing_a_buyer_removes_it_from_the_choices(client, finder_page, catalogue, other_organisation):
    assert "We ignored" not in body(client, finder_page, {"buyer": other_organisation.slug})
    other_organisation.unpublish()
    assert "We ignored" in body(client, finder_page, {"buyer": other_organisation.slug})


def test_renaming_a_buyer_renames_it_in_the_results(
    client, finder_page, catalogue, organisation, django_capture_on_commit_callbacks
):
    organisation.title = "Northshire Council"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save_revision().publish()
    assert set(LotEntry.objects.filter(opportunity__buyer=organisation).values_list("buyer_name", flat=True)) == {
        "Northshire Council"
    }
    page = body(client, finder_page, {"buyer": organisation.slug})
    assert "Northshire Council" in page and "Northshire Borough Council" not in page
