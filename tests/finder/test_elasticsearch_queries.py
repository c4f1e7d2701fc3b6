"""Elasticsearch mappings and generated requests, checked without a server; and the fallback when the
cluster cannot be reached (a closed local port)."""

import datetime
import logging

import pytest

from django.utils import timezone

from finder.backends import search
from finder.backends.elasticsearch import ElasticsearchBackend
from finder.query import SearchQuery

CLOSED_PORT = "http://127.0.0.1:9"


@pytest.fixture
def es():
    return ElasticsearchBackend(CLOSED_PORT, prefix="test", timeout=1)


def test_mapping_uses_english_stemming_and_search_time_synonyms(es):
    body = es.index_settings("test-lots-1").to_dict()
    analysis = body["settings"]["analysis"]
    assert analysis["filter"]["english_stemmer"] == {"type": "stemmer", "language": "english"}
    synonyms = analysis["filter"]["procurement_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert "it, ict, information technology, computing" in synonyms["synonyms"]
    assert "maintenance, repairs, repair, upkeep" in synonyms["synonyms"]
    # Synonyms are expanded when searching, not when indexing, so editing them needs no reindex.
    assert "procurement_synonyms" not in analysis["analyzer"]["procurement_english"]["filter"]
    assert "procurement_synonyms" in analysis["analyzer"]["procurement_english_search"]["filter"]
    properties = body["mappings"]["properties"]
    assert properties["lot_title"] == {
        "type": "text",
        "analyzer": "procurement_english",
        "search_analyzer": "procurement_english_search",
    }
    assert properties["cpv"] == {"type": "keyword"}
    assert properties["submission_deadline"] == {"type": "date"}


def test_versioned_index_names_sit_behind_one_alias(es):
    name = es.new_index_name()
    assert es.alias == "test-lots"
    assert name.startswith("test-lots-") and name != es.alias


def test_journey_query_collapses_lots_by_opportunity_and_filters_after_matching(es):
    now = timezone.now()
    query = SearchQuery(text="catering", sme=True, value=("under-25k", "25k-100k"), closing=30, now=now)
    body = es.build_search(query).to_dict()
    assert body["query"]["multi_match"]["query"] == "catering"
    assert body["query"]["multi_match"]["operator"] == "and"
    assert body["collapse"]["field"] == "opportunity_id"
    assert body["collapse"]["inner_hits"]["highlight"]["pre_tags"] == ["\x02"]
    clauses = body["post_filter"]["bool"]["filter"]
    assert {"term": {"suitable_for_sme": True}} in clauses
    closing = next(c for c in clauses if "must" in c.get("bool", {}))
    assert closing["bool"]["must"][1]["range"]["submission_deadline"]["lte"] == now + datetime.timedelta(days=30)
    values = next(c for c in clauses if "should" in c.get("bool", {}) and "range" in str(c) and "value" in str(c))
    assert {"range": {"value": {"lt": 25000}}} in values["bool"]["should"]
    # Lots with no stated value stay in unless the supplier leaves them out.
    assert {"bool": {"must_not": [{"exists": {"field": "value"}}]}} in values["bool"]["should"]
    assert body["from"] == 0 and body["size"] == 20


def test_each_facet_counts_with_every_other_filter_but_its_own(es):
    body = es.build_search(SearchQuery(sme=True, cpv=("55",))).to_dict()
    aggs = body["aggs"]
    sme_scope = str(aggs["facet_sme"]["filter"])
    cpv_scope = str(aggs["facet_cpv"]["filter"])
    assert "suitable_for_sme" not in sme_scope and "'cpv': ['55']" in sme_scope
    assert "suitable_for_sme" in cpv_scope and "'cpv': ['55']" not in cpv_scope
    assert aggs["facet_cpv"]["aggs"]["options"] == {"terms": {"field": "cpv_facet", "size": 500}}
    assert set(aggs["facet_value"]["aggs"]["options"]["filters"]["filters"]) == {
        "under-25k",
        "25k-100k",
        "100k-500k",
        "500k-plus",
        "unvalued",
    }
    assert aggs["matching"]["aggs"]["opportunities"]["cardinality"]["field"] == "opportunity_id"


def test_sorts_and_pages(es):
    body = es.build_search(SearchQuery(sort="closing", page=3)).to_dict()
    assert body["sort"][0] == {"submission_deadline": {"order": "asc", "missing": "_last"}}
    assert body["from"] == 40
    assert es.build_search(SearchQuery(text="x", sort="relevance")).to_dict()["sort"][0] == "_score"


def test_unreachable_cluster_falls_back_to_the_database_and_logs(es, catalogue, caplog):
    with caplog.at_level(logging.WARNING, logger="finder.backends"):
        results = search(SearchQuery(text="catering"), backend=es)
    assert results.backend == "database"
    assert results.total_lots == 3
    assert "elasticsearch is unavailable" in caplog.text


def test_finder_page_answers_when_the_cluster_is_down(client, finder_page, catalogue, settings, caplog):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    with caplog.at_level(logging.WARNING, logger="finder.backends"):
        response = client.get(finder_page.url, {"q": "catering"})
    assert response.status_code == 200
    assert "Primary school <mark>catering</mark>" in response.content.decode()
    assert "unavailable" in caplog.text


def test_a_response_in_elasticsearch_format_becomes_grouped_results(es):
    """Parse a response shaped like Elasticsearch 8's answer to `build_search` (no server needed)."""
    from elasticsearch.dsl.response import Response

    query = SearchQuery(text="catering", cpv=("55",))
    lot_source = {
        "lot_id": 7,
        "opportunity_id": 3,
        "opportunity_title": "School meals",
        "opportunity_url": "/buyers/northshire/school-meals/",
        "reference": "REF-1",
        "summary": "Hot meals.",
        "buyer_name": "Northshire Borough Council",
        "buyer_slug": "northshire",
        "lot_number": 1,
        "lot_title": "Primary school catering",
        "lot_description": "Catering for twelve schools.",
        "lot_count": 2,
        "stage": "open",
        "procedure": "open",
        "published_date": "2026-11-20T10:00:00+00:00",
        "submission_deadline": "2099-01-01T12:00:00Z",
        "value_min": 20000.0,
        "value": 60000.0,
        "suitable_for_sme": True,
        "suitable_for_vcse": False,
        "reserved": "",
    }
    lot_hit = {
        "_id": "7",
        "_source": lot_source,
        "highlight": {"lot_title": ["Primary school \x02catering\x03"]},
    }
    fixed = {}
    body = es.build_search(query).to_dict()
    for facet, aggregation in body["aggs"].items():
        if facet.startswith("facet_") and "filters" in aggregation["aggs"]["options"]:
            keys = aggregation["aggs"]["options"]["filters"]["filters"]
            fixed[facet[6:]] = {"doc_count": 1, "options": {"buckets": {key: {"doc_count": 1} for key in keys}}}
    raw = {
        "took": 3,
        "timed_out": False,
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "max_score": 1.0,
            "hits": [{**lot_hit, "inner_hits": {"lots": {"hits": {"total": {"value": 1}, "hits": [lot_hit]}}}}],
        },
        "aggregations": {
            "matching": {"doc_count": 1, "opportunities": {"value": 1}},
            **{f"facet_{facet}": value for facet, value in fixed.items()},
            "facet_cpv": {"doc_count": 1, "options": {"buckets": [{"key": "55|Catering", "doc_count": 1}]}},
            "facet_location": {"doc_count": 1, "options": {"buckets": []}},
            "facet_theme": {"doc_count": 1, "options": {"buckets": []}},
            "facet_buyer": {
                "doc_count": 1,
                "options": {"buckets": [{"key": "northshire|Northshire Borough Council", "doc_count": 1}]},
            },
        },
    }
    results = es.results(query, Response(es.build_search(query), raw))
    assert results.total_lots == 1 and results.total_opportunities == 1
    hit = results.hits[0]
    assert (hit.title, hit.stage, hit.buyer_name) == ("School meals", "open", "Northshire Borough Council")
    assert hit.submission_deadline.year == 2099
    assert str(hit.lots[0].title_html) == "Primary school <mark>catering</mark>"
    assert results.facets["cpv"][0].label == "Catering" and results.facets["cpv"][0].selected
    assert results.facets["buyer"][0].value == "northshire"
    assert [option.value for option in results.facets["stage"]] == ["open", "pipeline", "closed", "awarded"]


def test_a_subcontract_lot_is_a_document_of_its_own_group(es):
    """Lots from other sources (primes' subcontracts) carry their group (below 0) where opportunities carry
    their id, so collapsing, counting and replacing a group work alike; their key is the document id."""
    from finder.documents import LotDocument
    from finder.models import LotEntry

    properties = es.index_settings("test-lots-1").to_dict()["mappings"]["properties"]
    assert properties["opportunity_id"] == {"type": "long"}
    assert properties["external_key"] == {"type": "keyword"} and properties["source"] == {"type": "keyword"}
    entry = LotEntry(
        pk=1,
        group=-4,
        source="subcontract",
        external_key="subcontract-lot:9",
        headline="Subcontract: via Big Facilities plc, for Northshire Borough Council",
        opportunity_title="Fresh bread",
        opportunity_url="/suppliers/subcontracts/2/",
        lot_number=1,
        lot_title="North schools",
        lot_count=1,
        stage="open",
        procedure="",
        text="fresh bread north schools",
    )
    entry._prefetched_objects_cache = {"tags": LotEntry.objects.none()}  # as `rebuild` prefetches them
    document = LotDocument.from_entry(entry).to_dict(include_meta=True)
    assert document["_id"] == "subcontract-lot:9"
    source = document["_source"]
    assert (source["opportunity_id"], source["source"]) == (-4, "subcontract")
    assert source["headline"].startswith("Subcontract: via Big Facilities plc")
    assert es.build_search(SearchQuery(text="bread")).to_dict()["collapse"]["field"] == "opportunity_id"
