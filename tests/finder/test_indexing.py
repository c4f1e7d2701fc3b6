"""The search table follows what suppliers can see: publish, unpublish, move and delete."""

from io import StringIO

import pytest

from django.core.management import call_command

from finder import indexing
from finder.models import EntryTag, LotEntry
from opportunities.factories import LotFactory, OpportunityPageFactory
from portal.factories import CPVCodeFactory, OrganisationPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opportunity(organisation):
    page = OpportunityPageFactory(parent=organisation, title="Window cleaning", live=False)
    page.main_cpv = CPVCodeFactory(code="90911300", label="Window-cleaning services")
    page.save()
    LotFactory(opportunity=page, number=1, title="Schools", value_max=None, value_min=None)
    LotFactory(opportunity=page, number=2, title="Offices")
    return page


def test_publishing_indexes_each_lot_with_its_filters(opportunity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        opportunity.save_revision().publish()
    entries = LotEntry.objects.filter(opportunity=opportunity).order_by("lot_number")
    assert [e.lot_title for e in entries] == ["Schools", "Offices"]
    assert entries[0].buyer_name == "Northshire Borough Council"
    assert entries[0].value is None  # no value stated on a lot of a divided contract stays unknown
    assert "window-cleaning services" in entries[0].text
    assert entries[0].opportunity_url == opportunity.url
    assert set(EntryTag.objects.filter(entry=entries[0]).values_list("facet", "value")) == {("cpv", "90")}


def test_unpublishing_and_deleting_remove_the_lots(opportunity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        opportunity.save_revision().publish()
    opportunity.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        opportunity.unpublish()
    assert not LotEntry.objects.filter(opportunity=opportunity).exists()
    with django_capture_on_commit_callbacks(execute=True):
        opportunity.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        opportunity.delete()
    assert not LotEntry.objects.exists()


def test_moving_updates_the_link_and_buyer(opportunity, buyers_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        opportunity.save_revision().publish()
    new_home = OrganisationPageFactory(parent=buyers_index, title="Northshire College")
    with django_capture_on_commit_callbacks(execute=True):
        opportunity.move(new_home, pos="last-child")
    entry = LotEntry.objects.get(opportunity=opportunity, lot_number=1)
    assert entry.opportunity_url.startswith(new_home.url)


def test_a_single_lot_contract_takes_its_value_from_the_opportunity(organisation):
    page = OpportunityPageFactory(parent=organisation)
    LotFactory(opportunity=page, value_min=None, value_max=None)
    indexing.rebuild()
    assert LotEntry.objects.get(opportunity=page).value == page.value_max


def test_rebuild_command_shows_progress(catalogue):
    LotEntry.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Opportunities [##############################] 5/5" in out.getvalue()
    assert "Indexed 5 opportunities" in out.getvalue()
    assert LotEntry.objects.count() == 6
