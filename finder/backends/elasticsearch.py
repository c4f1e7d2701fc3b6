"""The Elasticsearch backend: the same contract as the database backend, for larger catalogues.

One request answers a search: the lots that match the keywords, collapsed by opportunity (one hit per
opportunity, its matching lots as inner hits, highlighted), a `post_filter` with every filter, and one
filter aggregation per facet carrying every *other* filter, so each option's count is what choosing it
would show. Any transport or server error becomes `SearchUnavailable`, and the finder answers from the
database instead.
"""

import datetime
import logging

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.dsl import A, Index, Percolator, Q, Search
from elasticsearch.helpers import BulkIndexError, bulk

from django.db.models import Q as DjangoQ

from portal import clock

from .. import highlight
from ..documents import FACET_SEPARATOR, LotDocument, english_index, english_search
from ..models import LotEntry
from ..query import (
    CLOSING_DAYS,
    FIXED_OPTION_LABELS,
    RESERVED,
    STAGES,
    VALUE_BANDS,
    FacetOption,
    LotHit,
    OpportunityHit,
    Results,
    derived_stage,
    option_labels,
    procedure_choices,
)
from . import SearchUnavailable
from .base import SearchBackend

logger = logging.getLogger(__name__)

TEXT_FIELDS = [
    "lot_title^3",
    "opportunity_title^3",
    "summary^2",
    "buyer_name^2",
    "keywords^2",
    "lot_description",
    "opportunity_description",
]
TAG_FACETS = ("cpv", "location", "theme")
MAX_LOTS_PER_OPPORTUNITY = 50
SORTS = {
    "closing": [{"submission_deadline": {"order": "asc", "missing": "_last"}}],
    "newest": [{"published_date": {"order": "desc", "missing": "_last"}}],
    "value": [{"value": {"order": "desc", "missing": "_last"}}],
}
ERRORS = (TransportError, ApiError, BulkIndexError)


def stage_filter(stage, now):
    past_deadline = Q("range", submission_deadline={"lte": now})
    if stage == "open":
        return Q("bool", filter=[Q("term", stage="open")], must_not=[past_deadline])
    if stage == "pipeline":
        return Q("terms", stage=["pipeline", "market_engagement"])
    if stage == "awarded":
        return Q("term", stage="awarded")
    return Q("bool", filter=[Q("term", stage="open"), past_deadline]) | Q("terms", stage=["evaluation", "cancelled"])


def band_filter(band):
    _, low, high = VALUE_BANDS[band]
    bounds = {}
    if low is not None:
        bounds["gte"] = low
    if high is not None:
        bounds["lt"] = high
    return Q("range", value=bounds)


def closing_filter(days, now):
    return Q("term", stage="open") & Q(
        "range", submission_deadline={"gt": now, "lte": now + datetime.timedelta(days=days)}
    )


def unvalued_filter():
    return Q("bool", must_not=[Q("exists", field="value")])


def filters(query, exclude=None):
    """Every active filter as a list of clauses, leaving out `exclude` (for its own facet)."""
    now = query.now
    clauses = []
    if exclude != "stage" and query.stage:
        clauses.append(Q("bool", should=[stage_filter(stage, now) for stage in query.stage], minimum_should_match=1))
    if exclude != "closing" and query.closing:
        clauses.append(closing_filter(query.closing, now))
    if exclude != "sme" and query.sme:
        clauses.append(Q("term", suitable_for_sme=True))
    if exclude != "vcse" and query.vcse:
        clauses.append(Q("term", suitable_for_vcse=True))
    if exclude != "reserved" and query.reserved:
        clauses.append(Q("term", reserved=query.reserved))
    if exclude != "value":
        if query.value:
            bands = [band_filter(band) for band in query.value]
            if query.unvalued == "include":
                bands.append(unvalued_filter())
            clauses.append(Q("bool", should=bands, minimum_should_match=1))
        elif query.unvalued == "exclude":
            clauses.append(Q("exists", field="value"))
    if exclude != "buyer" and query.buyer:
        clauses.append(Q("terms", buyer_slug=list(query.buyer)))
    if exclude != "procedure" and query.procedure:
        clauses.append(Q("terms", procedure=list(query.procedure)))
    if exclude != "regime" and query.regime:
        clauses.append(Q("terms", regime=list(query.regime)))
    for facet in TAG_FACETS:
        if exclude != facet and getattr(query, facet):
            clauses.append(Q("terms", **{facet: list(getattr(query, facet))}))
    return clauses


def all_of(clauses):
    return Q("bool", filter=clauses) if clauses else Q("match_all")


def fixed_options(now):
    """Each fixed-choice facet's options as named filters."""
    return {
        "stage": {stage: stage_filter(stage, now) for stage in STAGES},
        "closing": {str(days): closing_filter(days, now) for days in CLOSING_DAYS},
        "sme": {"1": Q("term", suitable_for_sme=True)},
        "vcse": {"1": Q("term", suitable_for_vcse=True)},
        "reserved": {key: Q("term", reserved=key) for key in RESERVED},
        "value": {**{band: band_filter(band) for band in VALUE_BANDS}, "unvalued": unvalued_filter()},
        "regime": {value: Q("term", regime=value) for value in FIXED_OPTION_LABELS["regime"]},
        "procedure": {value: Q("term", procedure=value) for value, _ in procedure_choices()},
    }


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url, prefix="portal", timeout=3):
        self.url = url
        self.alias = f"{prefix}-lots"
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)

    # Building the request (pure: tested without a server).

    def keyword_query(self, query):
        if not query.text:
            return Q("match_all")
        return Q("multi_match", query=query.text, fields=TEXT_FIELDS, type="cross_fields", operator="and")

    def build_search(self, query):
        """The whole search request: hits collapsed by opportunity, the filters, totals and facets."""
        search = Search(using=self.client, index=self.alias).query(self.keyword_query(query))
        search = search.post_filter(all_of(filters(query)))
        # Relevance ties (and every query without keywords' ties) go to the soonest deadline.
        order = SORTS.get(query.effective_sort, []) + ["_score", *SORTS["closing"], {"opportunity_id": "asc"}]
        search = search.sort(*order)
        marks = {"pre_tags": [highlight.START], "post_tags": [highlight.STOP]}
        search = search.extra(
            collapse={
                "field": "opportunity_id",
                "inner_hits": {
                    "name": "lots",
                    "size": MAX_LOTS_PER_OPPORTUNITY,
                    "sort": [{"lot_number": "asc"}],
                    "highlight": {
                        **marks,
                        "fields": {
                            "lot_title": {"number_of_fragments": 0},
                            "lot_description": {"fragment_size": 300, "number_of_fragments": 1},
                            "summary": {"number_of_fragments": 0},
                        },
                    },
                },
            },
            track_total_hits=True,
            track_scores=True,
        )
        search = search[query.offset : query.offset + query.per_page]
        self.add_facets(search, query)
        return search

    def add_facets(self, search, query):
        """One filter aggregation per facet with every other filter; totals with every filter."""
        totals = search.aggs.bucket("matching", A("filter", filter=all_of(filters(query))))
        totals.metric("opportunities", A("cardinality", field="opportunity_id", precision_threshold=40000))
        for facet, options in fixed_options(query.now).items():
            scope = search.aggs.bucket(f"facet_{facet}", A("filter", filter=all_of(filters(query, exclude=facet))))
            scope.bucket("options", A("filters", filters=dict(options)))
        for facet in (*TAG_FACETS, "buyer"):
            scope = search.aggs.bucket(f"facet_{facet}", A("filter", filter=all_of(filters(query, exclude=facet))))
            scope.bucket("options", A("terms", field=f"{facet}_facet", size=500))

    def lots_query(self, query):
        """The lots a search finds, as one query (its keywords and every filter), for the percolator."""
        return Q("bool", must=[self.keyword_query(query)], filter=filters(query))

    def build_counts_without(self, query, names):
        search = Search(using=self.client, index=self.alias).query(self.keyword_query(query)).extra(size=0)
        for name in names:
            search.aggs.bucket(name, A("filter", filter=all_of(filters(query, exclude=name))))
        return search

    # Running it.

    def search(self, query):
        try:
            response = self.build_search(query).execute()
        except ERRORS as error:
            raise SearchUnavailable(str(error)) from error
        return self.results(query, response)

    def counts_without(self, query, names):
        try:
            response = self.build_counts_without(query, names).execute()
        except ERRORS as error:
            raise SearchUnavailable(str(error)) from error
        return {name: response.aggregations[name].doc_count for name in names}

    def results(self, query, response):
        aggregations = response.aggregations
        facets = {}
        all_labels = option_labels()
        for facet, options in fixed_options(query.now).items():
            buckets = aggregations[f"facet_{facet}"].options.buckets
            labels = all_labels[facet]
            selected = query.selected(facet)
            facets[facet] = [FacetOption(key, labels[key], buckets[key].doc_count, key in selected) for key in options]
        for facet in (*TAG_FACETS, "buyer"):
            selected = query.selected(facet)
            options = []
            for bucket in aggregations[f"facet_{facet}"].options.buckets:
                value, _, label = bucket.key.partition(FACET_SEPARATOR)
                options.append(FacetOption(value, label, bucket.doc_count, value in selected))
            facets[facet] = sorted(options, key=lambda option: option.label)
        return Results(
            query=query,
            hits=[self.opportunity_hit(hit, query) for hit in response.hits],
            total_lots=aggregations.matching.doc_count,
            total_opportunities=aggregations.matching.opportunities.value,
            facets=facets,
            backend=self.name,
        )

    def opportunity_hit(self, hit, query):
        lots = list(hit.meta.inner_hits.lots.hits)
        first = lots[0] if lots else hit
        summary = marked(first, "summary", hit.summary)
        deadline = parse_date(hit.submission_deadline)
        opportunity = OpportunityHit(
            opportunity_id=hit.opportunity_id,
            title=hit.opportunity_title,
            url=hit.opportunity_url,
            reference=hit.reference,
            buyer_name=hit.buyer_name,
            buyer_slug=hit.buyer_slug,
            summary_html=highlight.to_html(summary),
            stage=derived_stage(hit.stage, deadline, query.now),
            procedure=hit.procedure,
            published_date=parse_date(hit.published_date),
            submission_deadline=deadline,
            lot_count=hit.lot_count,
            source=getattr(hit, "source", None) or "",
            headline=getattr(hit, "headline", None) or "",
        )
        for lot in lots:
            opportunity.lots.append(
                LotHit(
                    lot_id=lot.lot_id or getattr(lot, "external_key", None),
                    number=lot.lot_number,
                    title=lot.lot_title,
                    title_html=highlight.to_html(marked(lot, "lot_title", lot.lot_title)),
                    description_html=highlight.to_html(marked(lot, "lot_description", lot.lot_description or "")),
                    value_min=lot.value_min,
                    value=lot.value,
                    suitable_for_sme=lot.suitable_for_sme,
                    suitable_for_vcse=lot.suitable_for_vcse,
                    reserved=lot.reserved or "",
                )
            )
        return opportunity

    # Keeping the index current.

    def index_settings(self, name):
        index = Index(name, using=self.client)
        index.settings(number_of_shards=1, number_of_replicas=0)
        index.analyzer(english_index)
        index.analyzer(english_search)
        index.document(LotDocument)
        return index

    def new_index_name(self):
        return f"{self.alias}-{clock.now():%Y%m%d%H%M%S%f}"

    def actions(self, entries, index_name):
        for entry in entries:
            yield LotDocument.from_entry(entry).to_dict(include_meta=True) | {"_index": index_name}

    def rebuild(self, progress=None):
        """Fill a new versioned index from the search table, then point the alias at it in one step."""
        name = self.new_index_name()
        try:
            self.index_settings(name).create()
            entries = LotEntry.objects.prefetch_related("tags").order_by("pk")
            total, done = entries.count(), 0
            for ok, _ in self.streaming(entries.iterator(chunk_size=1000), name):
                done += ok
                if progress and done % 1000 == 0:
                    progress(done, total)
            self.client.indices.refresh(index=name)
            old = list(self.client.indices.get_alias(name=self.alias).keys()) if self.alias_exists() else []
            actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
            actions.append({"add": {"index": name, "alias": self.alias}})
            self.client.indices.update_aliases(actions=actions)
            for index in old:
                self.client.indices.delete(index=index)
        except ERRORS as error:
            raise SearchUnavailable(str(error)) from error
        return name

    def streaming(self, entries, name):
        from elasticsearch.helpers import streaming_bulk

        return streaming_bulk(self.client, self.actions(entries, name), chunk_size=1000)

    def alias_exists(self):
        return bool(self.client.indices.exists_alias(name=self.alias))

    def index_opportunity(self, opportunity_id):
        """Replace one group's lots in the live index (or remove them): an opportunity's, or an external
        item's (a negative id, see `finder.indexing.write_external`)."""
        try:
            if not self.alias_exists():
                logger.warning("Elasticsearch index %s is missing: run manage.py rebuild_search_index.", self.alias)
                return
            self.client.delete_by_query(
                index=self.alias, query={"term": {"opportunity_id": opportunity_id}}, refresh=True, conflicts="proceed"
            )
            entries = LotEntry.objects.filter(group=opportunity_id).prefetch_related("tags")
            bulk(self.client, self.actions(entries, self.alias), refresh=True)
        except ERRORS as error:
            logger.warning("Could not update opportunity %s in Elasticsearch: %s", opportunity_id, error)

    def refresh(self):
        self.client.indices.refresh(index=self.alias)

    # Many searches against a few lots (alerts): Elasticsearch's percolator.

    def percolate(self, queries, lot_ids, external_keys=()):
        """[set of lot ids, ...]: which of the given lots (ids, or external lots' keys) each query finds,
        asked in one percolate request.

        The queries are stored in a short-lived percolator index with the lots' mapping (dates such as
        "open, not past its deadline" are fixed at each query's `now`), the lots' documents are
        percolated against them, and the index is deleted."""
        name = f"{self.alias}-percolate-{clock.now():%Y%m%d%H%M%S%f}"
        found = [set() for _ in queries]
        wanted = DjangoQ(lot_id__in=list(lot_ids)) | DjangoQ(external_key__in=[key for key in external_keys if key])
        entries = list(LotEntry.objects.filter(wanted).prefetch_related("tags").order_by("pk"))
        if not entries or not queries:
            return found
        try:
            index = self.index_settings(name)
            index.document(SavedSearchDocument)
            index.create()
            try:
                stored = (
                    {"_index": name, "_id": str(number), "query": self.lots_query(query).to_dict()}
                    for number, query in enumerate(queries)
                )
                bulk(self.client, stored, refresh=True)
                documents = [LotDocument.from_entry(entry).to_dict() for entry in entries]
                search = (
                    Search(using=self.client, index=name)
                    .query(Q("percolate", field="query", documents=documents))
                    .source(False)
                    .params(scroll="2m", size=1000)
                )
                for hit in search.scan():
                    for slot in hit.meta.fields["_percolator_document_slot"]:
                        entry = entries[slot]
                        found[int(hit.meta.id)].add(entry.lot_id or entry.external_key)
            finally:
                self.client.indices.delete(index=name, ignore_unavailable=True)
        except ERRORS as error:
            raise SearchUnavailable(str(error)) from error
        return found


class SavedSearchDocument(LotDocument):
    """The lots' mapping with a percolator field, so that stored searches read lot fields as lots do."""

    query = Percolator()


def marked(hit, field, default):
    fragments = getattr(getattr(hit.meta, "highlight", None), field, None)
    return " … ".join(fragments) if fragments else (default or "")


def parse_date(value):
    if not value or not isinstance(value, str):
        return value
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
