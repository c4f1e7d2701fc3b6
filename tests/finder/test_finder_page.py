"""The finder page as a supplier uses it: a GET form whose every state is a shareable URL."""

import datetime
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.db import connection
from django.test.utils import CaptureQueriesContext

from finder.filters import FinderFilterSet
from finder.query import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def test_lists_open_and_planned_lots_grouped_by_opportunity_with_counts(client, finder_page, catalogue):
    response = client.get(finder_page.url)
    body = html(response)
    assert response.status_code == 200
    assert "4 matching lots in 3 opportunities" in body
    assert "School meals" in body and "Office cleaning" in body and "Kitchen refit" in body
    assert "IT helpdesk" not in body  # closed: its deadline has passed
    assert 'href="/buyers/' in body and "#lot-1" in body
    # Each option shows its count given the other filters; the lot reserved for VCSEs is not one for SMEs,
    # though its buyer ticked "suitable for SMEs".
    sme_option = r'name="sme" type="checkbox" value="1"\s*>\s*<label[^>]*>\s*Suitable for small and medium-sized'
    assert re.search(sme_option + r' businesses \(SMEs\) <span class="finder-count">\(2', body)


def test_journey_filters_and_highlight(client, finder_page, catalogue):
    response = client.get(
        finder_page.url, {"q": "catering", "sme": "1", "value": ["under-25k", "25k-100k"], "closing": "30"}
    )
    body = html(response)
    assert "1 matching lot in 1 opportunity" in body
    assert "Primary school <mark>catering</mark>" in body
    assert "Secondary school" not in body
    assert "Remove filter: Suitable for SMEs" in body
    assert "Remove filter: Lot value (Under £25,000, £25,000 to £100,000)" in body
    assert "Remove filter: Closing date (In the next 30 days)" in body


def test_the_stages_ticked_from_the_start_are_not_listed_as_a_chosen_filter(client, finder_page, catalogue):
    # A form sent without JavaScript carries the stages it starts with ticked.
    response = client.get(finder_page.url, {"stage": ["open", "pipeline"], "cpv": "55"})
    body = html(response)
    assert "Remove filter: Type of work" in body
    assert "Remove filter: Stage" not in body
    assert "Show filters (1 chosen)" in body
    chosen = html(client.get(finder_page.url, {"stage": ["closed"], "cpv": "55"}))
    assert "Remove filter: Stage (Closed for bids)" in chosen


def test_zero_results_suggest_which_filter_to_remove(client, finder_page, catalogue):
    response = client.get(finder_page.url, {"q": "catering", "vcse": "1"})
    body = html(response)
    assert "No matching lots" in body
    assert "Remove “Suitable for VCSEs”</a>: you would see 3 lots" in body


def test_zero_result_suggestions_include_the_stage(client, finder_page, catalogue):
    response = client.get(finder_page.url, {"q": "helpdesk", "stage": "open"})
    body = html(response)
    assert response.status_code == 200
    # Removing the stage filter means every stage, so the closed helpdesk contract would show.
    assert "?q=helpdesk&amp;stage=open&amp;stage=pipeline&amp;stage=closed&amp;stage=awarded" in body
    assert "Remove “Stage”</a>: you would see 1 lot" in body
    follow = client.get(finder_page.url + "?q=helpdesk&stage=open&stage=pipeline&stage=closed&stage=awarded")
    assert "1 matching lot in 1 opportunity" in html(follow)


def test_unknown_values_are_ignored_with_a_message(client, finder_page, catalogue):
    response = client.get(finder_page.url, {"stage": ["open", "sideways"], "value": "lots", "cpv": "55"})
    body = html(response)
    assert response.status_code == 200
    assert "We ignored “sideways” in “Stage” because it is not one of the choices." in body
    assert "We ignored “lots” in “Lot value”" in body
    assert "2 matching lots in 1 opportunity" in body  # open + CPV 55: both school meals lots


def test_the_size_of_contract_filter_says_which_rules_apply_with_counts(client, finder_page, catalogue):
    body = html(client.get(finder_page.url))
    assert "Size of contract under the Procurement Act" in body
    assert "Below them, buyers use a simpler process and cannot shortlist suppliers before bids." in body
    options = re.findall(r'name="regime" type="checkbox" value="([^"]+)"\s*>\s*<label[^>]*>\s*([^<]+?) <span', body)
    assert options == [
        ("below-threshold", "Below the threshold: simpler process"),
        ("above-threshold", "Above the threshold: the Act’s full rules"),
        ("pcr-2015", "Older rules (begun before 24 February 2025)"),
    ]
    counts = re.findall(r'name="regime"[^>]*>\s*<label[^>]*>[^<]*<span class="finder-count">\((\d+)', body)
    assert counts == ["2", "2", "0"]

    chosen = html(client.get(finder_page.url, {"regime": "below-threshold"}))
    assert "2 matching lots in 2 opportunities" in chosen
    assert "Office cleaning" in chosen and "Kitchen refit" in chosen and "School meals" not in chosen
    assert "Remove filter: Size of contract under the Procurement Act (Below the threshold: simpler process)" in chosen

    older = html(client.get(finder_page.url, {"regime": "pcr-2015", "stage": "closed"}))
    assert "1 matching lot in 1 opportunity" in older and "IT helpdesk" in older


def test_unknown_sizes_of_contract_are_ignored_with_a_message(client, finder_page, catalogue):
    response = client.get(finder_page.url, {"regime": ["huge", "above-threshold", "<script>"]})
    body = html(response)
    assert "We ignored “huge”, “&lt;script&gt;” in “Size of contract under the Procurement Act”" in body
    assert "2 matching lots in 1 opportunity" in body  # the school meals lots, above the threshold


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("-3", "That page number does not exist"),
        ("abc", "That page number does not exist"),
        ("99999999999999999999", "That page number does not exist"),
        ("7", "There is only 1 page of results, so we are showing it."),
        # Past the 1000-page limit and past the last page: only the second is worth saying.
        ("5000", "There is only 1 page of results, so we are showing it."),
    ],
)
def test_bad_page_numbers_show_a_page_and_say_why(client, finder_page, catalogue, page, message):
    response = client.get(finder_page.url, {"page": page})
    assert response.status_code == 200
    assert message in html(response)
    assert "School meals" in html(response)
    assert html(response).count('class="govuk-inset-text"') == 1


def test_long_queries_are_cut_with_a_message(client, finder_page, catalogue):
    response = client.get(finder_page.url, {"q": "catering " + "x" * 10_000})
    body = html(response)
    assert response.status_code == 200
    assert f"only the first {MAX_QUERY_LENGTH} characters" in body
    assert 'value="catering"' in body  # the cut falls on a word boundary


def test_pagination_keeps_the_filters(client, finder_page, catalogue, monkeypatch):
    monkeypatch.setattr(FinderFilterSet, "per_page", 1)
    response = client.get(finder_page.url, {"sort": "closing", "sme": "1"})
    body = html(response)
    assert 'aria-label="Results pages"' in body
    assert "?sort=closing&amp;sme=1&amp;page=2" in body
    assert "School meals" in body and "Office cleaning" not in body


def test_every_search_costs_the_same_queries(client, finder_page, catalogue, organisation):
    """Keywords, filters with choices from the database, result size and a page past the end change nothing:
    Wagtail's routing and settings, one read of the index version and one of the page's lots."""
    searches = [
        {},
        {"q": "catering", "sme": "1", "cpv": "55", "location": "preston"},
        {"stage": ["open", "pipeline", "closed", "awarded"], "sort": "value"},
        {"buyer": organisation.slug, "theme": "local-jobs", "location": ["preston", "lancaster"]},
        {"q": "meals", "page": "99"},
        {"regime": ["below-threshold", "pcr-2015"], "sme": "1"},
    ]
    for params in searches:  # choices and keyword matches are read once per index version
        client.get(finder_page.url, params)
    counts = []
    for params in searches:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(finder_page.url, params)
        assert "finder-result" in html(response), params
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 11


PARAMETERS = ["q", "cpv", "location", "value", "unvalued", "stage", "closing", "sme", "vcse", "reserved", "buyer"]
PARAMETERS += ["theme", "regime", "procedure", "sort", "page"]
hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(['"', "'", "(", ")", "!", "&", "|", ":*", "<->", "\\", "%", "_", "\x00", "OR", "NOT", "-"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(PARAMETERS), st.lists(hostile_text, min_size=1, max_size=3)))
def test_any_parameters_give_a_page_never_an_error(client, finder_page, catalogue, params):
    response = client.get(finder_page.url, params)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "matching lot" in html(response)


def test_search_offers_alerts_prefilled_with_the_same_filters(client, finder_page, catalogue):
    body = html(client.get(finder_page.url, {"q": "catering", "sme": "1", "cpv": "55"}))
    link = re.search(r'href="(/alerts/subscribe/\?[^"]+)"', body)
    assert link, "the finder should offer email alerts for the search"
    subscribe = html(client.get(link.group(1).replace("&amp;", "&")))
    assert 'value="catering"' in subscribe


def test_a_page_past_the_end_shows_the_last_page(client, finder_page, catalogue, monkeypatch):
    monkeypatch.setattr(FinderFilterSet, "per_page", 1)
    response = client.get(finder_page.url, {"sort": "closing", "page": "50"})
    body = html(response)
    assert "There are only 3 pages of results, so we are showing the last one." in body
    assert 'aria-current="page">3<' in body


def test_a_result_words_its_closing_date_and_colours_its_stage_as_the_buyers_page_does(
    clock_at, client, finder_page, organisation
):
    from finder import indexing
    from opportunities.models import Stage

    from .conftest import make_opportunity

    clock_at("2027-03-01 09:00")
    deadline = datetime.datetime(2027, 3, 17, 17, 0, tzinfo=datetime.UTC)  # 5pm in March is 5pm in the UK
    make_opportunity(organisation, title="Window cleaning", stage=Stage.OPEN, submission_deadline=deadline, lots=[{}])
    indexing.rebuild()

    in_the_finder = html(client.get(finder_page.url))
    on_the_buyers_page = html(client.get(organisation.url))
    for body in (in_the_finder, on_the_buyers_page):
        assert "Closes Wednesday 17 March 2027 at 5pm" in body
    assert '<strong class="govuk-tag govuk-tag--green">Open for bids</strong>' in in_the_finder
