"""The Atom feed and the JSON API take the finder's parameters; site search covers the other pages."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.factories import PartnerFactory
from portal.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_atom_feed_follows_the_same_filters(client, finder_page, catalogue):
    response = client.get("/opportunities/feed/", {"q": "catering", "stage": "pipeline"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Kitchen refit (Northshire Borough Council)</title>" in body
    assert "School meals" not in body
    assert "Lot 1: Catering equipment" in body


def test_feed_and_alert_links_start_from_the_first_page(client, finder_page, catalogue):
    feed = client.get("/opportunities/feed/", {"q": "catering", "page": "2"}).content.decode()
    assert 'href="http://testserver/opportunities/?q=catering"' in feed
    page = client.get(finder_page.url, {"q": "catering", "page": "1", "sme": "1"}).content.decode()
    assert 'href="/opportunities/feed/?q=catering&amp;sme=1"' in page
    assert 'href="/alerts/subscribe/?q=catering&amp;sme=1"' in page


def test_feed_survives_bad_input(client, finder_page, catalogue):
    response = client.get("/opportunities/feed/", {"page": "-1", "stage": "nonsense", "q": "\x00("})
    assert response.status_code == 200


def test_json_api_pages_and_filters(client, finder_page, catalogue, monkeypatch):
    from finder.filters import FinderFilterSet

    monkeypatch.setattr(FinderFilterSet, "per_page", 2)
    response = client.get("/api/opportunities/", {"sort": "closing"})
    data = json.loads(response.content)
    assert response.status_code == 200
    assert data["count"] == 3 and data["lot_count"] == 4 and data["pages"] == 2
    assert [r["title"] for r in data["results"]] == ["School meals", "Office cleaning"]
    assert data["results"][0]["matching_lots"][0] == {
        "number": 1,
        "title": "Primary school catering",
        "value_min": "20000.00",
        "value_max": "60000.00",
        "suitable_for_sme": True,
        "suitable_for_vcse": False,
        "reserved": None,
    }
    assert data["next"].endswith("sort=closing&page=2")
    second = json.loads(client.get(data["next"]).content)
    assert [r["title"] for r in second["results"]] == ["Kitchen refit"]


def test_json_api_reports_ignored_values(client, finder_page, catalogue):
    data = json.loads(client.get("/api/opportunities/", {"value": "huge"}).content)
    assert data["notices"] == ["We ignored “huge” in “Lot value” because it is not one of the choices."]


def test_site_search_finds_pages_and_points_to_the_finder(client, home, finder_page, catalogue):
    StandardPageFactory(parent=home, title="Accessibility statement", summary="How accessible this website is.")
    response = client.get("/search/", {"q": "accessibility"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Accessibility statement" in body
    assert 'href="/opportunities/?q=accessibility"' in body
    assert "School meals" not in client.get("/search/", {"q": "meals"}).content.decode()


def test_site_search_lists_every_kind_of_page_with_its_summary(client, organisation):
    """Organisation and index pages have an intro, not a summary; listing one must not break the page."""
    response = client.get("/search/", {"q": "Northshire"})
    assert response.status_code == 200
    assert "Northshire Borough Council" in response.content.decode()
    assert organisation.intro in response.content.decode()


@pytest.mark.parametrize("words", ["chamber", "FSB", "referral link", "embed code", "Partners"])
def test_site_search_leads_partners_to_their_pages(client, home, words):
    """Chambers and the FSB look for their referral links by what they are, not by a page's title."""
    body = client.get("/search/", {"q": words}).content.decode()
    assert '<a class="govuk-link" href="/partners/">For partners</a>' in body


def test_site_search_finds_a_partner_by_name(client, home):
    PartnerFactory(name="Northshire Chamber of Commerce", slug="northshire-chamber")
    body = client.get("/search/", {"q": "northshire chamber"}).content.decode()
    assert '<a class="govuk-link" href="/partners/northshire-chamber/">Northshire Chamber of Commerce</a>' in body
    assert "/partners/northshire-chamber/" not in client.get("/search/", {"q": "catering"}).content.decode()


def test_site_search_query_count_does_not_grow_with_results(client, home, django_assert_max_num_queries):
    for number in range(8):
        StandardPageFactory(parent=home, title=f"Privacy notice {number}", summary="How we use your data.")
    client.get("/search/", {"q": "privacy"})
    with django_assert_max_num_queries(12):
        response = client.get("/search/", {"q": "privacy"})
    assert response.content.decode().count("Privacy notice") == 8
    assert "How we use your data." in response.content.decode()


def test_site_search_handles_hostile_input(client, home):
    assert client.get("/search/", {"q": "\x00" + "(" * 5000, "page": "-9"}).status_code == 200


SEARCH_SYNTAX = ['"', "'", "(", ")", "*", ":", "^", "-", "+", "AND", "OR", "NOT", "NEAR", "\\", "&", "|", "!", "<->"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.one_of(st.sampled_from(SEARCH_SYNTAX), st.text(max_size=12)), min_size=1, max_size=6))
def test_site_search_answers_any_words_with_a_page(client, home, words):
    """A supplier may type 5" pipe, or anything else: never a search syntax error."""
    response = client.get("/search/", {"q": " ".join(words)})
    assert response.status_code == 200
