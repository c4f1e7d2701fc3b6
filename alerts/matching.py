"""Which subscriptions a lot matches, and why: bitmaps of subscriptions per criterion value, ANDed and ORed.

The rules are in docs/alerts.md. In short, a subscription matches a lot when every criterion it has is
met (keywords, CPV, places, supplier type, buyer, largest lot value); within one criterion any of its
values will do.

Each subscription has a position (its rank by id), and each criterion value the bitmap (a Python int,
see bitmaps.py) of the subscriptions asking for it. A lot's matches are the AND, over the criteria, of
the OR of the bitmaps for the lot's values and the bitmap of the subscriptions not using that criterion,
ANDed with the subscriptions whose value limit the lot is within. Each OR or AND runs in C over N/8
bytes, so a lot costs up to a few hundred such operations plus a step per match, with no Python-level
step per subscription (docs/alerts.md says what that means at scale). Reasons are written by `explain`,
the whole rule book, when a match is first read.
"""

import gc
import json
from array import array
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache, partial
from itertools import chain
from operator import attrgetter

from django.db.models import TextField
from django.db.models.functions import Cast

from .bitmaps import from_positions, pick, positions, union_of_positions
from .criteria import GROUP_NAMES, SME, SUPPLIER_GROUPS, VCSE, cpv_label, cpv_prefix, keyword_phrases, money, terms

DIMENSIONS = ("keywords", "cpv", "locations", "groups", "buyer")


@contextmanager
def cyclic_gc_paused():
    """Pause Python's cycle collector while loading profiles and building the index.

    Both allocate hundreds of thousands of small objects that hold no reference cycles; with the collector
    on, each new generation of them makes it rescan all the older ones, which cost more than the building.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class Place:
    id: int
    name: str
    is_region: bool
    region_id: int | None


class Places:
    """Regions and local areas, so that "North West" and "Northshire" (inside it) match each other."""

    def __init__(self, places):
        self.by_id = {place.id: place for place in places}
        self.reasons = {}  # (wanted, delivered) -> reason: many matches share a few place pairs
        self.areas_of = defaultdict(set)
        for place in places:
            if place.region_id:
                self.areas_of[place.region_id].add(place.id)

    @classmethod
    def load(cls):
        from portal.models import Location

        rows = Location.objects.values_list("id", "name", "kind", "region_id")
        return cls([Place(id, name, kind == Location.Kind.REGION, region_id) for id, name, kind, region_id in rows])

    def expand(self, ids):
        """The places a lot delivered in `ids` counts as being in: each place, its region and its areas."""
        expanded = set(ids)
        for place_id in ids:
            place = self.by_id.get(place_id)
            if place is None:
                continue
            if place.region_id:
                expanded.add(place.region_id)
            if place.is_region:
                expanded |= self.areas_of.get(place_id, set())
        return expanded

    def name(self, place_id):
        place = self.by_id.get(place_id)
        return place.name if place else "an area that no longer exists"

    def delivery_reason(self, wanted, delivered):
        """Why a subscriber's place `wanted` fits a lot delivered in `delivered` (None if it does not)."""
        key = (wanted, delivered)
        if key not in self.reasons:
            self.reasons[key] = self._delivery_reason(wanted, delivered)
        return self.reasons[key]

    def _delivery_reason(self, wanted, delivered):
        if wanted in delivered:
            return f"delivery in {self.name(wanted)}"
        for place_id in delivered:
            place = self.by_id.get(place_id)
            if place and place.region_id == wanted:
                return f"delivery in {place.name}, in {self.name(wanted)}"
            if place and place.is_region and self.by_id.get(wanted) and self.by_id[wanted].region_id == place_id:
                return f"delivery across {place.name}, which includes {self.name(wanted)}"
        return None


# Profiles repeat the same few thousand keyword texts, code lists and business types: parse each once.
@lru_cache(maxsize=65536)
def parsed_keywords(keywords):
    return tuple(keyword_phrases(keywords))


@lru_cache(maxsize=65536)
def parsed_cpv_prefixes(codes):
    return tuple(dict.fromkeys(p for p in (cpv_prefix(c) for c in codes) if p))


@lru_cache(maxsize=1024)
def supplier_groups(supplier_types):
    return frozenset(SUPPLIER_GROUPS[t] for t in supplier_types if t in SUPPLIER_GROUPS)


# The JSON lists are read from the database as text, so that each distinct text is decoded once.
@lru_cache(maxsize=65536)
def cpv_prefixes_from_json(text):
    return parsed_cpv_prefixes(tuple(json.loads(text or "[]")))


@lru_cache(maxsize=1024)
def supplier_groups_from_json(text):
    return supplier_groups(tuple(json.loads(text or "[]")))


@dataclass(frozen=True, slots=True)
class Profile:
    """What one subscription asks for, in the form the matcher reads."""

    id: int
    phrases: tuple = ()  # ((shown, frozenset of terms), ...)
    cpv_prefixes: tuple = ()
    location_ids: frozenset = frozenset()
    groups: frozenset = frozenset()
    buyer_id: int | None = None
    max_value: Decimal | None = None

    @classmethod
    def from_fields(cls, id, keywords="", cpv_prefixes=(), location_ids=(), supplier_types=(), buyer_id=None, **extra):
        return cls(
            id=id,
            phrases=parsed_keywords(keywords or ""),
            cpv_prefixes=parsed_cpv_prefixes(tuple(cpv_prefixes or ())),
            location_ids=frozenset(location_ids or ()),
            groups=supplier_groups(tuple(supplier_types or ())),
            buyer_id=buyer_id,
            max_value=extra.get("max_value"),
        )


# What a profile is filed under in each criterion's posting lists, from the profile attribute named
# (nothing: the profile does not use that criterion).
FILED_UNDER = {
    "keywords": ("phrases", lambda phrases: [words for _, words in phrases]),
    "cpv": ("cpv_prefixes", tuple),
    "locations": ("location_ids", tuple),
    "groups": ("groups", tuple),
    "buyer": ("buyer_id", lambda buyer_id: () if buyer_id is None else (buyer_id,)),
}


@dataclass(frozen=True, slots=True)
class LotFacts:
    """What the matcher needs to know about one lot (falling back to its opportunity where the lot is silent)."""

    id: int
    opportunity_id: int
    buyer_id: int | None = None
    buyer_name: str = ""
    cpv_codes: tuple = ()
    location_ids: frozenset = frozenset()
    terms: frozenset = frozenset()
    value_min: Decimal | None = None
    value_max: Decimal | None = None
    groups: frozenset = frozenset()
    reserved: str = ""

    def cpv_keys(self):
        """Every prefix of every code: a subscription for 72, 722 or 72212000 finds 72212100."""
        return {code[:length] for code in self.cpv_codes for length in range(2, len(code.rstrip("0")) + 1)} | {
            code[:2] for code in self.cpv_codes
        }


def lot_groups(suitable_for_sme, suitable_for_vcse, reserved):
    """Which supplier groups can bid: a reserved lot is open to its group only."""
    if reserved in (SME, VCSE):
        return frozenset({reserved})
    return frozenset(group for group, flag in ((SME, suitable_for_sme), (VCSE, suitable_for_vcse)) if flag)


def load_lot_facts(lot_ids):
    """LotFacts for the given lots, in six queries whatever their number.

    Reads plain values, not model instances: building a Wagtail page object per lot cost more than the
    matching of that lot.
    """
    from opportunities.models import Lot, OpportunityPage

    lots = list(
        Lot.objects.filter(pk__in=lot_ids)
        .order_by("sort_order", "pk")
        .values_list(
            "pk",
            "opportunity_id",
            "title",
            "description",
            "value_min",
            "value_max",
            "suitable_for_sme",
            "suitable_for_vcse",
            "reserved",
        )
    )
    ids = [row[0] for row in lots]
    opportunity_ids = {row[1] for row in lots}
    opportunities = {
        row[0]: row[1:]
        for row in OpportunityPage.objects.filter(pk__in=opportunity_ids).values_list(
            "pk", "title", "summary", "buyer_id", "buyer__title", "main_cpv__code"
        )
    }
    lot_codes = grouped(Lot.cpv_codes.through.objects.filter(lot_id__in=ids), "lot_id", "cpvcode__code")
    lot_places = grouped(Lot.locations.through.objects.filter(lot_id__in=ids), "lot_id", "location_id")
    through = OpportunityPage.additional_cpv.through.objects.filter(opportunitypage_id__in=opportunity_ids)
    opportunity_codes = grouped(through, "opportunitypage_id", "cpvcode__code")
    through = OpportunityPage.locations.through.objects.filter(opportunitypage_id__in=opportunity_ids)
    opportunity_places = grouped(through, "opportunitypage_id", "location_id")
    facts = []
    for id, opportunity_id, title, description, value_min, value_max, sme, vcse, reserved in lots:
        opportunity_title, summary, buyer_id, buyer_name, main_cpv = opportunities[opportunity_id]
        codes = lot_codes.get(id)
        if not codes:
            codes = ([main_cpv] if main_cpv else []) + opportunity_codes.get(opportunity_id, [])
        places = lot_places.get(id) or opportunity_places.get(opportunity_id, ())
        facts.append(
            LotFacts(
                id=id,
                opportunity_id=opportunity_id,
                buyer_id=buyer_id,
                buyer_name=buyer_name or "",
                cpv_codes=tuple(dict.fromkeys(codes)),
                location_ids=frozenset(places),
                terms=frozenset(terms(" ".join([title, description, opportunity_title, summary]))),
                value_min=value_min,
                value_max=value_max,
                groups=lot_groups(sme, vcse, reserved),
                reserved=reserved,
            )
        )
    return facts


def grouped(through, key, value):
    """{key: [value, ...]} from the rows of a many-to-many table, values in order (one query)."""
    found = defaultdict(list)
    for k, v in through.order_by(key, value).values_list(key, value):
        found[k].append(v)
    return found


def load_profiles(subscriptions):
    """Profiles for a queryset of subscriptions, in two queries whatever its size."""
    from .models import Subscription

    # The JSON lists come as text so that the many identical ones are decoded once.
    rows = subscriptions.values_list(
        "id",
        "keywords",
        Cast("cpv_prefixes", TextField()),
        Cast("supplier_types", TextField()),
        "buyer_id",
        "max_lot_value",
    ).iterator(chunk_size=5000)
    places = defaultdict(list)
    through = Subscription.locations.through.objects.filter(subscription__in=subscriptions)
    for subscription_id, location_id in through.values_list("subscription_id", "location_id").iterator(5000):
        places[subscription_id].append(location_id)
    # What from_fields does, with each distinct text parsed once: this runs once per subscription.
    return [
        Profile(
            id,
            parsed_keywords(keywords or ""),
            cpv_prefixes_from_json(cpv),
            frozenset(places.get(id, ())),
            supplier_groups_from_json(types),
            buyer_id,
            max_value,
        )
        for id, keywords, cpv, types, buyer_id, max_value in rows
    ]


cached_cpv_label = lru_cache(maxsize=4096)(cpv_label)


@lru_cache(maxsize=4096)
def value_reason(limit, value_min, value_max):
    """None when the lot's lowest value is over the limit; "" when there is nothing to say; else the reason."""
    lowest = value_min if value_min is not None else value_max
    if limit is None or lowest is None:
        return ""
    if lowest > limit:
        return None
    if value_max is None or value_min is None or value_min == value_max:
        return f"lot value {money(lowest)} is within your limit"
    if value_max <= limit:
        return f"lot value {money(value_min)} to {money(value_max)} is within your limit"
    return f"lot value starts at {money(value_min)}, within your limit"


def explain(profile, lot, places):
    """The reasons `lot` matches `profile`, or None if it does not. This is the whole rule book."""
    reasons = []
    if profile.phrases:
        shown = next((shown for shown, words in profile.phrases if words <= lot.terms), None)
        if shown is None:
            return None
        reasons.append(f"mentions “{shown}”")
    if profile.cpv_prefixes:
        prefix = next((p for p in profile.cpv_prefixes if any(code.startswith(p) for code in lot.cpv_codes)), None)
        if prefix is None:
            return None
        reasons.append(cached_cpv_label(prefix))
    if profile.location_ids:
        reason = next(
            (r for r in (places.delivery_reason(p, lot.location_ids) for p in sorted(profile.location_ids)) if r),
            None,
        )
        if reason is None:
            return None
        reasons.append(reason)
    value = value_reason(profile.max_value, lot.value_min, lot.value_max)
    if value is None:
        return None
    if value:
        reasons.append(value)
    if profile.groups:
        group = next((g for g in (SME, VCSE) if g in profile.groups and g in lot.groups), None)
        if group is None:
            return None
        reasons.append(f"{'reserved' if lot.reserved == group else 'suitable'} for {GROUP_NAMES[group]}")
    if profile.buyer_id is not None:
        if profile.buyer_id != lot.buyer_id:
            return None
        reasons.append(f"from {lot.buyer_name}")
    return reasons


class Match:
    """One subscription a lot matches. Its reasons are written when first read (when the match is recorded
    in the ledger): finding a match costs well under a microsecond, writing why about 20."""

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
            self._reasons = self._explain(self.subscription_id)
        return self._reasons


def positions_array(positions):
    """Positions as 4-byte machine integers: a list would hold a 36-byte int object per match."""
    return array("i", positions)


class Matches:
    """The matches for some lots, held as each lot's subscriptions' positions in the index (in id order)
    rather than one object each.

    Counting them is free; iterating yields `Match` objects in lot order, then subscription order, looking
    up each subscription's id as its `Match` is made.
    """

    __slots__ = ("index", "found")

    def __init__(self, index, found):
        self.index = index
        self.found = found  # [(LotFacts, increasing positions in index.ids), ...]

    def __len__(self):
        return sum(len(found) for _, found in self.found)

    def __iter__(self):
        ids = self.index.ids
        for lot, found in self.found:
            why = partial(self.index.reasons, lot)
            for position in found:
                yield Match(ids[position], lot.id, explain=why)


def lowest_value(lot):
    """The value a lot is compared with a limit on: its minimum, or its maximum if it has no minimum."""
    return lot.value_min if lot.value_min is not None else lot.value_max


# Posting lists are kept as bitmaps, largest first, until they take this much memory; see bitmap_threshold.
BITMAP_BUDGET = 32 * 2**20


def bitmap_threshold(lengths, size, budget=BITMAP_BUDGET):
    """The length from which a posting list is kept as a bitmap rather than a list of positions.

    A bitmap costs size/8 bytes however few its members, so the longest lists become bitmaps until they
    would take more than `budget` bytes; but every list holding at least 1/256 of the subscriptions is
    one, which costs at most 32 bytes per (subscription, value) pair, within a small factor of the list.
    """
    room = budget // max((size + 7) // 8, 1)
    longest = sorted(lengths, reverse=True)
    return min(max(size // 256, 1), longest[room] + 1 if room < len(longest) else 1)


class Postings:
    """One criterion's posting lists: criterion value -> the positions of the subscriptions asking for it.

    Lists of at least `dense_from` positions are held as bitmaps, so that a lot's union is a few C-speed
    ORs (a microsecond each); shorter ones stay lists, whose bits are set when a lot needs them.
    """

    def __init__(self, lists, size, dense_from):
        self.size = size
        self.bitmaps = {key: from_positions(found, size) for key, found in lists.items() if len(found) >= dense_from}
        self.lists = {key: found for key, found in lists.items() if len(found) < dense_from}

    def union(self, keys):
        """The bitmap of the subscriptions asking for any of `keys`."""
        found, rare = 0, []
        for key in keys:
            bitmap = self.bitmaps.get(key)
            if bitmap is not None:
                found |= bitmap
            elif key in self.lists:
                rare.append(self.lists[key])
        if rare:
            found |= union_of_positions(rare, self.size)
        return found


def file_phrases(phrases):
    """{word: the phrases filed under it}: each phrase under its word that fewest phrases use.

    A lot checks the phrases filed under each of its words, so each phrase at most once; filing under the
    least used word (rather than, say, the first in alphabetical order) keeps the phrases under a common
    word, which most lots mention, few.
    """
    used = Counter(chain.from_iterable(phrases))
    filed = defaultdict(set)
    for words in phrases:
        filed[min(words, key=lambda word: (used[word], word))].add(words)
    return filed


class SubscriptionIndex:
    """For each criterion, the subscriptions asking for each value, as bitmaps over the subscriptions.

    A subscription's position is its rank by id, so a bitmap decodes to ids in order. A lot's matches are
    the AND, over the criteria, of (the OR of the bitmaps for the lot's values in that criterion | the
    subscriptions not using that criterion), ANDed with the subscriptions whose value limit the lot is
    within. Every step is exact: nothing is verified afterwards.
    """

    def __init__(self, profiles, places, dense_from=None):
        self.places = places
        # Positions follow ids, so that decoded matches come out in subscription order.
        profiles = sorted(profiles, key=attrgetter("id"))
        self.ids = [profile.id for profile in profiles]
        self.profiles = dict(zip(self.ids, profiles, strict=True))
        size = len(profiles)
        self.everyone = (1 << size) - 1
        lists = {dimension: defaultdict(list) for dimension in DIMENSIONS}
        unused = {dimension: [] for dimension in DIMENSIONS}
        with cyclic_gc_paused():
            # Profiles share a few thousand distinct values (parsed once, see load_profiles): group the
            # positions by value first, then file each value's positions under its keys in one extend().
            shared = {attribute: defaultdict(list) for attribute, _ in FILED_UNDER.values()}
            limits = defaultdict(list)
            for position, profile in enumerate(profiles):
                shared["phrases"][profile.phrases].append(position)
                shared["cpv_prefixes"][profile.cpv_prefixes].append(position)
                shared["location_ids"][profile.location_ids].append(position)
                shared["groups"][profile.groups].append(position)
                shared["buyer_id"][profile.buyer_id].append(position)
                limits[profile.max_value].append(position)
            for dimension, (attribute, keys_of) in FILED_UNDER.items():
                for value, found in shared[attribute].items():
                    keys = keys_of(value)
                    if not keys:
                        unused[dimension].extend(found)
                    for key in keys:
                        lists[dimension][key].extend(found)
            self.phrases_by_term = file_phrases(lists["keywords"])
            if dense_from is None:
                dense_from = bitmap_threshold(
                    [len(found) for by_key in lists.values() for found in by_key.values()], size
                )
            self.postings = {dimension: Postings(found, size, dense_from) for dimension, found in lists.items()}
        self.unused = {dimension: from_positions(found, size) for dimension, found in unused.items()}
        self.no_limit = from_positions(limits.pop(None, []), size)
        self.limits = sorted(limits.items(), reverse=True)  # dearest first

    def lot_keys(self, lot):
        """The values a lot offers in each criterion."""
        phrases = {phrase for term in lot.terms for phrase in self.phrases_by_term.get(term, ()) if phrase <= lot.terms}
        return {
            "keywords": phrases,
            "cpv": lot.cpv_keys(),
            "locations": self.places.expand(lot.location_ids),
            "groups": lot.groups,
            "buyer": {lot.buyer_id} if lot.buyer_id is not None else set(),
        }

    def indexed_matches(self, lot):
        """The bitmap of subscriptions whose criteria other than the value limit are all met by the lot."""
        keys = self.lot_keys(lot)
        found = self.everyone
        for dimension in DIMENSIONS:
            found &= self.postings[dimension].union(keys[dimension]) | self.unused[dimension]
            if not found:
                break
        return found

    def candidates(self, lot):
        """Ids of the subscriptions whose criteria other than the value limit are all met by the lot."""
        return set(self.decode(self.indexed_matches(lot)))

    def within_limits(self, values):
        """{lowest lot value: bitmap of the subscriptions whose limit (or lack of one) lets such a lot in}.

        Walks the distinct limits once from the dearest down, ORing each into a growing bitmap.
        """
        allowed, found = self.no_limit, {}
        limits = iter(self.limits)
        pending = next(limits, None)
        for value in sorted(values, reverse=True):
            newly = []
            while pending is not None and pending[0] >= value:
                newly.append(pending[1])
                pending = next(limits, None)
            if newly:
                allowed |= union_of_positions(newly, len(self.ids))
            found[value] = allowed
        return found

    def decode(self, bitmap):
        """Subscription ids, in order, of a bitmap."""
        return pick(self.ids, positions(bitmap))

    def reasons(self, lot, subscription_id):
        """Why `lot` matches a subscription the index found for it, as a list of phrases."""
        reasons = explain(self.profiles[subscription_id], lot, self.places)
        if reasons is None:
            raise LookupError(f"Subscription {subscription_id} does not match lot {lot.id}: the index is out of step")
        return reasons

    def match(self, lot):
        """Matches for one lot, in subscription order."""
        return list(self.match_all([lot]))

    def match_all(self, lots):
        """Matches for many lots: the indexed criteria, ANDed with the subscriptions the lot's value allows."""
        lowest = [lowest_value(lot) for lot in lots]
        allowed = self.within_limits({value for value in lowest if value is not None})
        found = []
        for lot, value in zip(lots, lowest, strict=True):
            bitmap = self.indexed_matches(lot)
            if value is not None:
                bitmap &= allowed[value]
            found.append((lot, positions(bitmap, into=positions_array)))
        return Matches(self, found)


def build_index(subscriptions=None):
    """An index of the active subscriptions (or of the queryset given)."""
    from .models import Subscription

    subscriptions = Subscription.objects.active() if subscriptions is None else subscriptions
    with cyclic_gc_paused():
        return SubscriptionIndex(load_profiles(subscriptions), Places.load())


def subscribers_for_event(organisation_ids, location_ids, cpv_divisions):
    """Active subscriptions that opted in to events and whose profile fits an event.

    The events app calls this when a Meet the Buyer event is published. An event is compared on the
    criteria it shares with a profile: its organisers (the profile's buyer), its places and the CPV
    divisions it is about. A criterion the event says nothing about is not used; keywords, supplier type
    and value limit are never used (an event has no lot text or value).
    """
    from .models import Subscription

    organisation_ids = set(organisation_ids or ())
    divisions = {str(d)[:2] for d in cpv_divisions or ()}
    places = Places.load()
    event_places = places.expand(set(location_ids or ()))
    fitting = []
    for profile in load_profiles(Subscription.objects.active().filter(wants_events=True)):
        if organisation_ids and profile.buyer_id is not None and profile.buyer_id not in organisation_ids:
            continue
        if event_places and profile.location_ids and not profile.location_ids & event_places:
            continue
        if divisions and profile.cpv_prefixes and not {p[:2] for p in profile.cpv_prefixes} & divisions:
            continue
        fitting.append(profile.id)
    return list(Subscription.objects.filter(pk__in=fitting).order_by("pk"))
