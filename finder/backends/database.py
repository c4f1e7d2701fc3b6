"""The default backend: the finder's search table in the site's own database.

On PostgreSQL keywords use full-text search (a weighted tsvector with a GIN index, `websearch_to_tsquery`
so no input is a syntax error, `ts_rank` for relevance, `ts_headline` for highlights). On SQLite every
keyword must appear in the entry's text, which is enough for a local demo and keeps the same contract.

Filters, facet counts, totals and the choice of a page of opportunities come from the search table's
bitmaps in this process's memory (`bitmaps`), so a search costs at most three small queries whatever
the result size: the index version, the ids of the keyword-matched lots (only with keywords), and the
page's lots with their highlights.
"""

import dataclasses

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL

from .. import highlight, websearch
from ..models import LotEntry
from ..query import FacetOption, LotHit, OpportunityHit, Results, derived_stage, option_labels, page_count
from . import bitmaps
from .base import SearchBackend

TAG_FACETS = bitmaps.TAG_FACETS
# What a result shows of each lot and its opportunity (not the long texts or the vector, which only serve matching).
HIT_FIELDS = (
    "group",
    "source",
    "headline",
    "opportunity_title",
    "opportunity_url",
    "reference",
    "buyer_name",
    "buyer_slug",
    "summary",
    "stage",
    "procedure",
    "published_date",
    "submission_deadline",
    "lot_count",
    "lot_id",
    "external_key",
    "lot_number",
    "lot_title",
    "lot_description",
    "value_min",
    "value",
    "suitable_for_sme",
    "suitable_for_vcse",
    "reserved",
)


class DatabaseBackend(SearchBackend):
    name = "database"

    def search(self, query):
        postgres = connection.vendor == "postgresql"
        index = bitmaps.current()
        matched, scores = self.matched(index, query, postgres)
        conditions = index.filters(query)
        filtered = self.holds(matched, conditions)
        total_opportunities = index.opportunity_count(filtered)
        # A page past the end shows the last page, found here rather than by searching again.
        last_page = page_count(total_opportunities, query.per_page)
        if query.page > last_page:
            query = dataclasses.replace(query, page=last_page)
        opportunity_ids = index.page(
            filtered,
            query.effective_sort,
            query.offset,
            query.per_page,
            scores=scores,
            add=max,
        )
        facets = self.fixed_facets(index, matched, conditions, query)
        facets.update(self.grouped_facets(index, matched, conditions, query))
        total_lots = filtered.bit_count()
        return Results(
            query=query,
            hits=self.hits(index.rows_of(filtered, opportunity_ids), opportunity_ids, query, postgres),
            total_lots=total_lots,
            total_opportunities=total_opportunities,
            facets=facets,
            backend=self.name,
            # Free here, and it saves the zero-results page another trip to the database.
            counts_without=None if total_lots else self.without_each(matched, conditions),
        )

    def counts_without(self, query, names):
        """How many lots match with each named filter removed and the rest kept."""
        index = bitmaps.current()
        matched, _ = self.matched(index, query, connection.vendor == "postgresql")
        return self.without_each(matched, index.filters(query), names)

    def without_each(self, matched, conditions, names=None):
        """{filter name: matched lots where every other active filter holds}."""
        names = conditions if names is None else names
        return {name: self.holds(matched, conditions, exclude=name).bit_count() for name in names}

    def index_opportunity(self, opportunity_id):
        """The search table is this backend's index: `finder.indexing` already wrote it."""

    def rebuild(self, progress=None):
        """Nothing beyond the search table, which `finder.indexing.rebuild` writes."""

    # Steps of a search.

    @staticmethod
    def holds(matched, conditions, exclude=None):
        """The matched rows where every active filter but `exclude` holds."""
        bits = matched
        for name, condition in conditions.items():
            if name != exclude:
                bits &= condition
        return bits

    def matched(self, index, query, postgres):
        """The keyword-matched rows as a bitset, and their scores for the relevance sort."""
        if not query.text:
            return index.all, None
        return index.remember(
            query.text, lambda opportunity_ids=None: self.keyword_match(index, query, postgres, opportunity_ids)
        )

    def keyword_match(self, index, query, postgres, opportunity_ids=None):
        """Ask the database which rows match the keywords, with their scores (one query), among the rows of
        the given opportunities if any are given. Scores are asked whatever the sort, so one remembered
        match serves every sort of the same words."""
        entries = self.keyword_queryset(query, postgres)
        if opportunity_ids is not None:
            entries = entries.filter(group__in=opportunity_ids)
        if entries.query.is_empty():
            return index.matched([])
        if postgres:
            score = SearchRank(F("search_vector"), self.ts_query(query))
        else:
            score = sqlite_rank(websearch.parse(query.text))
        entries = entries.values_list("pk", score)
        # A plain cursor: thousands of rows, and the ORM's per-row work would cost more than the query.
        with connection.cursor() as cursor:
            cursor.execute(*entries.query.sql_with_params())
            return index.matched(cursor.fetchall())

    def keyword_queryset(self, query, postgres):
        """Entries that match the keywords."""
        entries = LotEntry.objects.all()
        if postgres:
            ts_query = self.ts_query(query)
            return entries.filter(search_vector=ts_query) if ts_query is not None else entries.none()
        clauses = websearch.parse(query.text)
        if not clauses:
            return entries.none()
        return entries.filter(sqlite_match(clauses))

    def ts_query(self, query):
        """The keywords as a tsquery: the clauses of `websearch.parse`, each literal a `phraseto_tsquery`,
        so PostgreSQL reads the search box exactly as the alert matcher and the SQLite demo do."""
        return ts_query(websearch.parse(query.text))

    def hits(self, pks, opportunity_ids, query, postgres):
        """The page's matching lots, grouped under their opportunities and highlighted (one query). Plain
        values, not model instances: a page has up to a hundred lots, and only these fields."""
        if not pks:
            return []
        entries = LotEntry.objects.filter(pk__in=pks).order_by("lot_number")
        marked = {}
        if postgres and query.text:
            marks = {"config": "english", "start_sel": highlight.START, "stop_sel": highlight.STOP}
            ts_query = self.ts_query(query)
            marked = {
                "title_marked": SearchHeadline("lot_title", ts_query, highlight_all=True, **marks),
                "description_marked": SearchHeadline("lot_description", ts_query, max_words=40, min_words=20, **marks),
                "summary_marked": SearchHeadline("summary", ts_query, max_words=60, min_words=30, **marks),
            }
        words = websearch.wanted_words(websearch.parse(query.text))
        by_opportunity = {}
        for entry in entries.values(*HIT_FIELDS, **marked):
            if not marked:
                entry["title_marked"] = highlight.mark_words(entry["lot_title"], words)
                entry["description_marked"] = highlight.mark_words(entry["lot_description"], words, limit=300)
                entry["summary_marked"] = highlight.mark_words(entry["summary"], words)
            hit = by_opportunity.get(entry["group"])
            if hit is None:
                hit = by_opportunity[entry["group"]] = opportunity_hit(entry, query)
            hit.lots.append(lot_hit(entry))
        return [by_opportunity[pk] for pk in opportunity_ids if pk in by_opportunity]

    def fixed_facets(self, index, matched, conditions, query):
        """The count of every fixed-choice filter option, each given the other filters."""
        labels = option_labels()
        facets = {}
        for facet, choices in index.fixed_options(query.now).items():
            others = self.holds(matched, conditions, exclude=facet)
            selected = query.selected(facet)
            facets[facet] = [
                FacetOption(key, labels[facet][key], (others & bits).bit_count(), key in selected)
                for key, bits in choices.items()
            ]
        return facets

    def grouped_facets(self, index, matched, conditions, query):
        """Counts per buyer, CPV division, location and theme, each given the other filters; options with
        no lots are left out, and the rest come in label order."""
        options = {"buyer": index.buyer_options, **index.tag_options}
        facets = {}
        for facet, values in options.items():
            others = self.holds(matched, conditions, exclude=facet)
            chosen = getattr(query, facet)
            facets[facet] = [
                FacetOption(value, label, count, value in chosen)
                for (value, label), bits in values.items()
                if value and (count := (others & bits).bit_count())
            ]
        return facets


def opportunity_hit(entry, query):
    return OpportunityHit(
        opportunity_id=entry["group"],
        title=entry["opportunity_title"],
        url=entry["opportunity_url"],
        reference=entry["reference"],
        buyer_name=entry["buyer_name"],
        buyer_slug=entry["buyer_slug"],
        summary_html=highlight.to_html(entry["summary_marked"]),
        stage=derived_stage(entry["stage"], entry["submission_deadline"], query.now),
        procedure=entry["procedure"],
        published_date=entry["published_date"],
        submission_deadline=entry["submission_deadline"],
        lot_count=entry["lot_count"],
        source=entry["source"],
        headline=entry["headline"],
    )


def lot_hit(entry):
    return LotHit(
        lot_id=entry["lot_id"] or entry["external_key"],
        number=entry["lot_number"],
        title=entry["lot_title"],
        title_html=highlight.to_html(entry["title_marked"]),
        description_html=highlight.to_html(entry["description_marked"]),
        value_min=entry["value_min"],
        value=entry["value"],
        suitable_for_sme=entry["suitable_for_sme"],
        suitable_for_vcse=entry["suitable_for_vcse"],
        reserved=entry["reserved"],
    )


# The columns of finder_lotentry_fts in the groups, and with the weights, of PostgreSQL's tsvector
# (finder.indexing.update_search_vectors) and ts_rank's default weights for its A, B, C and D parts.
RANK_WEIGHTS = (
    (("lot_title", "opportunity_title"), 1.0),
    (("summary", "buyer_name", "reference"), 0.4),
    (("lot_description", "opportunity_description"), 0.2),
    (("text",), 0.1),
)


def ts_query(clauses):
    """A Django full-text query for parsed clauses (None when there are none): an OR of ANDs of
    phrases, some negated."""
    combined = None
    for clause in clauses:
        part = None
        for literal in clause:
            phrase = SearchQuery(" ".join(literal.words), config="english", search_type="phrase")
            phrase = ~phrase if literal.negated else phrase
            part = phrase if part is None else part & phrase
        combined = part if combined is None else combined | part
    return combined


def sqlite_match(clauses):
    """The entries the parsed query matches, as a condition on LotEntry (FTS5, on SQLite)."""
    table = websearch.FTS_TABLE
    condition = Q(pk__in=[])
    for clause in clauses:
        expression, excluded = websearch.fts5_clause(clause)
        # The table name is a constant; what the supplier typed is a parameter.
        matching = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608
        found = Q(pk__in=RawSQL(matching, [expression]))  # noqa: S611
        condition |= ~found if excluded else found
    return condition


def sqlite_rank(clauses):
    """An entry's relevance: the weights of the column groups that hold a wanted word (the highest
    weight first counts most). Like ts_rank, it depends on the entry alone, not on the rest of the table
    (bm25 would), so a match remembered before the table changed still ranks as a fresh one does."""
    table = websearch.FTS_TABLE
    # Constants only; what the supplier typed is a parameter.
    matching = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608
    rank = Value(0.0, output_field=FloatField())
    for columns, weight in RANK_WEIGHTS:
        expression = websearch.ranking_expression(clauses, columns)
        if expression:
            found = Q(pk__in=RawSQL(matching, [expression]))  # noqa: S611
            rank += Case(When(found, then=Value(weight)), default=Value(0.0), output_field=FloatField())
    return rank
