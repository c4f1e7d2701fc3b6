"""The finder's search syntax, read the way PostgreSQL's `websearch_to_tsquery('english', …)` reads it,
for the SQLite full-text index (FTS5) of the local demo.

What a supplier may type, on either database:

- words: every one must appear (`school catering`), in any form (`meals` finds `meal`: both sides are
  stemmed, Porter on SQLite, Snowball on PostgreSQL);
- `or` between words or phrases: either will do (`catering or cleaning`);
- `"quoted words"`: those words next to each other, in that order;
- `-word` or `-"quoted words"`: leave out entries that have them.

English stop words ("the", "of", "for", …) are ignored, as PostgreSQL's `english` configuration
ignores them (inside quotes they still hold their place in the phrase). Nothing is a syntax error:
unmatched quotes, stray operators and punctuation are read as plain separators. A query is an OR of
clauses, each an AND of (possibly negated) literals, the shape `websearch_to_tsquery` gives too (`&`
binds tighter than `|`). PostgreSQL is given the same parse (each literal a `phraseto_tsquery`), so
the finder, the alert matcher and the demo all read a search alike.
"""

import re
from dataclasses import dataclass

# PostgreSQL's english.stop (share/tsearch_data/english.stop, from the Snowball project), which the
# `english` text search configuration drops from queries and documents.
ENGLISH_STOP = """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
hers herself it its itself they them their theirs themselves what which who whom this that these those am is are
was were be been being have has had having do does did doing a an the and but if or because as until while
of at by for with about against between into through during before after above below to from up down in out
on off over under again further then once here there when where why how all any both each few more most
other some such no nor not only own same so than too very s t can will just don should now"""
STOP_WORDS = frozenset(ENGLISH_STOP.split())
WORD = re.compile(r"\w+", re.UNICODE)
# A quoted phrase (the closing quote may be missing), or a run of anything else but white space.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
FTS_TABLE = "finder_lotentry_fts"


@dataclass(frozen=True)
class Literal:
    """Words that must appear together (one word, or a phrase), or must not (`negated`)."""

    words: tuple
    negated: bool = False

    def fts5(self):
        """This literal as an FTS5 string: each word quoted, so no word is read as an operator."""
        return '"' + " ".join(self.words) + '"'


def parse(text):
    """[[Literal, ...], ...]: an OR of clauses, each an AND of literals. Empty when nothing can match."""
    clauses, current, pending_or = [], [], False
    for match in TOKEN.finditer(text or ""):
        minus, quoted, bare = match.groups()
        if quoted is not None:
            words = tuple(word.lower() for word in WORD.findall(quoted))
        else:
            minus = "-" if bare.startswith("-") else ""
            if bare.lower() == "or":
                pending_or = bool(current)
                continue
            words = tuple(word.lower() for word in WORD.findall(bare))
        if all(word in STOP_WORDS for word in words):
            # Stop words alone say nothing, quoted or not (PostgreSQL finds no lexeme in them). A word
            # broken by punctuation ("co-op") is read as its parts side by side, like a phrase.
            words = ()
        if not words:
            continue
        if pending_or and current:
            clauses.append(current)
            current = []
        pending_or = False
        current.append(Literal(words, negated=bool(minus)))
    if current:
        clauses.append(current)
    return clauses


def fts5_clause(clause):
    """(FTS5 string, excluded) for one AND clause: the clause holds for the entries the string matches, or,
    when `excluded`, for the entries it does not match (FTS5 cannot ask for "rows without X" alone)."""
    positive = [literal.fts5() for literal in clause if not literal.negated]
    negative = [literal.fts5() for literal in clause if literal.negated]
    if positive:
        return " AND ".join(positive) + "".join(f" NOT {literal}" for literal in negative), False
    return " OR ".join(negative), True


def ranking_expression(clauses, columns):
    """An FTS5 string matching the entries that have any wanted (not negated) literal in those columns."""
    wanted = dict.fromkeys(literal.fts5() for clause in clauses for literal in clause if not literal.negated)
    return " OR ".join(f"{{{' '.join(columns)}}} : {literal}" for literal in wanted)


def wanted_words(clauses):
    """The words a match is about (for highlighting): every word of every literal that is not negated."""
    return list(dict.fromkeys(word for clause in clauses for lit in clause if not lit.negated for word in lit.words))


def combine(clauses, matched, everything):
    """The rows a parsed query matches, from the rows each literal matches: the OR of the clauses, each
    the AND of its literals (a negated one: the rows it does not match), as `ts_query` and `fts5_clause`
    have the database combine them. `matched[literal.words]` is a bitset of rows within `everything`, or
    None for a literal with no searchable word (PostgreSQL drops such a phrase from the query)."""
    found = 0
    for clause in clauses:
        bits, used = everything, False
        for literal in clause:
            rows = matched[literal.words]
            if rows is None:
                continue
            used = True
            bits &= ~rows if literal.negated else rows
        if used:
            found |= bits
    return found
