"""Matching rules, reasons, and the inverted index giving exactly the brute-force answer."""

import random
from decimal import Decimal

import pytest

from alerts.criteria import CPV_DIVISIONS, STOP_WORDS, SupplierType, keyword_phrases
from alerts.matching import (
    LotFacts,
    Place,
    Places,
    Profile,
    SubscriptionIndex,
    bitmap_threshold,
    build_index,
    file_phrases,
    load_lot_facts,
)

from .conftest import it_lot
from .reference import brute_force, words

NORTH_WEST, PRESTON, LANCASTER, LONDON, HACKNEY = 1, 2, 3, 4, 5
PLACES = Places(
    [
        Place(NORTH_WEST, "North West", True, None),
        Place(PRESTON, "Preston", False, NORTH_WEST),
        Place(LANCASTER, "Lancaster", False, NORTH_WEST),
        Place(LONDON, "London", True, None),
        Place(HACKNEY, "Hackney", False, LONDON),
    ]
)


def lot(id=1, text="Website maintenance for the council", **fields):
    fields.setdefault("cpv_codes", ("72200000",))
    fields.setdefault("location_ids", frozenset({PRESTON}))
    fields.setdefault("groups", frozenset({"sme"}))
    fields.setdefault("value_min", Decimal("40000"))
    fields.setdefault("value_max", Decimal("40000"))
    return LotFacts(
        id=id, opportunity_id=1, buyer_id=7, buyer_name="Northshire Council", terms=frozenset(words(text)), **fields
    )


def matches(profile, lot_facts):
    return SubscriptionIndex([profile], PLACES).match(lot_facts)


def reasons(profile, lot_facts):
    [match] = matches(profile, lot_facts)
    return "; ".join(match.reasons)


def test_reasons_say_in_plain_english_why_a_lot_matches():
    profile = Profile.from_fields(
        1, cpv_prefixes=["72"], location_ids=[PRESTON], supplier_types=["micro"], max_value=Decimal("50000")
    )
    assert reasons(profile, lot()) == (
        "CPV 72 IT services; delivery in Preston; lot value £40,000 is within your limit; suitable for SMEs"
    )


def test_keywords_match_every_word_of_a_phrase_in_any_order_and_plurals():
    school_meals = Profile.from_fields(1, keywords="school meal, grass cutting")
    assert reasons(school_meals, lot(text="Meals for schools in the district")) == "mentions “school meal”"
    assert reasons(school_meals, lot(text="Cutting the grass verges")) == "mentions “grass cutting”"
    assert matches(school_meals, lot(text="School uniforms")) == []


def test_cpv_groups_and_codes_match_more_exact_lot_codes_only():
    group = Profile.from_fields(1, cpv_prefixes=["45330000"])  # plumbing group
    assert reasons(group, lot(cpv_codes=("45331000",))) == "CPV 4533 (Construction work)"
    assert matches(group, lot(cpv_codes=("45400000",))) == []


def test_regions_and_local_areas_match_each_other():
    region = Profile.from_fields(1, location_ids=[NORTH_WEST])
    assert reasons(region, lot(location_ids=frozenset({PRESTON}))) == "delivery in Preston, in North West"
    area = Profile.from_fields(1, location_ids=[LANCASTER])
    assert reasons(area, lot(location_ids=frozenset({NORTH_WEST}))) == (
        "delivery across North West, which includes Lancaster"
    )
    assert matches(area, lot(location_ids=frozenset({PRESTON}))) == []
    assert matches(area, lot(location_ids=frozenset())) == []


def test_value_limit_uses_the_lowest_value_of_the_lot():
    limit = Profile.from_fields(1, keywords="website", max_value=Decimal("30000"))
    assert matches(limit, lot(value_min=Decimal("40000"), value_max=Decimal("60000"))) == []
    assert reasons(limit, lot(value_min=Decimal("20000"), value_max=Decimal("60000"))) == (
        "mentions “website”; lot value starts at £20,000, within your limit"
    )
    assert reasons(limit, lot(value_min=None, value_max=None)) == "mentions “website”"


def test_supplier_type_needs_a_lot_that_suits_or_is_reserved_for_that_kind_of_business():
    coop = Profile.from_fields(1, supplier_types=[SupplierType.COOP])
    assert matches(coop, lot(groups=frozenset({"sme"}))) == []
    assert reasons(coop, lot(groups=frozenset({"vcse"}), reserved="vcse")) == (
        "reserved for charities, social enterprises and co-ops"
    )
    anyone = Profile.from_fields(1, keywords="website")
    assert len(matches(anyone, lot(groups=frozenset({"vcse"}), reserved="vcse"))) == 1


def test_buyer_limits_matches_to_one_organisation():
    assert reasons(Profile.from_fields(1, buyer_id=7), lot()) == "from Northshire Council"
    assert matches(Profile.from_fields(1, buyer_id=8), lot()) == []


def random_profile(rng, id):
    divisions = list(CPV_DIVISIONS)
    vocabulary = ["website", "catering", "school meals", "cleaning", "grass cutting", "repairs", "training"]
    fields = {}
    for name, chance in (("keywords", 0.3), ("cpv", 0.6), ("places", 0.5), ("types", 0.3), ("buyer", 0.1)):
        if rng.random() < chance:
            fields[name] = True
    if not fields:
        fields["cpv"] = True
    return Profile.from_fields(
        id,
        keywords=", ".join(rng.sample(vocabulary, rng.randint(1, 2))) if "keywords" in fields else "",
        cpv_prefixes=[rng.choice(divisions) + rng.choice(["", "2", "22"]) for _ in range(rng.randint(1, 3))]
        if "cpv" in fields
        else [],
        location_ids=rng.sample(range(1, 6), rng.randint(1, 2)) if "places" in fields else [],
        supplier_types=rng.sample(list(SupplierType.values), rng.randint(1, 2)) if "types" in fields else [],
        buyer_id=rng.choice([7, 8]) if "buyer" in fields else None,
        max_value=rng.choice([None, Decimal("25000"), Decimal("100000")]),
    )


def random_lot(rng, id):
    divisions = list(CPV_DIVISIONS)
    sentences = ["Website support", "Catering for school meals", "Office cleaning", "Grass cutting", "Roof repairs"]
    low = rng.choice([None, Decimal("10000"), Decimal("50000"), Decimal("200000")])
    return LotFacts(
        id=id,
        opportunity_id=id,
        buyer_id=rng.choice([7, 8, 9]),
        buyer_name="Buyer",
        cpv_codes=tuple(rng.choice(divisions) + rng.choice(["000000", "200000", "221000"]) for _ in range(2)),
        location_ids=frozenset(rng.sample(range(1, 6), rng.randint(0, 2))),
        terms=frozenset(words(" ".join(rng.sample(sentences, 2)))),
        value_min=low,
        value_max=low * 2 if low else None,
        groups=frozenset(g for g in ("sme", "vcse") if rng.random() < 0.5),
        reserved="",
    )


@pytest.mark.parametrize(
    "dense_from",
    [None, 40, 10**9],
    ids=["as chosen", "long posting lists as bitmaps, short ones as lists", "every posting list a list"],
)
def test_the_index_finds_exactly_what_brute_force_finds_on_a_random_sample(dense_from):
    rng = random.Random(20261125)
    # Ids with gaps and out of order, as a real table has after deletions.
    ids = rng.sample(range(1, 9001), 3000)
    profiles = [random_profile(rng, id) for id in ids]
    lots = [random_lot(rng, id) for id in range(1, 201)]
    index = SubscriptionIndex(profiles, PLACES, dense_from=dense_from)
    found = {(m.subscription_id, m.lot_id) for m in index.match_all(lots)}
    places = {p.id: (p.is_region, p.region_id) for p in PLACES.by_id.values()}
    expected = brute_force(profiles, lots, places)
    assert len(expected) > 500  # the sample must exercise the matcher, not agree on nothing
    assert found == expected


def test_the_index_looks_only_at_subscriptions_that_share_a_value_with_the_lot():
    profiles = [Profile.from_fields(id, cpv_prefixes=["55"]) for id in range(1, 1001)]
    profiles.append(Profile.from_fields(5000, cpv_prefixes=["72"], location_ids=[PRESTON]))
    index = SubscriptionIndex(profiles, PLACES)
    assert index.candidates(lot()) == {5000}


def test_long_posting_lists_become_bitmaps_within_a_memory_budget():
    # 8,000 subscriptions: a bitmap takes 1,000 bytes; lists of 1/256 of them (31) or more always are one.
    lengths = [5000, 400, 40, 30, 5]
    assert bitmap_threshold(lengths, 8000, budget=10**6) == 1  # room for all
    assert bitmap_threshold(lengths, 8000, budget=4000) == 6  # room for the four longest
    assert bitmap_threshold(lengths, 8000, budget=1000) == 31  # room for one, but lists of 31 or more always are
    assert bitmap_threshold([], 0) == 1


def test_both_kinds_of_posting_list_are_used_when_some_are_short():
    profiles = [Profile.from_fields(id, cpv_prefixes=["72" if id % 10 else "55"]) for id in range(1, 101)]
    index = SubscriptionIndex(profiles, PLACES, dense_from=20)
    assert set(index.postings["cpv"].bitmaps) == {"72"}
    assert set(index.postings["cpv"].lists) == {"55"}
    assert index.candidates(lot(cpv_codes=("55100000", "72000000"))) == set(range(1, 101))


def test_a_phrase_is_filed_under_its_least_used_word():
    school_meals, school_trips, school = (
        frozenset({"school", "meal"}),
        frozenset({"school", "trip"}),
        frozenset({"school"}),
    )
    filed = file_phrases([school_meals, school_trips, school])
    assert filed == {"meal": {school_meals}, "trip": {school_trips}, "school": {school}}


def test_an_index_of_no_subscriptions_matches_nothing():
    assert SubscriptionIndex([], PLACES).match(lot()) == []


def test_matches_come_in_subscription_order_whatever_the_order_given():
    profiles = [Profile.from_fields(id, cpv_prefixes=["72"]) for id in (40, 3, 17, 8)]
    assert [m.subscription_id for m in SubscriptionIndex(profiles, PLACES).match(lot())] == [3, 8, 17, 40]


def test_stop_words_alone_do_not_make_a_keyword():
    assert keyword_phrases("services, the") == []
    assert "services" in STOP_WORDS


@pytest.mark.django_db
def test_lot_facts_and_index_load_in_a_fixed_number_of_queries(
    places, publish_opportunity, make_subscription, django_assert_max_num_queries
):
    opportunity = publish_opportunity([it_lot(places), it_lot(places, title="Hosting", cpv_codes=[])])
    for n in range(20):
        make_subscription(f"s{n}@example.org", locations=[places["preston"]], cpv_prefixes=["72"])
    with django_assert_max_num_queries(7):
        facts = load_lot_facts(list(opportunity.lots.values_list("pk", flat=True)))
    with django_assert_max_num_queries(3):
        index = build_index()
    assert len(index.match_all(facts)) == 20  # the lot without codes falls back to the opportunity's (none)
