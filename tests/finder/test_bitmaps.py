"""The database backend's in-memory bitmaps (finder.backends.bitmaps) follow the search table exactly."""

import datetime
import random
import sys
import threading
from decimal import Decimal

import pytest

from django.utils import timezone

from finder import indexing
from finder.backends import bitmaps, get_backend
from finder.models import IndexVersion
from finder.query import STAGES, SearchQuery
from opportunities.factories import LotFactory, OpportunityPageFactory
from opportunities.models import OpportunityPage, Procedure
from portal.models import Location

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


load_from_scratch = bitmaps.load  # the tests below count the finder's own calls
QUERIES = [
    SearchQuery(),
    SearchQuery(stage=tuple(STAGES), sort="closing", per_page=2),
    SearchQuery(stage=tuple(STAGES), sort="value", per_page=2, page=2),
    SearchQuery(stage=tuple(STAGES), sort="newest", sme=True),
    SearchQuery(text="cleaning", stage=tuple(STAGES)),
    SearchQuery(text="catering", value=("under-25k", "25k-100k"), closing=30),
    SearchQuery(stage=("open",), unvalued="exclude", location=("preston",), sort="closing"),
    SearchQuery(stage=tuple(STAGES), theme=("local-jobs",), vcse=True, reserved="vcse"),
    SearchQuery(stage=("closed", "awarded"), procedure=(Procedure.BELOW_THRESHOLD_OPEN,), sort="value"),
    SearchQuery(text="kitchen", stage=tuple(STAGES), cpv=("55", "90")),
    SearchQuery(stage=("open", "closed"), sort="closing", per_page=3, page=2),
]


def external_item(rng, now, number):
    """A random item from another source (as suppliers writes primes' subcontracts)."""
    return indexing.ExternalItem(
        title=rng.choice(["Kitchen fitting", "Cleaning the depot", "Painting"]),
        url=f"/elsewhere/{number}/",
        headline="Subcontract: via Big Builder Ltd, for Test Council",
        deadline=now + datetime.timedelta(days=rng.randint(-3, 20)),
        published=now - datetime.timedelta(days=rng.choice([0, 1, 2])),
        lots=[
            indexing.ExternalLot(
                key=f"test-lot:{number}-{lot}",
                number=lot,
                title=rng.choice(["Kitchen units", "Deep cleaning", "Walls"]),
                value=rng.choice([None, Decimal("5000"), Decimal("150000")]),
                cpv_divisions=tuple(rng.sample(["55", "90", "45"], rng.randint(0, 2))),
            )
            for lot in range(1, rng.randint(1, 4))
        ],
    )


def assert_same_as_a_fresh_load():
    """Every query gives the same results from the process's bitmaps as from bitmaps loaded afresh."""
    kept = bitmaps.current()
    fresh = load_from_scratch(kept.token)
    backend = get_backend("database")
    try:
        for query in QUERIES:
            bitmaps._current = kept
            from_kept = backend.search(query)
            bitmaps._current = fresh
            assert from_kept == backend.search(query), query
    finally:
        bitmaps._current = kept
    return kept


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_changes_are_applied_to_the_bitmaps_as_a_reload_would_see_them(
    seed, catalogue, organisation, other_organisation, monkeypatch, django_capture_on_commit_callbacks
):
    """Random publishes, edits, unpublishes, deletes and renames: after each, the bitmaps the process keeps
    (changed in place of a reload) answer every query exactly as bitmaps loaded from scratch."""
    monkeypatch.setattr(bitmaps, "CHECKPOINT", 2)  # many running "due by" bitmaps to keep right
    rng = random.Random(seed)
    now = timezone.now()
    preston, lancaster = Location.objects.get(slug="preston"), Location.objects.get(slug="lancaster")
    assert_same_as_a_fresh_load()
    loads = []
    monkeypatch.setattr(bitmaps, "load", lambda token, real=bitmaps.load: loads.append(token) or real(token))
    monkeypatch.setattr(bitmaps, "MOST_DEAD", 100)  # this catalogue is tiny: keep changing it in place

    def publish_new():
        page = OpportunityPageFactory(
            parent=rng.choice([organisation, other_organisation]),
            title=rng.choice(["Cleaning depots", "Catering for events", "Grass cutting"]),
            slug=f"change-{rng.random():.12f}"[:50].replace(".", ""),
            live=False,
            submission_deadline=rng.choice([None, now + datetime.timedelta(days=rng.randint(-5, 45))]),
            published_date=now - datetime.timedelta(days=rng.choice([0, 1, 1, 3])),
            procedure=rng.choice([Procedure.OPEN, Procedure.BELOW_THRESHOLD_OPEN]),
            value_min=None,
            value_max=None,
        )
        page.locations.set(rng.sample([preston, lancaster], rng.randint(0, 2)))
        for number in range(1, rng.randint(1, 5)):
            top = rng.choice([None, Decimal("9000"), Decimal("60000"), Decimal("60000"), Decimal("700000")])
            LotFactory(
                opportunity=page,
                number=number,
                title=f"Lot {number} cleaning",
                value_min=None,
                value_max=top,
                suitable_for_sme=rng.random() < 0.5,
                suitable_for_vcse=rng.random() < 0.3,
                reserved=rng.choice(["", "", "sme", "vcse"]),
            )
        page.save_revision().publish()

    def live_page():
        return OpportunityPage.objects.live().order_by("pk")[rng.randrange(OpportunityPage.objects.live().count())]

    def edit():
        page = live_page()
        lot = page.lots.order_by("?").first()
        if lot:
            lot.value_max = rng.choice([None, Decimal("20000"), Decimal("800000")])
            lot.suitable_for_sme = not lot.suitable_for_sme
            lot.save()
        page.submission_deadline = now + datetime.timedelta(days=rng.randint(-3, 20))
        page.save_revision().publish()

    def unpublish():
        live_page().unpublish()

    def delete():
        live_page().delete()

    def rename():
        location = rng.choice([preston, lancaster])
        location.name = f"{location.name} area"
        location.save()

    externals = []

    def write_external():
        """A new external item, or a change to one (its lots may all go)."""
        if externals and rng.random() < 0.5:
            key = rng.choice(externals)
        else:
            key = len(externals) + 1
            externals.append(key)
        indexing.write_external("test", key, external_item(rng, now, key))

    def remove_external():
        if externals:
            indexing.write_external("test", externals.pop(rng.randrange(len(externals))), None)

    steps = [publish_new] * 4 + [edit] * 3 + [unpublish, delete, rename] + [write_external] * 3 + [remove_external]
    for _ in range(16):
        step = rng.choice(steps)
        with django_capture_on_commit_callbacks(execute=True):
            step()
        kept = assert_same_as_a_fresh_load()
    assert loads == []  # every change was applied, none reloaded the table
    assert kept.dead > 0


def test_the_table_is_reloaded_once_dead_rows_pass_the_limit(
    catalogue, window_cleaning, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        window_cleaning.save_revision().publish()
    index = bitmaps.current()
    assert index.size == 8 and index.dead == 0
    window_cleaning.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        window_cleaning.save_revision().publish()  # 2 of 10 rows dead: changed in place
    index = bitmaps.current()
    assert (index.size, index.dead) == (10, 2)
    with django_capture_on_commit_callbacks(execute=True):
        window_cleaning.save_revision().publish()  # 4 of 12 would pass a quarter: reloaded
    index = bitmaps.current()
    assert (index.size, index.dead) == (8, 0)
    assert_same_as_a_fresh_load()


def test_threads_sharing_remembered_matches_do_not_trip_over_each_other(monkeypatch):
    """A threaded web server shares one process's bitmaps between requests. Remembering and forgetting
    matches from eight threads at once once raised "dictionary changed size during iteration"."""
    monkeypatch.setattr(bitmaps, "KEYWORD_MATCHES", 2)
    index = bitmaps.Bitmaps("token", [], [])
    errors = []

    def search(seed):
        rng = random.Random(seed)
        try:
            for _ in range(5000):
                index.remember(rng.choice("abcdef"), lambda opportunity_ids=None: (0, ((), ())))
        except RuntimeError as error:
            errors.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to meet the race
    try:
        threads = [threading.Thread(target=search, args=(seed,)) for seed in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert len(index.keyword_matches) == 2
