"""The database backend's in-memory bitmaps (finder.backends.bitmaps) follow the search table exactly."""

import datetime

import pytest

from django.utils import timezone

from finder.backends import bitmaps, get_backend
from finder.models import IndexVersion
from finder.query import SearchQuery
from opportunities.factories import LotFactory, OpportunityPageFactory

pytestmark = pytest.mark.django_db


def counts(results, facet):
    return {option.value: option.count for option in results.facets[facet]}


@pytest.fixture
def window_cleaning(organisation):
    """An unpublished opportunity with two SME lots, one of them under £25,000."""
    page = OpportunityPageFactory(
        parent=organisation,
        title="Window cleaning",
        live=False,
        submission_deadline=timezone.now() + datetime.timedelta(days=5),
        value_min=None,
        value_max=None,
    )
    LotFactory(opportunity=page, number=1, title="Window cleaning for schools", value_max=20_000, suitable_for_sme=True)
    LotFactory(opportunity=page, number=2, title="Window cleaning for offices", value_max=90_000, suitable_for_sme=True)
    return page


def test_bitmaps_are_kept_while_the_index_is_unchanged(catalogue, django_assert_num_queries):
    first = bitmaps.current()
    with django_assert_num_queries(1):  # the version token only
        assert bitmaps.current() is first
    IndexVersion.bump()
    assert bitmaps.current() is not first


def test_publishing_and_unpublishing_change_counts_and_keyword_matches(
    catalogue, window_cleaning, django_capture_on_commit_callbacks
):
    backend = get_backend("database")
    before = backend.search(SearchQuery(sme=True))
    assert backend.search(SearchQuery(text="window")).total_lots == 0  # remembered for this index version

    with django_capture_on_commit_callbacks(execute=True):
        window_cleaning.save_revision().publish()
    after = backend.search(SearchQuery(sme=True))
    assert after.total_lots == before.total_lots + 2
    assert after.total_opportunities == before.total_opportunities + 1
    assert counts(after, "value")["under-25k"] == counts(before, "value")["under-25k"] + 1
    assert counts(after, "closing")["7"] == counts(before, "closing")["7"] + 2
    found = backend.search(SearchQuery(text="window"))
    assert [hit.title for hit in found.hits] == ["Window cleaning"]

    window_cleaning.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        window_cleaning.unpublish()
    assert backend.search(SearchQuery(sme=True)).total_lots == before.total_lots
    assert backend.search(SearchQuery(text="window")).total_lots == 0


def test_keyword_matches_are_remembered_up_to_a_limit(catalogue, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(bitmaps, "KEYWORD_MATCHES", 2)
    backend = get_backend("database")
    for text in ["catering", "cleaning", "helpdesk"]:
        backend.search(SearchQuery(text=text, sort="closing"))
    assert len(bitmaps.current().keyword_matches) == 2
    with django_assert_num_queries(2):  # the version token and the page's lots: the match is remembered
        backend.search(SearchQuery(text="helpdesk", sort="closing", stage=("closed",)))


def test_opportunity_counts_and_pages_take_whole_opportunities(catalogue):
    index = bitmaps.current()
    lots = index.all
    assert index.opportunity_count(lots) == len(index.groups)
    assert index.opportunity_count(0) == 0
    first_rows = bitmaps.to_bits((first for first, _ in index.groups.values()), index.size)
    assert index.opportunity_count(first_rows) == len(index.groups)
    newest = index.page(lots, "newest", 0, 100)
    assert sorted(newest) == sorted(index.groups)
    assert index.page(lots, "newest", 1, 2) == newest[1:3]
