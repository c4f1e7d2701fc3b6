"""The default backend: the finder's search table in the site's own database.

On PostgreSQL keywords use full-text search (a weighted tsvector with a GIN index, `websearch_to_tsquery`
so no input is a syntax error, `ts_rank` for relevance, `ts_headline` for highlights). On SQLite every
keyword must appear in the entry's text, which is enough for a local demo and keeps the same contract.

A search costs four queries whatever the result size: the page of opportunities, their matching lots,
one aggregate for the totals and every fixed-choice facet, and one for the buyer, CPV, location and theme
facets. The two facet queries evaluate each filter once per row (see `FlaggedEntries`).
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Min, Q

from .. import highlight
from ..models import EntryTag, LotEntry
from ..query import (
    CLOSING_DAYS,
    RESERVED,
    STAGES,
    VALUE_BANDS,
    FacetOption,
    LotHit,
    OpportunityHit,
    Results,
    derived_stage,
)
from .base import SearchBackend

TAG_FACETS = ("cpv", "location", "theme")


def procedure_choices():
    from opportunities.models import Procedure

    return Procedure.choices


def stage_q(stage, now):
    """The finder's four stages in SQL, with the same deadline rule as `OpportunityPage.current_stage`."""
    past_deadline = Q(submission_deadline__isnull=False, submission_deadline__lte=now)
    if stage == "open":
        return Q(stage="open") & ~past_deadline
    if stage == "pipeline":
        return Q(stage__in=["pipeline", "market_engagement"])
    if stage == "awarded":
        return Q(stage="awarded")
    return (Q(stage="open") & past_deadline) | Q(stage__in=["evaluation", "cancelled"])


def band_q(band):
    _, low, high = VALUE_BANDS[band]
    condition = Q(value__isnull=False)
    if low is not None:
        condition &= Q(value__gte=low)
    if high is not None:
        condition &= Q(value__lt=high)
    return condition


def closing_q(days, now):
    import datetime

    return Q(stage="open", submission_deadline__gt=now, submission_deadline__lte=now + datetime.timedelta(days=days))


def any_of(conditions):
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


def tag_q(facet, values):
    return Q(pk__in=EntryTag.objects.filter(facet=facet, value__in=values).values("entry_id"))


def filter_conditions(query):
    """Each active filter of the query as its own condition, by filter name."""
    conditions = {}
    if query.stage:
        conditions["stage"] = any_of(stage_q(stage, query.now) for stage in query.stage)
    if query.closing:
        conditions["closing"] = closing_q(query.closing, query.now)
    if query.sme:
        conditions["sme"] = Q(suitable_for_sme=True)
    if query.vcse:
        conditions["vcse"] = Q(suitable_for_vcse=True)
    if query.reserved:
        conditions["reserved"] = Q(reserved=query.reserved)
    if query.value:
        bands = any_of(band_q(band) for band in query.value)
        conditions["value"] = bands | Q(value__isnull=True) if query.unvalued == "include" else bands
    elif query.unvalued == "exclude":
        conditions["value"] = Q(value__isnull=False)
    if query.buyer:
        conditions["buyer"] = Q(buyer_slug__in=query.buyer)
    if query.procedure:
        conditions["procedure"] = Q(procedure__in=query.procedure)
    for facet in TAG_FACETS:
        if getattr(query, facet):
            conditions[facet] = tag_q(facet, getattr(query, facet))
    return conditions


def filter_q(query):
    """Every active filter of the query as one condition."""
    conditions = Q()
    for condition in filter_conditions(query).values():
        conditions &= condition
    return conditions


def fixed_options(query):
    """Every fixed-choice facet option as a condition: {facet: {key: Q}}."""
    now = query.now
    return {
        "stage": {stage: stage_q(stage, now) for stage in STAGES},
        "closing": {str(days): closing_q(days, now) for days in CLOSING_DAYS},
        "sme": {"1": Q(suitable_for_sme=True)},
        "vcse": {"1": Q(suitable_for_vcse=True)},
        "reserved": {key: Q(reserved=key) for key in RESERVED},
        "value": {**{band: band_q(band) for band in VALUE_BANDS}, "unvalued": Q(value__isnull=True)},
        "procedure": {value: Q(procedure=value) for value, _ in procedure_choices()},
    }


class FlaggedEntries:
    """The keyword-matched entries as SQL, with one boolean column per active filter and per extra condition.

    Facet counts need, for each facet, the rows where every OTHER filter holds. Evaluating each filter once
    per row (tag filters are subqueries) and combining the boolean columns is far cheaper than repeating
    the whole filter condition inside every option's count.

    The SQL built around it only interpolates Django's compiled SQL and column names made here; every
    value the supplier sent travels as a query parameter.
    """

    def __init__(self, matched, query, extra=None):
        if matched.query.is_empty():
            # Keywords that can match nothing: Django will not compile `.none()`, so ask for no rows instead.
            matched = matched.model.objects.filter(pk__isnull=True)
        self.filters = filter_conditions(query)
        self.filter_columns = {name: f"f_{i}" for i, name in enumerate(self.filters)}
        self.extra = extra or {}
        self.extra_columns = {name: f"o_{i}" for i, name in enumerate(self.extra)}
        annotations = {
            self.filter_columns[name]: ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in self.filters.items()
        }
        annotations.update(
            {
                self.extra_columns[name]: ExpressionWrapper(condition, output_field=BooleanField())
                for name, condition in self.extra.items()
            }
        )
        entries = matched.annotate(**annotations).values(
            "pk", "opportunity_id", "buyer_slug", "buyer_name", *annotations
        )
        self.sql, self.params = entries.order_by().query.sql_with_params()

    def with_m(self):
        """The entries as the common table `m`. PostgreSQL must materialise it: inlined, every reference
        to a column would repeat its condition, tag subqueries included, which is the cost this avoids."""
        materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
        return f"WITH m AS {materialized}({self.sql})"

    def holds(self, exclude=None):
        """SQL that is true where every active filter but `exclude` holds."""
        columns = [column for name, column in self.filter_columns.items() if name != exclude]
        return " AND ".join(f"m.{column}" for column in columns) or "1 = 1"

    def option(self, name):
        return f"m.{self.extra_columns[name]}"


class DatabaseBackend(SearchBackend):
    name = "database"

    def search(self, query):
        postgres = connection.vendor == "postgresql"
        matched = self.keyword_queryset(query, postgres)
        filtered = matched.filter(filter_q(query))
        totals = self.fixed_facets(matched, query)
        groups = self.opportunity_page(filtered, query, postgres)
        hits = self.hits(filtered, groups, query, postgres)
        facets = totals.pop("facets")
        facets.update(self.grouped_facets(matched, query))
        return Results(
            query=query,
            hits=hits,
            total_lots=totals["lots"],
            total_opportunities=totals["opportunities"],
            facets=facets,
            backend=self.name,
        )

    def counts_without(self, query, names):
        """How many lots match with each named filter removed and the rest kept (one query)."""
        matched = self.keyword_queryset(query, connection.vendor == "postgresql")
        entries = FlaggedEntries(matched, query)
        counts = ", ".join(f"COUNT(CASE WHEN {entries.holds(exclude=name)} THEN 1 END)" for name in names)
        with connection.cursor() as cursor:
            cursor.execute(f"{entries.with_m()} SELECT {counts} FROM m", entries.params)  # noqa: S608 (see FlaggedEntries)
            row = cursor.fetchone()
        return dict(zip(names, row, strict=True))

    def index_opportunity(self, opportunity_id):
        """The search table is this backend's index: `finder.indexing` already wrote it."""

    def rebuild(self, progress=None):
        """Nothing beyond the search table, which `finder.indexing.rebuild` writes."""

    # Steps of a search, each one query.

    def keyword_queryset(self, query, postgres):
        """Entries that match the keywords (all entries when there are none)."""
        entries = LotEntry.objects.all()
        if not query.text:
            return entries
        if postgres:
            return entries.filter(search_vector=self.ts_query(query))
        words = highlight.keywords(query.text)
        if not words:
            return entries.none()
        for word in words:
            entries = entries.filter(text__icontains=word)
        return entries

    def ts_query(self, query):
        return SearchQuery(query.text, config="english", search_type="websearch")

    def opportunity_page(self, filtered, query, postgres):
        """One page of opportunity ids, ordered by the chosen sort (one query)."""
        groups = filtered.values("opportunity_id")
        sort = query.effective_sort
        if sort == "relevance" and postgres:
            groups = groups.annotate(score=Max(SearchRank(F("search_vector"), self.ts_query(query))))
            order = [F("score").desc(), F("deadline").asc(nulls_last=True)]
        elif sort == "relevance":
            # SQLite has no ranking: a keyword in a lot or opportunity title counts as the better match.
            title_match = Q()
            for word in highlight.keywords(query.text):
                title_match |= Q(lot_title__icontains=word) | Q(opportunity_title__icontains=word)
            groups = groups.annotate(score=Count("pk", filter=title_match))
            order = [F("score").desc(), F("deadline").asc(nulls_last=True)]
        elif sort == "closing":
            order = [F("deadline").asc(nulls_last=True)]
        elif sort == "value":
            order = [F("top_value").desc(nulls_last=True)]
        else:
            order = [F("published").desc(nulls_last=True)]
        groups = groups.annotate(
            deadline=Min("submission_deadline"), published=Max("published_date"), top_value=Max("value")
        ).order_by(*order, "opportunity_id")
        return [row["opportunity_id"] for row in groups[query.offset : query.offset + query.per_page]]

    def hits(self, filtered, opportunity_ids, query, postgres):
        """The matching lots of the page's opportunities, grouped and highlighted (one query)."""
        if not opportunity_ids:
            return []
        entries = filtered.filter(opportunity_id__in=opportunity_ids).order_by("lot_number")
        if postgres and query.text:
            marks = {"config": "english", "start_sel": highlight.START, "stop_sel": highlight.STOP}
            ts_query = self.ts_query(query)
            entries = entries.annotate(
                title_marked=SearchHeadline("lot_title", ts_query, highlight_all=True, **marks),
                description_marked=SearchHeadline("lot_description", ts_query, max_words=40, min_words=20, **marks),
                summary_marked=SearchHeadline("summary", ts_query, max_words=60, min_words=30, **marks),
            )
        words = highlight.keywords(query.text)
        by_opportunity = {}
        for entry in entries:
            if not hasattr(entry, "title_marked"):
                entry.title_marked = highlight.mark_words(entry.lot_title, words)
                entry.description_marked = highlight.mark_words(entry.lot_description, words, limit=300)
                entry.summary_marked = highlight.mark_words(entry.summary, words)
            hit = by_opportunity.get(entry.opportunity_id)
            if hit is None:
                hit = by_opportunity[entry.opportunity_id] = opportunity_hit(entry, query)
            hit.lots.append(lot_hit(entry))
        return [by_opportunity[pk] for pk in opportunity_ids if pk in by_opportunity]

    def fixed_facets(self, matched, query):
        """Totals and the counts of every fixed-choice filter option, each given the other filters (one query)."""
        options = fixed_options(query)
        extra = {(facet, key): condition for facet, choices in options.items() for key, condition in choices.items()}
        entries = FlaggedEntries(matched, query, extra)
        everything = entries.holds()
        counts = [
            f"COUNT(CASE WHEN {everything} THEN 1 END)",
            f"COUNT(DISTINCT CASE WHEN {everything} THEN m.opportunity_id END)",
            *(
                f"COUNT(CASE WHEN {entries.holds(exclude=facet)} AND {entries.option((facet, key))} THEN 1 END)"
                for facet, key in extra
            ),
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"{entries.with_m()} SELECT {', '.join(counts)} FROM m", entries.params)  # noqa: S608
            lots, opportunities, *option_counts = cursor.fetchone()
        counts = dict(zip(extra, option_counts, strict=True))
        labels = {
            "stage": STAGES,
            "closing": {str(days): f"Closing in the next {days} days" for days in CLOSING_DAYS},
            "sme": {"1": "Suitable for small and medium-sized businesses (SMEs)"},
            "vcse": {"1": "Suitable for charities, social enterprises and co-ops (VCSEs)"},
            "reserved": RESERVED,
            "value": {**{band: label for band, (label, _, _) in VALUE_BANDS.items()}, "unvalued": "No value stated"},
            "procedure": dict(procedure_choices()),
        }
        facets = {}
        for facet, choices in options.items():
            selected = query.selected(facet)
            facets[facet] = [
                FacetOption(key, labels[facet][key], counts[(facet, key)], key in selected) for key in choices
            ]
        return {"lots": lots, "opportunities": opportunities, "facets": facets}

    def grouped_facets(self, matched, query):
        """Counts per buyer, CPV division, location and theme, each given the other filters (one query)."""
        entries = FlaggedEntries(matched, query)
        tag_conditions = " OR ".join(f"(t.facet = %s AND {entries.holds(exclude=facet)})" for facet in TAG_FACETS)
        sql = (
            f"{entries.with_m()} "  # noqa: S608 (see FlaggedEntries)
            f"SELECT 'buyer', m.buyer_slug, m.buyer_name, COUNT(*) FROM m WHERE {entries.holds(exclude='buyer')} "
            "GROUP BY m.buyer_slug, m.buyer_name "
            "UNION ALL "
            f"SELECT t.facet, t.value, t.label, COUNT(*) FROM m JOIN {EntryTag._meta.db_table} t ON t.entry_id = m.pk "
            f"WHERE {tag_conditions} GROUP BY t.facet, t.value, t.label "
            "ORDER BY 1, 3"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, (*entries.params, *TAG_FACETS))
            rows = cursor.fetchall()
        facets = {facet: [] for facet in ("buyer", *TAG_FACETS)}
        for facet, value, label, count in rows:
            if value:
                facets[facet].append(FacetOption(value, label, count, value in getattr(query, facet)))
        return facets


def opportunity_hit(entry, query):
    return OpportunityHit(
        opportunity_id=entry.opportunity_id,
        title=entry.opportunity_title,
        url=entry.opportunity_url,
        reference=entry.reference,
        buyer_name=entry.buyer_name,
        buyer_slug=entry.buyer_slug,
        summary_html=highlight.to_html(entry.summary_marked),
        stage=derived_stage(entry.stage, entry.submission_deadline, query.now),
        procedure=entry.procedure,
        published_date=entry.published_date,
        submission_deadline=entry.submission_deadline,
        lot_count=entry.lot_count,
    )


def lot_hit(entry):
    return LotHit(
        lot_id=entry.lot_id,
        number=entry.lot_number,
        title=entry.lot_title,
        title_html=highlight.to_html(entry.title_marked),
        description_html=highlight.to_html(entry.description_marked),
        value_min=entry.value_min,
        value=entry.value,
        suitable_for_sme=entry.suitable_for_sme,
        suitable_for_vcse=entry.suitable_for_vcse,
        reserved=entry.reserved,
    )
