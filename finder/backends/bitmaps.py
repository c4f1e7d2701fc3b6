"""The search table's filter columns as bitmaps in each process's memory, for facet counts and paging.

Facet counts need, for every option, the number of keyword-matched lots where every OTHER active filter
holds. In SQL that reads every matched row of the search table on every request (all 40,000 when there
are no keywords): tens of milliseconds however the query is written. Here each filter value is a Python
integer used as a bitset, one bit per lot, so a count is an AND and a popcount over a few kilobytes.

The bitmaps are built once per process from the search table and rebuilt when `IndexVersion` changes;
the indexer changes it in the same transaction as the rows, so no process counts from an old table
after the next request starts. Rows are ordered by opportunity, so each opportunity's lots are
neighbours: counting distinct opportunities and taking a page of whole opportunities stay cheap.

Every rule here mirrors the SQL of the previous implementation (and `derived_stage`); the contract
suite (tests/finder/test_contract.py) checks it against the same expectations as Elasticsearch.
"""

import bisect
import threading
from array import array
from collections import defaultdict

from ..models import EntryTag, IndexVersion, LotEntry
from ..query import CLOSING_DAYS, RESERVED, STAGES, VALUE_BANDS

TAG_FACETS = ("cpv", "location", "theme")
# Rows whose deadline has passed are kept as a running bitmap every CHECKPOINT rows (in deadline order),
# so "deadline on or before t" costs one lookup plus at most CHECKPOINT bits.
CHECKPOINT = 256
KEYWORD_MATCHES = 32


def to_bits(positions, size):
    """A bitset (int) with the given bit positions set."""
    buffer = bytearray(size // 8 + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def any_of(bitsets):
    combined = 0
    for bits in bitsets:
        combined |= bits
    return combined


def procedure_values():
    from opportunities.models import Procedure

    return Procedure.values


class Bitmaps:
    """One process's bitmaps of the search table at one `IndexVersion` token."""

    def __init__(self, token, rows, tags, buyer_order):
        """`rows`: (pk, opportunity_id, stage, deadline, published, value, sme, vcse, reserved, buyer_slug,
        buyer_name, procedure) ordered by opportunity; `tags`: (entry_id, facet, value, label) ordered by
        facet and label; `buyer_order`: (slug, name) pairs in label order."""
        self.token = token
        self.ids, self.opportunity_of, deadlines, published, values = [], [], [], [], []
        positions = defaultdict(list)
        self.groups = {}  # opportunity id: (first position, last position + 1)
        for position, row in enumerate(rows):
            pk, opportunity, stage, deadline, published_date, value, sme, vcse, reserved, slug, name, procedure = row
            self.ids.append(pk)
            self.opportunity_of.append(opportunity)
            deadlines.append(deadline)
            published.append(published_date)
            values.append(value)
            first, _ = self.groups.get(opportunity, (position, None))
            self.groups[opportunity] = (first, position + 1)
            positions["stage", stage].append(position)
            positions["reserved", reserved].append(position)
            positions["procedure", procedure].append(position)
            positions["buyer", slug, name].append(position)
            if sme:
                positions[("sme",)].append(position)
            if vcse:
                positions[("vcse",)].append(position)
            if value is None:
                positions[("unvalued",)].append(position)
            else:
                positions["band", band_of(value)].append(position)
        self.size = size = len(self.ids)
        self.position = {pk: position for position, pk in enumerate(self.ids)}
        self.all = (1 << size) - 1
        self.bits = {key: to_bits(found, size) for key, found in positions.items()}
        self.tag_options = {facet: {} for facet in TAG_FACETS}  # facet: {(value, label): bits}, in label order
        tag_positions = defaultdict(list)
        for entry_id, facet, value, label in tags:
            if entry_id in self.position:
                tag_positions[facet, value, label].append(self.position[entry_id])
        for (facet, value, label), found in tag_positions.items():
            self.tag_options[facet][value, label] = to_bits(found, size)
        self.buyer_options = {
            (slug, name): self.bits[key] for slug, name in buyer_order if (key := ("buyer", slug, name)) in self.bits
        }
        self.prepare_deadlines(deadlines)
        self.prepare_groups()
        self.orders = {
            "closing": self.order_by(deadlines, descending=False),
            "newest": self.order_by(published, descending=True),
            "value": self.order_by(values, descending=True),
        }
        self.deadline_of = deadlines
        self.keyword_matches = {}  # keywords: (bits, (positions, scores)); see `remember`

    # Building

    def prepare_deadlines(self, deadlines):
        dated = sorted((deadline, position) for position, deadline in enumerate(deadlines) if deadline is not None)
        self.deadlines_sorted = [deadline for deadline, _ in dated]
        self.deadline_positions = [position for _, position in dated]
        self.deadline_checkpoints = [0]
        for start in range(0, len(dated), CHECKPOINT):
            chunk = to_bits(self.deadline_positions[start : start + CHECKPOINT], self.size)
            self.deadline_checkpoints.append(self.deadline_checkpoints[-1] | chunk)

    def prepare_groups(self):
        """Masks for spreading a set bit to the later rows of its opportunity, and each opportunity's last row."""
        offsets = [position - self.groups[opportunity][0] for position, opportunity in enumerate(self.opportunity_of)]
        longest = max((last - first for first, last in self.groups.values()), default=0)
        self.spreads, shift = [], 1
        while shift < longest:
            self.spreads.append((shift, to_bits((p for p, offset in enumerate(offsets) if offset >= shift), self.size)))
            shift *= 2
        self.group_ends = to_bits((last - 1 for _, last in self.groups.values()), self.size)

    def order_by(self, keys, descending):
        """Positions ordered by key (nulls last), then opportunity id: the first row of each opportunity met
        in this order carries its Min (ascending) or Max (descending) key among any set of its rows."""
        by_opportunity = sorted(range(self.size), key=lambda position: (self.opportunity_of[position], position))
        keyed = [position for position in by_opportunity if keys[position] is not None]
        keyed.sort(key=keys.__getitem__, reverse=descending)  # stable: ties stay in opportunity order
        return keyed + [position for position in by_opportunity if keys[position] is None]

    # Conditions, as bitsets

    def due_by(self, moment):
        """Rows whose deadline is set and falls on or before `moment`."""
        count = bisect.bisect_right(self.deadlines_sorted, moment)
        full = count // CHECKPOINT
        rest = self.deadline_positions[full * CHECKPOINT : count]
        return self.deadline_checkpoints[full] | to_bits(rest, self.size)

    def stored_stage(self, *stages):
        return any_of(self.bits.get(("stage", stage), 0) for stage in stages)

    def stage(self, stage, now):
        """The finder's four stages, with the same deadline rule as `derived_stage`."""
        if stage == "open":
            return self.stored_stage("open") & ~self.due_by(now)
        if stage == "pipeline":
            return self.stored_stage("pipeline", "market_engagement")
        if stage == "awarded":
            return self.stored_stage("awarded")
        return (self.stored_stage("open") & self.due_by(now)) | self.stored_stage("evaluation", "cancelled")

    def closing(self, days, now):
        import datetime

        return self.stored_stage("open") & self.due_by(now + datetime.timedelta(days=days)) & ~self.due_by(now)

    def option(self, *key):
        return self.bits.get(key, 0)

    def buyers(self, slugs):
        return any_of(bits for (slug, _), bits in self.buyer_options.items() if slug in slugs)

    def tags(self, facet, values):
        return any_of(bits for (value, _), bits in self.tag_options[facet].items() if value in values)

    def filters(self, query):
        """Each active filter of the query as a bitset, by filter name."""
        now, conditions = query.now, {}
        if query.stage:
            conditions["stage"] = any_of(self.stage(stage, now) for stage in query.stage)
        if query.closing:
            conditions["closing"] = self.closing(query.closing, now)
        if query.sme:
            conditions["sme"] = self.option("sme")
        if query.vcse:
            conditions["vcse"] = self.option("vcse")
        if query.reserved:
            conditions["reserved"] = self.option("reserved", query.reserved)
        if query.value:
            bands = any_of(self.option("band", band) for band in query.value)
            conditions["value"] = bands | self.option("unvalued") if query.unvalued == "include" else bands
        elif query.unvalued == "exclude":
            conditions["value"] = self.all & ~self.option("unvalued")
        if query.buyer:
            conditions["buyer"] = self.buyers(query.buyer)
        if query.procedure:
            conditions["procedure"] = any_of(self.option("procedure", value) for value in query.procedure)
        for facet in TAG_FACETS:
            if getattr(query, facet):
                conditions[facet] = self.tags(facet, getattr(query, facet))
        return conditions

    def fixed_options(self, now):
        """Every fixed-choice facet option as a bitset: {facet: {key: bits}}."""
        return {
            "stage": {stage: self.stage(stage, now) for stage in STAGES},
            "closing": {str(days): self.closing(days, now) for days in CLOSING_DAYS},
            "sme": {"1": self.option("sme")},
            "vcse": {"1": self.option("vcse")},
            "reserved": {key: self.option("reserved", key) for key in RESERVED},
            "value": {**{band: self.option("band", band) for band in VALUE_BANDS}, "unvalued": self.option("unvalued")},
            "procedure": {value: self.option("procedure", value) for value in procedure_values()},
        }

    # Answers

    def matched(self, rows):
        """The bitset of the given (pk, score) search-table rows, and their (positions, scores) as two
        compact arrays. Rows written since this copy was built are skipped."""
        positions, scores = array("l"), array("d")
        for pk, score in rows:
            position = self.position.get(pk)
            if position is not None:
                positions.append(position)
                scores.append(score)
        return to_bits(positions, self.size), (positions, scores)

    def remember(self, key, compute):
        """A keyword match, asked of the database once per index version while it stays among the most
        recent KEYWORD_MATCHES (searches repeat popular words; filters and sorts are applied here)."""
        found = self.keyword_matches.pop(key, None)
        if found is None:
            found = compute()
        self.keyword_matches[key] = found
        while len(self.keyword_matches) > KEYWORD_MATCHES:
            self.keyword_matches.pop(next(iter(self.keyword_matches)), None)
        return found

    def opportunity_count(self, bits):
        """How many opportunities have at least one of these rows."""
        for shift, mask in self.spreads:
            bits |= (bits << shift) & mask
        return (bits & self.group_ends).bit_count()

    def flags(self, bits):
        """The bitset as a string of "0"/"1" indexed by position, for testing many single rows."""
        return format(bits, f"0{self.size}b")[::-1] if self.size else ""

    def page(self, bits, sort, offset, limit, scores=None, add=max):
        """Opportunity ids of one page of the rows in `bits`, in the order of the sort.

        `scores` ((positions, scores) of the matched rows) serve the relevance sort: an opportunity scores
        `add` of its rows' scores, ties going to the earliest deadline, then the lowest id (the order the
        SQL used)."""
        flags = self.flags(bits)
        if sort == "relevance":
            best = {}
            for position, score in zip(*scores or ((), ()), strict=True):
                if flags[position] == "1":
                    opportunity = self.opportunity_of[position]
                    best[opportunity] = add(best[opportunity], score) if opportunity in best else score
            ranked = sorted(best, key=lambda opportunity: (-best[opportunity], *self.deadline_key(opportunity)))
            return ranked[offset : offset + limit]
        found, seen = [], set()
        for position in self.orders[sort]:
            if flags[position] == "1":
                opportunity = self.opportunity_of[position]
                if opportunity not in seen:
                    seen.add(opportunity)
                    found.append(opportunity)
                    if len(found) == offset + limit:
                        break
        return found[offset:]

    def deadline_key(self, opportunity):
        deadline = self.deadline_of[self.groups[opportunity][0]]
        return ((0, deadline) if deadline is not None else (1,)), opportunity

    def rows_of(self, bits, opportunity_ids):
        """Search-table pks of the rows in `bits` that belong to the given opportunities."""
        flags = self.flags(bits)
        pks = []
        for opportunity in opportunity_ids:
            first, last = self.groups[opportunity]
            pks.extend(self.ids[position] for position in range(first, last) if flags[position] == "1")
        return pks


def band_of(value):
    for band, (_, low, high) in VALUE_BANDS.items():
        if (low is None or value >= low) and (high is None or value < high):
            return band
    return None


def load(token):
    rows = LotEntry.objects.order_by("opportunity_id", "pk").values_list(
        "pk",
        "opportunity_id",
        "stage",
        "submission_deadline",
        "published_date",
        "value",
        "suitable_for_sme",
        "suitable_for_vcse",
        "reserved",
        "buyer_slug",
        "buyer_name",
        "procedure",
    )
    tags = EntryTag.objects.order_by("facet", "label", "value").values_list("entry_id", "facet", "value", "label")
    buyers = LotEntry.objects.order_by("buyer_name", "buyer_slug").values_list("buyer_slug", "buyer_name").distinct()
    return Bitmaps(token, rows.iterator(chunk_size=5000), tags.iterator(chunk_size=5000), buyers)


_lock = threading.Lock()
_current = None


def current():
    """This process's bitmaps of the search table as it is now (one query when they are current)."""
    global _current
    token = IndexVersion.current()
    bitmaps = _current
    if bitmaps is not None and bitmaps.token == token:
        return bitmaps
    with _lock:
        if _current is not None and _current.token == token:
            return _current
        bitmaps = load(token)
        # Keep them only if no index write committed while they were read (`read`, not the pinned token).
        if IndexVersion.read()[IndexVersion.SEARCH_TABLE] == token:
            _current = bitmaps
    return bitmaps
