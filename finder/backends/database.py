"""The default backend: the finder's search table in the site's own database.

On PostgreSQL keywords use full-text search (a weighted tsvector with a GIN index, `websearch_to_tsquery`
so no input is a syntax error, `ts_rank` for relevance, `ts_headline` for highlights). On SQLite every
keyword must appear in the entry's text, which is enough for a local demo and keeps the same contract.

A search costs five queries whatever the result size: the page of opportunities, their matching lots,
one aggregate for the totals and every fixed-choice facet, one for the tag facets and one for buyers.
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Max, Min, Q

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


def filter_q(query, exclude=None):
    """Every active filter of the query as one condition, leaving out `exclude` (for its own facet)."""
    conditions = Q()
    if exclude != "stage" and query.stage:
        conditions &= any_of(stage_q(stage, query.now) for stage in query.stage)
    if exclude != "closing" and query.closing:
        conditions &= closing_q(query.closing, query.now)
    if exclude != "sme" and query.sme:
        conditions &= Q(suitable_for_sme=True)
    if exclude != "vcse" and query.vcse:
        conditions &= Q(suitable_for_vcse=True)
    if exclude != "reserved" and query.reserved:
        conditions &= Q(reserved=query.reserved)
    if exclude != "value":
        if query.value:
            bands = any_of(band_q(band) for band in query.value)
            conditions &= bands | Q(value__isnull=True) if query.unvalued == "include" else bands
        elif query.unvalued == "exclude":
            conditions &= Q(value__isnull=False)
    if exclude != "buyer" and query.buyer:
        conditions &= Q(buyer_slug__in=query.buyer)
    if exclude != "procedure" and query.procedure:
        conditions &= Q(procedure__in=query.procedure)
    for facet in TAG_FACETS:
        if exclude != facet and getattr(query, facet):
            conditions &= tag_q(facet, getattr(query, facet))
    return conditions


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
        facets.update(self.tag_facets(matched, query))
        facets["buyer"] = self.buyer_facet(matched, query)
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
        # Aliases are prefixed: an alias equal to a field name ("stage") would shadow the field in the filters.
        counts = matched.aggregate(
            **{f"without_{name}": Count("pk", filter=filter_q(query, exclude=name)) for name in names}
        )
        return {name: counts[f"without_{name}"] for name in names}

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
        now = query.now
        options = {
            "stage": {stage: stage_q(stage, now) for stage in STAGES},
            "closing": {str(days): closing_q(days, now) for days in CLOSING_DAYS},
            "sme": {"1": Q(suitable_for_sme=True)},
            "vcse": {"1": Q(suitable_for_vcse=True)},
            "reserved": {key: Q(reserved=key) for key in RESERVED},
            "value": {**{band: band_q(band) for band in VALUE_BANDS}, "unvalued": Q(value__isnull=True)},
            "procedure": {value: Q(procedure=value) for value, _ in procedure_choices()},
        }
        aggregates = {
            "lots": Count("pk", filter=filter_q(query)),
            "opportunities": Count("opportunity_id", filter=filter_q(query), distinct=True),
        }
        for facet, choices in options.items():
            others = filter_q(query, exclude=facet)
            for key, condition in choices.items():
                aggregates[f"{facet}__{key}"] = Count("pk", filter=others & condition)
        counts = matched.aggregate(**aggregates)
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
                FacetOption(key, labels[facet][key], counts[f"{facet}__{key}"], key in selected) for key in choices
            ]
        return {"lots": counts["lots"], "opportunities": counts["opportunities"], "facets": facets}

    def tag_facets(self, matched, query):
        """Counts for CPV divisions, locations and themes, each given the other filters (one query)."""
        condition = Q(pk__in=[])
        for facet in TAG_FACETS:
            entries = matched.filter(filter_q(query, exclude=facet)).values("pk")
            condition |= Q(facet=facet, entry_id__in=entries)
        rows = (
            EntryTag.objects.filter(condition)
            .values("facet", "value", "label")
            .annotate(count=Count("entry_id"))
            .order_by("facet", "label")
        )
        facets = {facet: [] for facet in TAG_FACETS}
        for row in rows:
            selected = row["value"] in getattr(query, row["facet"])
            facets[row["facet"]].append(FacetOption(row["value"], row["label"], row["count"], selected))
        return facets

    def buyer_facet(self, matched, query):
        """Counts per buyer given the other filters (one query)."""
        rows = (
            matched.filter(filter_q(query, exclude="buyer"))
            .values("buyer_slug", "buyer_name")
            .annotate(count=Count("pk"))
            .order_by("buyer_name")
        )
        return [
            FacetOption(row["buyer_slug"], row["buyer_name"], row["count"], row["buyer_slug"] in query.buyer)
            for row in rows
            if row["buyer_slug"]
        ]


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
