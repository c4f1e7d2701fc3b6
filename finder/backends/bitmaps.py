"""The search table's filter columns as bitmaps in each process's memory, for facet counts and paging.

Facet counts need, for every option, the number of keyword-matched lots where every OTHER active filter
holds. In SQL that reads every matched row of the search table on every request (all 40,000 when there
are no keywords): tens of milliseconds however the query is written. Here each filter value is a Python
integer used as a bitset, one bit per lot, so a count is an AND and a popcount over a few kilobytes.

The bitmaps are built once per process from the search table and brought up to date when `IndexVersion`
changes; the indexer changes it in the same transaction as the rows, so no process counts from an old
table after the next request starts. The change is applied from the indexer's log (`IndexChange`)
where it can be, and the table reloaded where it cannot (`brought_up_to_date`). Each opportunity's
lots sit at neighbouring positions: counting distinct opportunities and taking a page of whole
opportunities stay cheap.

Every rule here mirrors the SQL of the previous implementation (and `derived_stage`); the contract
suite (tests/finder/test_contract.py) checks it against the same expectations as Elasticsearch.
"""

import bisect
import copy
import datetime
import functools
import threading
from array import array
from collections import defaultdict

from ..models import EntryTag, IndexChange, IndexVersion, LotEntry
from ..query import CLOSING_DAYS, FIXED_OPTION_LABELS, RESERVED, STAGES, VALUE_BANDS, procedure_choices

TAG_FACETS = ("cpv", "location", "theme")
# Rows whose deadline has passed are kept as a running bitmap every CHECKPOINT rows (in deadline order),
# so "deadline on or before t" costs one lookup plus at most CHECKPOINT bits.
CHECKPOINT = 256
KEYWORD_MATCHES = 32
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


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


def descending(value):
    """A sort key that puts later datetimes and larger numbers first."""
    if isinstance(value, datetime.datetime):
        since = value - EPOCH
        return -since.days, -since.seconds, -since.microseconds
    return -value


def sort_key(value, index, position):
    """Rows by value (nulls last), then by opportunity and position. So the first row of each opportunity
    met in this order carries its best value among any set of its rows."""
    opportunity = index.opportunity_of[position]
    return (1, opportunity, position) if value is None else (0, value, opportunity, position)


SORT_KEYS = {
    "closing": lambda index, position: sort_key(index.deadline_of[position], index, position),
    "newest": lambda index, position: sort_key(
        None if (published := index.published_of[position]) is None else descending(published), index, position
    ),
    "value": lambda index, position: sort_key(
        None if (value := index.value_of[position]) is None else descending(value), index, position
    ),
}


class Bitmaps:
    """One process's bitmaps of the search table at one `IndexVersion` token.

    Each opportunity's rows sit at neighbouring positions. A change to one opportunity (`replaced`) leaves
    its old positions behind as dead rows, outside `all`, and appends its new rows at the end, so a
    publish costs milliseconds rather than a reload of the whole table. Every count and page is taken
    from bits under `all` (the keyword match, when there is one, is a subset of it), so dead rows can
    stay set in the other bitsets."""

    def __init__(self, token, rows, tags):
        """`rows`: ROW_FIELDS of the search table ordered by opportunity; `tags`: (entry_id, facet, value,
        label) of those rows."""
        self.token = token
        self.size = self.all = self.dead = self.group_ends = 0
        self.ids, self.opportunity_of, self.offsets = [], [], []
        self.deadline_of, self.published_of, self.value_of = [], [], []
        self.position = {}  # search-table pk: position
        self.groups = {}  # opportunity id: (first position, last position + 1)
        self.bits = {}  # ("stage", "open"), ("buyer", slug, name), ("sme",), ...: bitset
        self.tag_options = {facet: {} for facet in TAG_FACETS}  # facet: {(value, label): bits}, in label order
        self.buyer_options = {}  # (slug, name): bits, in name order
        self.deadlines_sorted, self.deadline_positions, self.deadline_checkpoints = [], [], [0]
        self.spreads = []  # (shift, mask): see `opportunity_count`
        self.orders = {sort: [] for sort in SORT_KEYS}
        self.keyword_matches = {}  # keywords: (bits, (positions, scores)); see `remember`
        self.unchecked = {}  # keywords: ids of opportunities changed since their match was asked
        self.memory_lock = threading.Lock()  # requests in other threads share the two dicts above
        self.append(rows, tags)

    def replaced(self, token, opportunity_ids, rows, tags):
        """A copy in which the given opportunities' rows are the given ones (none for an opportunity that
        left the index). The copy leaves this object untouched for requests still reading it."""
        changed = copy.copy(self)
        for name in ("ids", "opportunity_of", "offsets", "deadline_of", "published_of", "value_of"):
            setattr(changed, name, getattr(self, name)[:])
        for name in ("position", "groups", "bits"):  # buyer_options: `append` derives it afresh
            setattr(changed, name, dict(getattr(self, name)))
        changed.tag_options = {facet: dict(options) for facet, options in self.tag_options.items()}
        changed.deadlines_sorted, changed.deadline_positions = self.deadlines_sorted[:], self.deadline_positions[:]
        changed.deadline_checkpoints, changed.spreads = self.deadline_checkpoints[:], self.spreads[:]
        changed.orders = {sort: order[:] for sort, order in self.orders.items()}
        # Remembered words may match the new rows: each is checked against them when next searched.
        with self.memory_lock:
            changed.keyword_matches = dict(self.keyword_matches)
            changed.unchecked = {
                key: self.unchecked.get(key, set()) | set(opportunity_ids) for key in self.keyword_matches
            }
        changed.memory_lock = threading.Lock()
        changed.token = token
        for opportunity in opportunity_ids:
            changed.remove(opportunity)
        changed.append(rows, tags)
        return changed

    # Building

    def remove(self, opportunity):
        first, last = self.groups.pop(opportunity, (0, 0))
        if last > first:
            self.all &= ~(((1 << (last - first)) - 1) << first)
            self.dead += last - first
            for position in range(first, last):
                del self.position[self.ids[position]]

    def append(self, rows, tags):
        """Add rows (ordered by opportunity, each opportunity's rows all together) after the current ones."""
        start = position = self.size
        positions = defaultdict(list)
        for row in rows:
            pk, opportunity, stage, deadline, published, value, sme, vcse, reserved, slug, name, procedure, regime = row
            first, _ = self.groups.get(opportunity, (position, None))
            self.groups[opportunity] = (first, position + 1)
            self.ids.append(pk)
            self.position[pk] = position
            self.opportunity_of.append(opportunity)
            self.offsets.append(position - first)
            self.deadline_of.append(deadline)
            self.published_of.append(published)
            self.value_of.append(value)
            positions["stage", stage].append(position)
            positions["reserved", reserved].append(position)
            positions["procedure", procedure].append(position)
            positions["regime", regime].append(position)
            positions["buyer", slug, name].append(position)
            if sme:
                positions[("sme",)].append(position)
            if vcse:
                positions[("vcse",)].append(position)
            if value is None:
                positions[("unvalued",)].append(position)
            else:
                positions["band", band_of(value)].append(position)
            position += 1
        self.size = size = position
        new = range(start, size)
        self.all |= ((1 << len(new)) - 1) << start
        for key, found in positions.items():
            self.bits[key] = self.bits.get(key, 0) | to_bits(found, size)
        buyers = sorted((name, slug) for kind, *buyer in self.bits if kind == "buyer" for slug, name in [buyer])
        self.buyer_options = {(slug, name): self.bits["buyer", slug, name] for name, slug in buyers}
        self.add_tags(tags)
        self.add_deadlines(new)
        self.add_groups(new)
        self.add_to_orders(new)

    def add_tags(self, tags):
        found = defaultdict(list)
        for entry_id, facet, value, label in tags:
            if entry_id in self.position:
                found[facet, value, label].append(self.position[entry_id])
        for (facet, value, label), positions in found.items():
            options = self.tag_options[facet]
            options[value, label] = options.get((value, label), 0) | to_bits(positions, self.size)
        for facet, options in self.tag_options.items():
            self.tag_options[facet] = dict(sorted(options.items(), key=lambda item: (item[0][1], item[0][0])))

    def add_deadlines(self, new):
        """Deadlines in order, with running bitmaps of the rows due every CHECKPOINT rows (see `due_by`)."""
        dated = [(self.deadline_of[position], position) for position in new if self.deadline_of[position]]
        if not dated:
            return
        if len(dated) > len(self.deadlines_sorted):
            merged = sorted([*zip(self.deadlines_sorted, self.deadline_positions, strict=True), *dated])
            self.deadlines_sorted = [deadline for deadline, _ in merged]
            self.deadline_positions = [position for _, position in merged]
            changed_from = 0
        else:
            changed_from = len(self.deadlines_sorted)
            for deadline, position in dated:  # new positions are the highest: they go after equal deadlines
                index = bisect.bisect_right(self.deadlines_sorted, deadline)
                self.deadlines_sorted.insert(index, deadline)
                self.deadline_positions.insert(index, position)
                changed_from = min(changed_from, index)
        chunk = changed_from // CHECKPOINT
        del self.deadline_checkpoints[chunk + 1 :]
        for begin in range(chunk * CHECKPOINT, len(self.deadline_positions), CHECKPOINT):
            rows = to_bits(self.deadline_positions[begin : begin + CHECKPOINT], self.size)
            self.deadline_checkpoints.append(self.deadline_checkpoints[-1] | rows)

    def add_groups(self, new):
        """Masks for spreading a set bit to the later rows of its opportunity, and each opportunity's last row."""
        longest = 1 + max((self.offsets[position] for position in new), default=0)
        self.spreads = [
            (shift, mask | to_bits((p for p in new if self.offsets[p] >= shift), self.size))
            for shift, mask in self.spreads
        ]
        shift = 2 * self.spreads[-1][0] if self.spreads else 1
        while shift < longest:  # a longer opportunity than any before: mask every row for the new shift
            self.spreads.append((shift, to_bits((p for p in range(self.size) if self.offsets[p] >= shift), self.size)))
            shift *= 2
        ends = [position for position in new if position + 1 == self.size or self.offsets[position + 1] == 0]
        self.group_ends |= to_bits(ends, self.size)

    def add_to_orders(self, new):
        """Positions in the order of each sort (see SORT_KEYS); new rows are inserted in place."""
        for sort, order in self.orders.items():
            key = functools.partial(SORT_KEYS[sort], self)
            if len(new) > len(order):
                order.extend(new)
                order.sort(key=key)
            else:
                for position in new:
                    bisect.insort(order, position, key=key)

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

    def condition(self, name, query):
        """One filter of the query as a bitset (see CONDITIONS for the fields of the query it reads)."""
        now = query.now
        if name == "stage":
            return any_of(self.stage(stage, now) for stage in query.stage)
        if name == "closing":
            return self.closing(query.closing, now)
        if name in ("sme", "vcse"):
            return self.option(name)
        if name == "reserved":
            return self.option("reserved", query.reserved)
        if name == "value":
            if not query.value:
                return self.all & ~self.option("unvalued")
            bands = any_of(self.option("band", band) for band in query.value)
            return bands | self.option("unvalued") if query.unvalued == "include" else bands
        if name == "buyer":
            return self.buyers(query.buyer)
        if name in ("procedure", "regime"):
            return any_of(self.option(name, value) for value in getattr(query, name))
        return self.tags(name, getattr(query, name))

    def filters(self, query):
        """Each active filter of the query as a bitset, by filter name."""
        return {name: self.condition(name, query) for name in CONDITIONS if applies(name, query)}

    def fixed_options(self, now):
        """Every fixed-choice facet option as a bitset: {facet: {key: bits}}."""
        return {
            "stage": {stage: self.stage(stage, now) for stage in STAGES},
            "closing": {str(days): self.closing(days, now) for days in CLOSING_DAYS},
            "sme": {"1": self.option("sme")},
            "vcse": {"1": self.option("vcse")},
            "reserved": {key: self.option("reserved", key) for key in RESERVED},
            "value": {**{band: self.option("band", band) for band in VALUE_BANDS}, "unvalued": self.option("unvalued")},
            "regime": {value: self.option("regime", value) for value in FIXED_OPTION_LABELS["regime"]},
            "procedure": {value: self.option("procedure", value) for value, _ in procedure_choices()},
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
        """A keyword match, asked of the database once while it stays among the most recent
        KEYWORD_MATCHES (searches repeat popular words; filters and sorts are applied here).
        `compute(opportunity_ids=None)` asks for the match, within those opportunities if given.

        A match carried over from before a change loses the dead rows and gains the changed opportunities'
        matching new rows, asked of the database alone (every other row is as it was)."""
        with self.memory_lock:
            found, changed = self.keyword_matches.get(key), self.unchecked.get(key)
        # Asked outside the lock: two threads may ask the same thing at once, and store the same answer.
        if found is None:
            found = compute()
        elif changed:
            bits, (positions, scores) = found
            new_bits, (new_positions, new_scores) = compute(sorted(changed))
            found = (bits & self.all) | new_bits, (positions + new_positions, scores + new_scores)
        with self.memory_lock:
            self.keyword_matches.pop(key, None)  # to the end: the most recent
            self.keyword_matches[key] = found
            self.unchecked.pop(key, None)
            while len(self.keyword_matches) > KEYWORD_MATCHES:
                evicted = next(iter(self.keyword_matches))
                del self.keyword_matches[evicted]
                self.unchecked.pop(evicted, None)
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


# The filters a query may use, each with the fields of `SearchQuery` it reads: two queries that agree on
# those fields get the same bitset (`finder.matching` works each distinct one out once).
CONDITIONS = {
    "stage": ("stage",),
    "closing": ("closing",),
    "sme": ("sme",),
    "vcse": ("vcse",),
    "reserved": ("reserved",),
    "value": ("value", "unvalued"),
    "buyer": ("buyer",),
    "regime": ("regime",),
    "procedure": ("procedure",),
    "cpv": ("cpv",),
    "location": ("location",),
    "theme": ("theme",),
}


def applies(name, query):
    """Whether the query uses that filter (the stage filter always applies, even with the default stages)."""
    if name == "value":
        return bool(query.value) or query.unvalued == "exclude"
    return bool(getattr(query, name))


def band_of(value):
    for band, (_, low, high) in VALUE_BANDS.items():
        if (low is None or value >= low) and (high is None or value < high):
            return band
    return None


# "group": the opportunity, or an external item (minus its `ExternalGroup` id); "opportunity" below means either.
ROW_FIELDS = (
    "pk",
    "group",
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
    "regime",
)
TAG_FIELDS = ("entry_id", "facet", "value", "label")
# Largest share of dead rows, and most opportunities changed at once, before a full reload is cheaper.
MOST_DEAD = 0.25
MOST_CHANGED = 500


def load(token):
    rows = LotEntry.objects.order_by("group", "pk").values_list(*ROW_FIELDS)
    tags = EntryTag.objects.values_list(*TAG_FIELDS)
    return Bitmaps(token, rows.iterator(chunk_size=5000), tags.iterator(chunk_size=5000))


def brought_up_to_date(bitmaps, token):
    """`bitmaps` with the changes the indexer logged since its token applied, or None when the log cannot
    say (a full rebuild, a token it never logged, or pruned history) or a reload would be cheaper."""
    logged = IndexChange.objects.filter(pk__gte=IndexChange.objects.filter(token=bitmaps.token).values("pk")[:1])
    changes = list(logged.order_by("pk").values_list("token", "opportunity_id"))
    tokens = [logged_token for logged_token, _ in changes]
    if not changes or tokens[0] != bitmaps.token or token not in tokens:
        return None
    # Changes committed after `token` are applied too: rows are read now, and replacing is idempotent.
    opportunity_ids = {opportunity for _, opportunity in changes[1:]}
    if None in opportunity_ids or len(opportunity_ids) > MOST_CHANGED:
        return None
    old_rows = sum(last - first for first, last in (bitmaps.groups.get(pk, (0, 0)) for pk in opportunity_ids))
    if bitmaps.dead + old_rows > MOST_DEAD * bitmaps.size:
        return None
    rows = LotEntry.objects.filter(group__in=opportunity_ids).order_by("group", "pk")
    tags = EntryTag.objects.filter(entry__group__in=opportunity_ids)
    return bitmaps.replaced(tokens[-1], opportunity_ids, rows.values_list(*ROW_FIELDS), tags.values_list(*TAG_FIELDS))


_lock = threading.Lock()
_current = None


def current():
    """This process's bitmaps of the search table as it is now (one query when they are current; after a
    publish, three small ones to apply the change)."""
    global _current
    token = IndexVersion.current()
    bitmaps = _current
    if bitmaps is not None and bitmaps.token == token:
        return bitmaps
    with _lock:
        if _current is not None and _current.token == token:
            return _current
        bitmaps = (_current and brought_up_to_date(_current, token)) or load(token)
        # Keep them only if no index write committed while they were read (`read`, not the pinned token).
        if IndexVersion.read()[IndexVersion.SEARCH_TABLE] == bitmaps.token:
            _current = bitmaps
    return bitmaps
