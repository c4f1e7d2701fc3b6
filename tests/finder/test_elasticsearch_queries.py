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
