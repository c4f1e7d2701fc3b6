"""Which subscriptions some new lots match, and why.

A subscription is a saved finder search (`Subscription.search`, the finder's own parameters), and it
matches exactly the lots the finder would show for that search: `finder.matching.LotMatcher` applies
the finder's rules to the given lots only. Subscriptions asking for the same search share one answer,
so the work grows with the number of distinct searches, and each distinct filter value and keyword is
worked out once for all of them (docs/alerts.md says what that costs at scale).
"""

import json
import logging
from array import array
from collections import defaultdict
from functools import partial

from django.db.models import TextField
from django.db.models.functions import Cast

from finder.backends import SearchUnavailable, get_backend
from finder.filters import query_from_values
from finder.matching import LotMatcher
from portal import clock

from .bitmaps import positions

logger = logging.getLogger(__name__)


class Match:
    """One subscription a lot matches. Its reasons are written when first read (when the match is recorded
    in the ledger), and shared by every subscription with the same search."""

    __slots__ = ("subscription_id", "lot_id", "_reasons", "_explain")

    def __init__(self, subscription_id, lot_id, reasons=None, explain=None):
        self.subscription_id = subscription_id
        self.lot_id = lot_id
        self._reasons = reasons
        self._explain = explain

    def __repr__(self):
        return f"Match(subscription_id={self.subscription_id}, lot_id={self.lot_id})"

    @property
    def reasons(self):
        if self._reasons is None:
            self._reasons = self._explain()
        return self._reasons


class Matches:
    """The matches of some lots, held as each matching search's bitset of lots and its subscriptions' ids
    (no object per match). Counting them is free; iterating yields a `Match` per subscription and lot,
    search by search."""

    def __init__(self, matcher, queries, found):
        self.matcher = matcher
        self.queries = queries  # [SearchQuery, ...]
        self.found = found  # [(search number, bitset of the matcher's lots, array of subscription ids)]
        self.explained = {}

    def __len__(self):
        return sum(bits.bit_count() * len(ids) for _, bits, ids in self.found)

    def __iter__(self):
        lot_ids = self.matcher.lot_ids
        for number, bits, ids in self.found:
            for lot in positions(bits):
                explain = partial(self.reasons, lot, number)
                for subscription_id in ids:
                    yield Match(subscription_id, lot_ids[lot], explain=explain)

    def reasons(self, lot, number):
        """Why, shared by every subscription with the same search (a copy each: the ledger stores them)."""
        key = (lot, number)
        if key not in self.explained:
            self.explained[key] = self.matcher.reasons(self.queries[number], lot)
        return list(self.explained[key])


def searches_of(subscriptions):
    """{stored search as JSON text: [subscription ids]}; the JSON is read as text so that each distinct
    search is decoded once, however many subscriptions share it."""
    found = defaultdict(list)
    rows = subscriptions.order_by().values_list("id", Cast("search", TextField())).iterator(chunk_size=5000)
    for subscription_id, text in rows:
        found[text].append(subscription_id)
    return found


def match_lots(lot_ids, subscriptions=None, now=None, external_keys=()):
    """The active subscriptions (or those of the queryset given) that each of the lots matches; lots of
    other sources are given by their keys (`external_keys`) and matched as `Match.lot_id` by them."""
    from .models import Subscription

    subscriptions = Subscription.objects.active() if subscriptions is None else subscriptions
    now = now or clock.now()
    matcher = LotMatcher(lot_ids, now=now, external_keys=external_keys)
    searches = searches_of(subscriptions)
    queries = [query_from_values(json.loads(text or "{}"), now=now) for text in searches]
    answers = percolated(matcher, queries, lot_ids, external_keys)
    if answers is None:
        matcher.prepare({query.text for query in queries if query.text})
    found = []
    for number, (query, ids) in enumerate(zip(queries, searches.values(), strict=True)):
        bits = matcher.matches(query) if answers is None else answers[number]
        if bits:
            found.append((number, bits, array("q", ids)))
    return Matches(matcher, queries, found)


def percolated(matcher, queries, lot_ids, external_keys=()):
    """With the finder on Elasticsearch, each query's lots as Elasticsearch finds them (its percolator), as
    bitsets over the matcher's lots; None on the database backend, or when the cluster cannot answer (the
    finder then answers from the database too)."""
    backend = get_backend()
    if backend.name != "elasticsearch":
        return None
    try:
        found = backend.percolate(queries, lot_ids, external_keys)
    except SearchUnavailable as error:
        logger.warning("Alerts: Elasticsearch is unavailable (%s); matching with the database instead.", error)
        return None
    bit_of = {lot_id: 1 << i for i, lot_id in enumerate(matcher.lot_ids)}
    return [sum(bit_of.get(lot_id, 0) for lot_id in lots) for lots in found]


def subscribers_for_event(organisation_ids, location_ids, cpv_divisions):
    """Active subscriptions that opted in to events and whose search fits an event.

    The events app calls this when a Meet the Buyer event is published. An event is compared on the
    filters it shares with a search: its organisers (the search's buyers), its places (the search's
    locations) and the CPV divisions it is about. A filter the event says nothing about is not used;
    keywords and the lot filters (value, stage, business type…) never are (an event has no lots).
    """
    from portal.models import Location, OrganisationPage

    from .models import Subscription

    buyers = set(OrganisationPage.objects.filter(pk__in=organisation_ids or ()).values_list("slug", flat=True))
    places = set(Location.objects.filter(pk__in=location_ids or ()).values_list("slug", flat=True))
    divisions = {str(d)[:2] for d in cpv_divisions or ()}
    fitting = []
    for text, ids in searches_of(Subscription.objects.active().filter(wants_events=True)).items():
        search = json.loads(text or "{}")
        if buyers and search.get("buyer") and not buyers & set(search["buyer"]):
            continue
        if places and search.get("location") and not places & set(search["location"]):
            continue
        if divisions and search.get("cpv") and not divisions & set(search["cpv"]):
            continue
        fitting.extend(ids)
    return list(Subscription.objects.filter(pk__in=fitting).order_by("pk"))
