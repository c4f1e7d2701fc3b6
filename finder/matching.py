"""Many searches against a few lots: which of the given lots each search would show in the finder.

Alerts ask this when lots are published: up to a hundred thousand saved searches against one to a
thousand new lots. Running each search would cost a query per search, so the finder's own rules are
applied in bulk instead, and only to the given lots:

- Filters: the finder's bitsets over the whole catalogue (`Bitmaps.condition`, the code every finder
  search uses), read at the given lots' positions. Each distinct filter value (say `cpv=72,55`) is
  worked out once, whatever the number of searches using it, and a search's filters are then an AND of
  a few integers of one bit per given lot.
- Keywords: `websearch.parse` reads every search box as the finder does; each distinct literal (a word,
  or a quoted phrase) among all the searches is asked of the database once, for the given lots only,
  and `websearch.combine` joins them as the finder's tsquery (PostgreSQL) or FTS5 query (SQLite) does.
  On PostgreSQL a literal that is one lexeme (nearly every word) is matched against the lexemes of the
  given lots' vectors, which is what `@@` does for it; phrases are asked with `@@` in one query.

So a search sends exactly the given lots that the finder would show for it at that moment (its stages,
deadlines and value bands included); `tests/alerts/test_same_as_finder.py` checks it on random catalogues.
"""

import dataclasses
import functools
import operator
import re
from collections import defaultdict

from django.db import connection
from django.db.models import Q

from portal import clock

from . import websearch
from .backends import bitmaps
from .backends.bitmaps import CONDITIONS, applies
from .models import LotEntry
from .query import DEFAULT_STAGES, option_labels

# Each filter's values in a query (the fields CONDITIONS names), read in C: this runs a few times per search.
READS = {name: operator.attrgetter(*fields) for name, fields in CONDITIONS.items()}
# A tsquery of one lexeme, as PostgreSQL prints it ('meal'); anything else is asked of the database.
ONE_LEXEME = re.compile(r"'([^'\\]+)'")


@functools.lru_cache(maxsize=65536)
def parsed(text):
    return websearch.parse(text)


class LotMatcher:
    """The finder's answer, for any number of queries, restricted to the given lots.

    Bitsets here have one bit per given lot that the finder has indexed (bit i: `self.lot_ids[i]`).
    Lots not in the search table (not live) match nothing, as in the finder.
    """

    def __init__(self, lot_ids, now=None, external_keys=()):
        """`lot_ids`: opportunities' lots; `external_keys`: other sources' lots (see `write_external`),
        which appear in `self.lot_ids` by their keys."""
        self.now = now or clock.now()
        self.index = index = bitmaps.current()
        wanted = Q(lot_id__in=list(lot_ids)) | Q(external_key__in=[key for key in external_keys if key])
        rows = LotEntry.objects.filter(wanted).values_list("pk", "lot_id", "external_key")
        found = sorted((index.position[pk], lot_id or key, pk) for pk, lot_id, key in rows if pk in index.position)
        self.positions = [position for position, _, _ in found]
        self.lot_ids = [lot_id for _, lot_id, _ in found]
        self.entry_ids = [pk for _, _, pk in found]
        self.everything = (1 << len(found)) - 1
        self.conditions = {}  # (filter name, the query's values for it): bitset
        self.literals = {}  # literal words: bitset, or None (no searchable word)
        self.keyword_bits = {}  # search text: bitset

    def restrict(self, bits):
        """A bitset over the catalogue, read at the given lots' positions."""
        if not bits or not self.positions:
            return 0
        flags = self.index.flags(bits)
        return int("".join(flags[position] for position in reversed(self.positions)), 2)

    def condition(self, name, query):
        key = (name, READS[name](query))
        bits = self.conditions.get(key)
        if bits is None:
            bits = self.conditions[key] = self.restrict(self.index.condition(name, query))
        return bits

    def matches(self, query):
        """The given lots the finder shows for `query`, as a bitset (its `now` is ignored: see `at_now`)."""
        query = self.at_now(query)
        bits = self.everything
        for name in CONDITIONS:
            if applies(name, query):
                bits &= self.condition(name, query)
                if not bits:
                    return 0
        if query.text:
            bits &= self.keywords(query.text)
        return bits

    def at_now(self, query):
        """Every query is answered at the matcher's moment, so that filters on dates are shared."""
        return query if query.now == self.now else dataclasses.replace(query, now=self.now)

    def lots(self, bits):
        """The lot ids of a bitset, in the index's order."""
        return [self.lot_ids[i] for i in range(len(self.lot_ids)) if bits >> i & 1]

    # Keywords

    def keywords(self, text):
        bits = self.keyword_bits.get(text)
        if bits is None:
            clauses = parsed(text)
            self.ask_literals({literal.words for clause in clauses for literal in clause})
            bits = self.keyword_bits[text] = websearch.combine(clauses, self.literals, self.everything)
        return bits

    def prepare(self, texts):
        """Ask about the literals of all these search texts at once (a query or two, not one per text)."""
        self.ask_literals({literal.words for text in texts for clause in parsed(text) for literal in clause})

    def ask_literals(self, literals):
        wanted = [words for words in literals if words not in self.literals]
        if not wanted:
            return
        if not self.entry_ids:
            self.literals.update(dict.fromkeys(wanted, 0))
        elif connection.vendor == "postgresql":
            self.literals.update(self.postgres_literals(wanted))
        else:
            self.literals.update(self.sqlite_literals(wanted))

    def dense(self):
        return {pk: i for i, pk in enumerate(self.entry_ids)}

    def postgres_literals(self, wanted):
        texts = [" ".join(words) for words in wanted]
        bit_of = self.dense()
        found, phrases = {}, []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT phraseto_tsquery('english', t.w)::text FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, i) "
                "ORDER BY t.i",
                [texts],
            )
            tsqueries = [tsquery for (tsquery,) in cursor.fetchall()]
            cursor.execute(
                "SELECT id, tsvector_to_array(search_vector) FROM finder_lotentry WHERE id = ANY(%s)",
                [self.entry_ids],
            )
            lexemes = defaultdict(int)
            for pk, entry_lexemes in cursor.fetchall():
                for lexeme in entry_lexemes or ():
                    lexemes[lexeme] |= 1 << bit_of[pk]
            for words, text, tsquery in zip(wanted, texts, tsqueries, strict=True):
                if not tsquery:
                    found[words] = None  # no lexeme: PostgreSQL leaves it out of the query
                elif one := ONE_LEXEME.fullmatch(tsquery):
                    found[words] = lexemes.get(one[1], 0)
                else:
                    found[words] = 0
                    phrases.append((words, text))
            if phrases:
                cursor.execute(
                    "SELECT t.i, e.id FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, i) "
                    "JOIN finder_lotentry e ON e.search_vector @@ phraseto_tsquery('english', t.w) "
                    "WHERE e.id = ANY(%s)",
                    [[text for _, text in phrases], self.entry_ids],
                )
                for number, pk in cursor.fetchall():
                    found[phrases[number - 1][0]] |= 1 << bit_of[pk]
        return found

    def sqlite_literals(self, wanted):
        table = websearch.FTS_TABLE
        bit_of = self.dense()
        marks = ", ".join("%s" for _ in self.entry_ids)
        # The table name is a constant; the literal and the ids are parameters.
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s AND rowid IN ({marks})"  # noqa: S608
        found = {}
        with connection.cursor() as cursor:
            for words in wanted:
                cursor.execute(sql, [websearch.Literal(words).fts5(), *self.entry_ids])
                bits = 0
                for (pk,) in cursor.fetchall():
                    bits |= 1 << bit_of[pk]
                found[words] = bits
        return found

    # Reasons

    def reasons(self, query, i):
        """Why the i-th lot is in `matches(query)`, as short plain-English phrases: the words of the first
        clause of the search that it meets, then each filter's chosen options that it has. The options are
        tested with the same bitsets as the match."""
        query = self.at_now(query)
        found = []
        if query.text and self.keywords(query.text) >> i & 1:
            for clause in parsed(query.text):
                if websearch.combine([clause], self.literals, self.everything) >> i & 1:
                    found.append(keyword_reason(clause))
                    break
        for name in REASONS:
            if not applies(name, query) or (name == "stage" and set(query.stage) == set(DEFAULT_STAGES)):
                continue
            if name == "value" and not query.value:
                found.append("its value is stated")
                continue
            options = [("1",)] if name in ("sme", "vcse") else [(option,) for option in query.selected(name)]
            if name == "value":
                options = [*options, ("unvalued",)] if query.unvalued == "include" else options
            labels = self.labels(name)
            for (option,) in sorted(options):
                if self.condition(name, one_option(query, name, option)) >> i & 1:
                    label = labels.get(option, option)
                    found.append(REASONS[name].format(label=label, lower=label[:1].lower() + label[1:], value=option))
        return found

    def labels(self, name):
        if name in ("cpv", "location", "theme"):
            return dict(self.index.tag_options[name].keys())
        if name == "buyer":
            return dict(self.index.buyer_options.keys())
        return {**option_labels()[name], "unvalued": "not stated"}


def one_option(query, name, option):
    """The query with one option of a filter chosen, for telling which of the chosen options a lot has."""
    if name == "value":
        if option == "unvalued":
            return dataclasses.replace(query, value=("none",), unvalued="include")
        return dataclasses.replace(query, value=(option,), unvalued="exclude")
    if name in ("sme", "vcse"):
        return query
    if name == "closing":
        return dataclasses.replace(query, closing=int(option))
    if name == "reserved":
        return dataclasses.replace(query, reserved=option)
    return dataclasses.replace(query, **{name: (option,)})


def keyword_reason(clause):
    wanted = [" ".join(literal.words) for literal in clause if not literal.negated]
    if wanted:
        return "mentions " + " and ".join(f"“{words}”" for words in wanted)
    return "does not mention " + " or ".join(f"“{' '.join(literal.words)}”" for literal in clause)


# How each filter's option is given as a reason, in the order reasons are given; {label} is the finder's
# label for it ({lower}: starting in lower case).
REASONS = {
    "cpv": "CPV {value} {label}",
    "location": "delivery in {label}",
    "theme": "social value: {label}",
    "buyer": "from {label}",
    "value": "lot value {lower}",
    "sme": "suitable for SMEs",
    "vcse": "suitable for charities, social enterprises and co-ops",
    "reserved": "{lower}",
    "regime": "{lower}",
    "procedure": "procedure: {lower}",
    "stage": "{lower}",
    "closing": "closing in the next {value} days",
}
