"""What a subscriber notices about matching: the finder's search rules, and reasons in plain English."""

from decimal import Decimal

import pytest

from django.core import mail

from alerts.criteria import Frequency
from alerts.models import Delivery

from .conftest import it_lot

pytestmark = pytest.mark.django_db


def sent_to(subscription):
    return list(Delivery.objects.filter(subscription=subscription).values_list("lot__title", flat=True))


def subscribe(make_subscription, **search):
    return make_subscription(search=search, frequency=Frequency.DAILY)


def test_or_between_words_means_either_as_in_the_finder(make_subscription, publish_opportunity, places):
    either = subscribe(make_subscription, q="catering or cleaning")
    both = subscribe(make_subscription, q="catering cleaning")
    publish_opportunity(
        [
            it_lot(places, title="School catering", description="Hot meals."),
            it_lot(places, title="Office cleaning", description="Daily."),
            it_lot(places, title="Window repairs", description="Frames."),
        ],
        summary="Three contracts for the town hall.",
    )
    assert sorted(sent_to(either)) == ["Office cleaning", "School catering"]
    assert sent_to(both) == []


def test_keywords_find_buyer_and_place_names_and_word_forms(
    make_subscription, publish_opportunity, places, organisation
):
    by_place = subscribe(make_subscription, q="preston")
    by_buyer = subscribe(make_subscription, q="northshire")
    by_stem = subscribe(make_subscription, q="websites maintenance")
    left_out = subscribe(make_subscription, q="website -preston")
    publish_opportunity([it_lot(places)])
    assert sent_to(by_place) == sent_to(by_buyer) == sent_to(by_stem) == ["Website maintenance"]
    assert sent_to(left_out) == []


def test_value_bands_use_the_lots_highest_value(make_subscription, publish_opportunity, places):
    small = subscribe(make_subscription, value=["under-25k"])
    medium = subscribe(make_subscription, value=["25k-100k"])
    publish_opportunity([it_lot(places, value_min=Decimal("20000"), value_max=Decimal("60000"))])
    assert sent_to(small) == []
    assert sent_to(medium) == ["Website maintenance"]


def test_places_and_buyers_match_as_chosen(make_subscription, publish_opportunity, places, organisation):
    region = subscribe(make_subscription, location=["tld"])
    area = subscribe(make_subscription, location=["lancaster", "preston"])
    buyers = subscribe(make_subscription, buyer=["someone-else", organisation.slug])
    publish_opportunity([it_lot(places)])
    assert sent_to(region) == []  # the lot names Preston, not the North West
    assert sent_to(area) == sent_to(buyers) == ["Website maintenance"]


def test_reasons_say_in_plain_english_why_a_lot_matches(make_subscription, publish_opportunity, places):
    subscription = subscribe(
        make_subscription, q="website or intranet", cpv=["72"], location=["preston"], value=["25k-100k"], sme="1"
    )
    publish_opportunity([it_lot(places)])
    [delivery] = Delivery.objects.filter(subscription=subscription)
    assert delivery.reasons == [
        "mentions “website”",
        "CPV 72 IT services",
        "delivery in Preston",
        "lot value £25,000 to £100,000",
        "suitable for SMEs",
    ]
    assert mail.outbox == []  # a daily subscriber hears at the next digest


def test_a_search_for_awarded_contracts_hears_about_no_new_lots(make_subscription, publish_opportunity, places):
    awarded = subscribe(make_subscription, q="website", stage=["awarded"])
    publish_opportunity([it_lot(places)])
    assert sent_to(awarded) == []


def test_the_size_of_contract_matches_as_in_the_finder_and_is_given_as_a_reason(
    make_subscription, publish_opportunity, places
):
    below = subscribe(make_subscription, q="website", regime=["below-threshold"])
    above = subscribe(make_subscription, q="website", regime=["above-threshold"])
    either = subscribe(make_subscription, q="website", regime=["pcr-2015", "below-threshold"])
    # £96,000 including VAT from a council: below the threshold, with a notice.
    publish_opportunity([it_lot(places)], value_max_inc_vat=Decimal("96000"))
    assert sent_to(below) == sent_to(either) == ["Website maintenance"]
    assert sent_to(above) == []
    [delivery] = Delivery.objects.filter(subscription=either)
    assert delivery.reasons == ["mentions “website”", "below the threshold: simpler process"]
