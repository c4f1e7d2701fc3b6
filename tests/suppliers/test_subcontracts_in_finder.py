"""Primes' subcontracts in the finder and in alerts: posted through the prime's link, found by the
finder's own rules, headed "Subcontract: via {prime}, for {anchor}", kept exact in every process's
bitmaps, and sent to a matching alert once per lot."""

import datetime
import re

import pytest

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alerts.models import Subscription
from finder import indexing
from finder.backends import bitmaps, get_backend
from finder.models import ExternalGroup, LotEntry
from finder.query import STAGES, SearchQuery
from portal import clock
from suppliers import finder_entries
from suppliers.models import Subcontract

from .test_subcontracts import award_of, post_form, prime_client

pytestmark = pytest.mark.both_databases


@pytest.fixture
def finder_page(home):
    from finder.models import FinderPage

    page = FinderPage(title="Find opportunities", slug="opportunities")
    home.add_child(instance=page)
    return page


@pytest.fixture
def make_subscription(db):
    def make(email, **fields):
        return Subscription.objects.create(email=email, confirmed_at=clock.now(), consent_text="I agree.", **fields)

    return make


@pytest.fixture
def prime(organisation):
    award = award_of(organisation)
    return award, prime_client(award)


@pytest.fixture
def post(prime, django_capture_on_commit_callbacks):
    """Post (or change) a subcontract as the prime, running what a commit queues (finder, alerts)."""
    award, client = prime

    def run(subcontract=None, **fields):
        url = (
            f"/suppliers/prime/subcontracts/{subcontract.pk}/edit/"
            if subcontract
            else f"/suppliers/prime/awards/{award.pk}/subcontracts/new/"
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, post_form(**fields))
        assert response.status_code == 302, response.content.decode()[:2000]
        return Subcontract.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))

    return run


def search(**fields):
    return get_backend("database").search(SearchQuery(**fields))


def assert_same_as_a_fresh_load():
    kept = bitmaps.current()
    fresh = bitmaps.load(kept.token)
    backend = get_backend("database")
    queries = [SearchQuery(), SearchQuery(text="bread"), SearchQuery(stage=tuple(STAGES), cpv=("15",), sort="closing")]
    try:
        for query in queries:
            bitmaps._current = kept
            from_kept = backend.search(query)
            bitmaps._current = fresh
            assert from_kept == backend.search(query), query
    finally:
        bitmaps._current = kept


def test_a_posted_subcontract_is_found_with_its_lots_and_headline(post, organisation):
    bitmaps.current()  # this process holds bitmaps from before: the post must reach them
    subcontract = post()
    results = search(text="bread schools")
    assert results.total_opportunities == 1 and results.total_lots == 2
    [hit] = results.hits
    assert hit.headline == f"Subcontract: via Big Facilities plc, for {organisation.title}"
    assert hit.source == "subcontract" and hit.opportunity_id < 0
    assert hit.url == f"/suppliers/subcontracts/{subcontract.pk}/"
    assert hit.stage == "open" and hit.submission_deadline == subcontract.deadline
    assert [(lot.number, lot.title) for lot in hit.lots] == [(1, "North schools"), (2, "South schools")]
    assert str(hit.lots[0].value) == "12000.00"
    assert {option.value: option.count for option in search(text="bread").facets["cpv"]} == {"15": 2}
    assert search(text="bread", buyer=(organisation.slug,)).total_lots == 2  # the anchor is its buyer
    assert_same_as_a_fresh_load()


def test_editing_and_deleting_a_subcontract_rewrites_and_removes_its_rows(post):
    subcontract = post()
    first_keys = set(LotEntry.objects.filter(source="subcontract").values_list("external_key", flat=True))
    lot_ids = list(subcontract.lots.order_by("number").values_list("pk", flat=True))
    bitmaps.current()
    post(
        subcontract,
        **{
            "lots-INITIAL_FORMS": "2",
            "lots-0-id": str(lot_ids[0]),
            "lots-0-title": "North schools and nurseries",
            "lots-1-id": str(lot_ids[1]),
            "lots-1-DELETE": "on",
        },
    )
    [hit] = search(text="bread").hits
    assert [lot.title for lot in hit.lots] == ["North schools and nurseries"]
    # The lot kept its key, so alerts know it was already sent.
    assert set(LotEntry.objects.filter(source="subcontract").values_list("external_key", flat=True)) < first_keys
    assert_same_as_a_fresh_load()


def test_deleting_a_subcontract_removes_its_rows(post, django_capture_on_commit_callbacks):
    subcontract = post()
    bitmaps.current()
    with django_capture_on_commit_callbacks(execute=True):
        subcontract.delete()
    assert search(text="bread").total_lots == 0
    assert not LotEntry.objects.filter(source="subcontract").exists()
    assert not ExternalGroup.objects.exists()
    assert_same_as_a_fresh_load()


def test_a_subcontract_is_open_until_its_deadline_then_closed(post, time_machine):
    subcontract = post()
    assert search(text="bread").total_lots == 2
    time_machine.move_to(subcontract.deadline + datetime.timedelta(minutes=1), tick=False)
    assert search(text="bread").total_lots == 0
    [hit] = search(text="bread", stage=("closed",)).hits
    assert hit.stage == "closed"


def test_a_rebuild_keeps_subcontracts(post):
    post()
    indexing.rebuild()
    assert search(text="bread").total_lots == 2
    assert ExternalGroup.objects.count() == 1


def test_the_finder_page_shows_a_subcontract_at_the_same_cost_as_an_opportunity(
    client, finder_page, post, prime, organisation
):
    subcontract = post()
    indexing.index_opportunity(prime[0].lot.opportunity_id)  # the anchor's own contract, "Schools catering"
    wanted = f"Subcontract: via Big Facilities plc, for {organisation.title}"
    counts = []
    for params in ({"q": "bread"}, {"q": "catering", "stage": list(STAGES)}, {"q": "bread"}):
        client.get(finder_page.url, params)  # keyword matches are remembered per process
        with CaptureQueriesContext(connection) as queries:
            page = client.get(finder_page.url, params).content.decode()
        counts.append(len(queries))
        assert "finder-result" in page, params
    assert len(set(counts)) == 1, counts
    page = client.get(finder_page.url, {"q": "bread"}).content.decode()
    assert wanted in page
    assert f'href="/suppliers/subcontracts/{subcontract.pk}/#lot-1"' in page
    detail = client.get(f"/suppliers/subcontracts/{subcontract.pk}/").content.decode()
    assert 'id="lot-1"' in detail and "sam@big.example" in detail


def test_a_matching_alert_gets_each_new_subcontract_lot_once(post, make_subscription):
    make_subscription(email="baker@example.org", search={"q": "bread", "cpv": ["15"]}, frequency="immediate")
    make_subscription(email="roofer@example.org", search={"q": "roofing"}, frequency="immediate")
    mail.outbox.clear()
    subcontract = post()
    [message] = [m for m in mail.outbox if "baker@example.org" in m.to]
    assert not [m for m in mail.outbox if "roofer@example.org" in m.to]
    assert "Subcontract: via Big Facilities plc" in message.body
    assert "North schools" in message.body and "South schools" in message.body
    assert f"/suppliers/subcontracts/{subcontract.pk}/#lot-1" in message.body
    manage = re.search(r"https?://[^/\s]+(/alerts/manage/\S+/)", message.body).group(1)
    listed = Client().get(manage).content.decode()
    assert "Fresh bread for 40 schools</a>: Lot 1: North schools" in listed

    mail.outbox.clear()
    lot_ids = list(subcontract.lots.order_by("number").values_list("pk", flat=True))
    post(
        subcontract,
        **{
            "lots-INITIAL_FORMS": "2",
            "lots-0-id": str(lot_ids[0]),
            "lots-1-id": str(lot_ids[1]),
            "lots-2-title": "East schools",
            "lots-2-division": "15",
        },
    )
    [message] = mail.outbox
    assert "East schools" in message.body
    assert "North schools" not in message.body and "South schools" not in message.body

    mail.outbox.clear()
    lot_ids = list(subcontract.lots.order_by("number").values_list("pk", flat=True))
    unchanged = {"lots-INITIAL_FORMS": "3", "lots-2-title": "East schools", "lots-2-division": "15"}
    post(subcontract, **unchanged, **{f"lots-{n}-id": str(pk) for n, pk in enumerate(lot_ids)})
    assert mail.outbox == []


def test_a_closed_subcontract_sends_no_alert(post, make_subscription, time_machine):
    make_subscription(email="baker@example.org", search={"q": "bread", "stage": ["closed"]}, frequency="immediate")
    subcontract = post()
    assert mail.outbox == [] or all("baker@example.org" not in m.to for m in mail.outbox)
    time_machine.move_to(subcontract.deadline + datetime.timedelta(hours=1), tick=False)
    finder_entries.refresh_subcontract.enqueue(subcontract.pk)  # rewritten after its deadline
    assert search(text="bread", stage=("closed",)).total_lots == 2
    assert all("baker@example.org" not in m.to for m in mail.outbox)


def test_the_feed_and_the_api_name_a_subcontract(client, finder_page, post):
    subcontract = post()
    [result] = client.get("/api/opportunities/", {"q": "bread"}).json()["results"]
    assert result["kind"] == "subcontract" and result["headline"].startswith("Subcontract: via Big Facilities plc")
    assert result["url"].endswith(f"/suppliers/subcontracts/{subcontract.pk}/")
    feed = client.get("/opportunities/feed/", {"q": "bread"}).content.decode()
    assert "Subcontract: via Big Facilities plc" in feed


def test_renaming_the_anchor_renames_its_subcontracts_in_the_finder(
    post, organisation, django_capture_on_commit_callbacks
):
    post()
    organisation.title, organisation.slug = "Northshire Council", "northshire-council"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save_revision().publish()
    [hit] = search(text="bread").hits
    assert hit.buyer_name == "Northshire Council"
    assert hit.headline.endswith("for Northshire Council")
    assert search(text="bread", buyer=("northshire-council",)).total_lots == 2
    assert_same_as_a_fresh_load()
