"""The contract every search backend must meet: the same catalogue gives the same hits, totals and counts.

Runs on the database backend always (SQLite or PostgreSQL, whichever DATABASE_URL names; `make test`
runs it on SQLite too when the suite runs on PostgreSQL) and on Elasticsearch when ELASTICSEARCH_URL is
set. Only the order of equally relevant results may differ between them.
"""

import pytest

from finder.query import STAGES, SearchQuery

pytestmark = pytest.mark.both_databases


def titles(results):
    return [hit.title for hit in results.hits]


def lot_titles(results):
    return sorted(lot.title for hit in results.hits for lot in hit.lots)


def counts(results, facet):
    return {option.value: option.count for option in results.facets[facet]}


def test_default_shows_open_and_pipeline_lots_only(backend, catalogue):
    results = backend.search(SearchQuery())
    assert results.total_opportunities == 3
    assert results.total_lots == 4
    assert set(titles(results)) == {"School meals", "Office cleaning", "Kitchen refit"}
    assert "Secret catering" not in titles(results)


def test_keyword_finds_lots_and_groups_them_under_their_opportunity(backend, catalogue):
    results = backend.search(SearchQuery(text="catering", sort="closing"))
    assert titles(results) == ["School meals", "Kitchen refit"]
    assert [lot.title for lot in results.hits[0].lots] == ["Primary school catering", "Secondary school catering"]
    assert results.total_lots == 3


def test_keyword_match_is_highlighted_and_escaped(backend, catalogue):
    results = backend.search(SearchQuery(text="catering"))
    meals = next(hit for hit in results.hits if hit.title == "School meals")
    assert "<mark>" in meals.lots[0].title_html.lower()
    assert "catering</mark>" in meals.lots[0].title_html.lower()


def test_keyword_searches_buyer_names_and_cpv_labels(backend, catalogue):
    assert titles(backend.search(SearchQuery(text="Westmoor"))) == ["Office cleaning"]
    assert titles(backend.search(SearchQuery(text="cleaning services", stage=("open",)))) == ["Office cleaning"]


def test_or_between_words_finds_either(backend, catalogue):
    results = backend.search(SearchQuery(text="ovens or toilets"))
    assert lot_titles(results) == ["Catering equipment", "Town hall cleaning"]
    assert lot_titles(backend.search(SearchQuery(text="ovens toilets"))) == []


def test_quoted_words_must_appear_together_in_that_order(backend, catalogue):
    # Both lots' opportunity mentions "primary and secondary schools"; only one lot says "four secondary".
    assert lot_titles(backend.search(SearchQuery(text='"four secondary"'))) == ["Secondary school catering"]
    assert lot_titles(backend.search(SearchQuery(text='"secondary four"'))) == []


def test_minus_leaves_out_entries_with_the_word(backend, catalogue):
    results = backend.search(SearchQuery(text="catering -four"))
    assert lot_titles(results) == ["Catering equipment", "Primary school catering"]
    everything_else = lot_titles(backend.search(SearchQuery(text='-"four secondary"')))
    assert everything_else == ["Catering equipment", "Primary school catering", "Town hall cleaning"]


def test_words_are_stemmed_and_stop_words_ignored(backend, catalogue):
    # "fridge" is written "fridges", "cleaned" is written "cleaning"; "the" and "for" say nothing.
    assert lot_titles(backend.search(SearchQuery(text="fridge"))) == ["Catering equipment"]
    assert lot_titles(backend.search(SearchQuery(text="the cleaned toilet for"))) == ["Town hall cleaning"]


def test_supplier_journey_filters(backend, catalogue):
    query = SearchQuery(text="catering", sme=True, value=("under-25k", "25k-100k"), closing=30)
    results = backend.search(query)
    assert lot_titles(results) == ["Primary school catering"]


def test_derived_stages(backend, catalogue):
    assert titles(backend.search(SearchQuery(stage=("closed",)))) == ["IT helpdesk"]
    assert titles(backend.search(SearchQuery(stage=("awarded",)))) == ["Grounds maintenance"]
    assert titles(backend.search(SearchQuery(stage=("open",), sort="closing"))) == ["School meals", "Office cleaning"]


def test_value_bands_include_unvalued_lots_unless_told_not_to(backend, catalogue):
    included = backend.search(SearchQuery(value=("under-25k",)))
    assert lot_titles(included) == ["Catering equipment", "Town hall cleaning"]
    excluded = backend.search(SearchQuery(value=("under-25k",), unvalued="exclude"))
    assert lot_titles(excluded) == ["Catering equipment"]
    no_band = backend.search(SearchQuery(unvalued="exclude"))
    assert "Town hall cleaning" not in lot_titles(no_band)


def test_boolean_reserved_buyer_theme_location_procedure_and_cpv_filters(backend, catalogue, other_organisation):
    assert lot_titles(backend.search(SearchQuery(vcse=True))) == ["Town hall cleaning"]
    assert lot_titles(backend.search(SearchQuery(reserved="vcse"))) == ["Town hall cleaning"]
    assert titles(backend.search(SearchQuery(buyer=(other_organisation.slug,)))) == ["Office cleaning"]
    assert lot_titles(backend.search(SearchQuery(theme=("local-jobs",)))) == [
        "Primary school catering",
        "Secondary school catering",
    ]
    # A lot's own locations win over the opportunity's; a lot without any inherits them.
    assert lot_titles(backend.search(SearchQuery(location=("preston",)))) == [
        "Primary school catering",
        "Town hall cleaning",
    ]
    assert lot_titles(backend.search(SearchQuery(procedure=("below_threshold_open",)))) == ["Town hall cleaning"]
    assert lot_titles(backend.search(SearchQuery(cpv=("55", "39")))) == [
        "Catering equipment",
        "Primary school catering",
        "Secondary school catering",
    ]


def test_facet_counts_apply_every_other_filter(backend, catalogue, organisation, other_organisation):
    results = backend.search(SearchQuery(sme=True))
    assert results.total_lots == 2
    # Stage counts ignore the stage filter but keep "suitable for SMEs".
    assert counts(results, "stage") == {"open": 1, "pipeline": 1, "closed": 0, "awarded": 0}
    # The SME count ignores its own filter: 2 SME lots among the 4 open or planned.
    assert counts(results, "sme") == {"1": 2}
    assert counts(results, "cpv") == {"55": 1, "39": 1}
    assert counts(results, "buyer") == {organisation.slug: 2}
    assert counts(results, "value") == {"under-25k": 1, "25k-100k": 1, "100k-500k": 0, "500k-plus": 0, "unvalued": 0}
    assert counts(results, "closing") == {"7": 0, "14": 1, "30": 1}
    assert counts(results, "location") == {"preston": 1}


def test_suitability_follows_the_acts_rule_not_the_tick_box_alone(backend, catalogue):
    # "Town hall cleaning" is ticked as suitable for SMEs but reserved for charities, social enterprises
    # and co-ops: most SMEs cannot bid, so the SME filter leaves it out and the VCSE filter finds it.
    assert lot_titles(backend.search(SearchQuery(sme=True))) == ["Catering equipment", "Primary school catering"]
    assert lot_titles(backend.search(SearchQuery(vcse=True))) == ["Town hall cleaning"]
    cleaning = next(hit for hit in backend.search(SearchQuery(vcse=True)).hits)
    assert (cleaning.lots[0].suitable_for_sme, cleaning.lots[0].suitable_for_vcse) == (False, True)


def test_contract_size_groups_the_acts_regimes(backend, catalogue):
    everything = backend.search(SearchQuery(stage=tuple(STAGES)))
    # Grounds maintenance states no total value, so it is in no group.
    assert counts(everything, "regime") == {"below-threshold": 2, "above-threshold": 2, "pcr-2015": 1}
    # Open and planned lots only (the default), each count given the other filters.
    assert counts(backend.search(SearchQuery()), "regime") == {
        "below-threshold": 2,
        "above-threshold": 2,
        "pcr-2015": 0,
    }
    below = backend.search(SearchQuery(regime=("below-threshold",)))
    # Notice or no notice, below the threshold is one choice.
    assert lot_titles(below) == ["Catering equipment", "Town hall cleaning"]
    assert counts(below, "regime") == {"below-threshold": 2, "above-threshold": 2, "pcr-2015": 0}
    assert counts(below, "sme") == {"1": 1}
    above = backend.search(SearchQuery(regime=("above-threshold",)))
    assert lot_titles(above) == ["Primary school catering", "Secondary school catering"]
    older = backend.search(SearchQuery(stage=tuple(STAGES), regime=("pcr-2015", "below-threshold")))
    assert lot_titles(older) == ["Catering equipment", "Helpdesk", "Town hall cleaning"]
    assert {o.value for o in older.facets["regime"] if o.selected} == {"pcr-2015", "below-threshold"}


def test_selected_options_are_marked(backend, catalogue):
    results = backend.search(SearchQuery(cpv=("55",), stage=("open",)))
    selected = {option.value for option in results.facets["cpv"] if option.selected}
    assert selected == {"55"}
    assert {o.value for o in results.facets["stage"] if o.selected} == {"open"}


def test_sorts(backend, catalogue):
    assert titles(backend.search(SearchQuery(sort="newest"))) == ["Office cleaning", "School meals", "Kitchen refit"]
    assert titles(backend.search(SearchQuery(sort="value"))) == ["School meals", "Kitchen refit", "Office cleaning"]
    assert titles(backend.search(SearchQuery(sort="closing"))) == ["School meals", "Office cleaning", "Kitchen refit"]


def test_pages_hold_whole_opportunities(backend, catalogue):
    first = backend.search(SearchQuery(sort="closing", per_page=1))
    second = backend.search(SearchQuery(sort="closing", per_page=1, page=2))
    assert first.pages == 3
    assert titles(first) == ["School meals"]
    assert len(first.hits[0].lots) == 2
    assert titles(second) == ["Office cleaning"]


def test_zero_results_counts_what_removing_each_filter_would_show(backend, catalogue):
    query = SearchQuery(text="catering", vcse=True, closing=7)
    assert backend.search(query).total_lots == 0
    assert backend.counts_without(query, ["vcse", "closing"]) == {"vcse": 0, "closing": 0}
    query = SearchQuery(text="catering", vcse=True)
    assert backend.counts_without(query, ["vcse"]) == {"vcse": 3}
    query = SearchQuery(text="helpdesk", stage=("open",))
    assert backend.counts_without(query, ["stage"]) == {"stage": 1}


@pytest.mark.parametrize("text", ['"catering', "catering)", "(", "-", "OR", "a & b | !c", "café", "学校", "x" * 200])
def test_awkward_keywords_never_raise(backend, catalogue, text):
    results = backend.search(SearchQuery(text=text))
    assert results.total_lots >= 0
