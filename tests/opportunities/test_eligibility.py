"""The "can a business like mine bid?" pointers, computed from the opportunity's data."""

import datetime
from decimal import Decimal

import pytest

from django.utils import timezone

from opportunities.eligibility import bid_readiness, lot_readiness
from opportunities.models import Lot, OpportunityPage, Stage

# Building an unsaved page reads the default locale from the database.
pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 25, 10, 0))


def opportunity(**fields):
    defaults = {"stage": Stage.OPEN, "submission_deadline": NOW + datetime.timedelta(days=20)}
    return OpportunityPage(**{**defaults, **fields})


def lots(*values, **fields):
    return [Lot(number=n, value_max=Decimal(v), **fields) for n, v in enumerate(values, start=1)]


def pointer(readiness, heading):
    return next(p for p in readiness.pointers if p.heading == heading)


def test_small_lot_turnover_and_plenty_of_time_read_as_within_reach():
    readiness = bid_readiness(opportunity(), lots(250000, 40000, suitable_for_sme=True), now=NOW)
    size = pointer(readiness, "Size of the work")
    assert size.ok and "The smallest lot is worth up to £40,000" in size.text
    assert pointer(readiness, "Turnover").text == "The buyer does not ask for a minimum yearly turnover."
    assert pointer(readiness, "Time to bid").text == "20 days left to send your bid."
    assert pointer(readiness, "Who it suits").ok
    assert readiness.concerns == []


def test_large_lots_high_turnover_and_short_time_are_flagged():
    readiness = bid_readiness(
        opportunity(
            minimum_turnover=Decimal("2000000"),
            submission_deadline=NOW + datetime.timedelta(days=4, hours=2),
            accreditations="ISO 14001",
        ),
        lots(1500000, 3000000),
        now=NOW,
    )
    concerns = {p.heading: p.text for p in readiness.concerns}
    assert "consortium" in concerns["Size of the work"]
    assert concerns["Turnover"] == "You need a yearly turnover of at least £2,000,000."
    assert concerns["Time to bid"].startswith("Only 4 days left")
    assert concerns["Certificates"] == "You need: ISO 14001"
    assert "Who it suits" in concerns


def test_single_lot_is_called_the_contract():
    readiness = bid_readiness(opportunity(), lots(30000), now=NOW)
    assert pointer(readiness, "Size of the work").text.startswith("The contract is worth up to £30,000")


def test_closed_and_planned_opportunities_say_so():
    closed = bid_readiness(opportunity(submission_deadline=NOW - datetime.timedelta(hours=1)), lots(1), now=NOW)
    assert pointer(closed, "Time to bid").text == "Bids are closed for this opportunity."
    planned = bid_readiness(opportunity(stage=Stage.PIPELINE, submission_deadline=None), lots(1), now=NOW)
    assert "not open yet" in pointer(planned, "Time to bid").text


def test_last_day_and_reserved_lots():
    readiness = bid_readiness(
        opportunity(submission_deadline=NOW + datetime.timedelta(hours=5)),
        [Lot(number=1, value_max=None, reserved="vcse"), Lot(number=2, value_max=None)],
        now=NOW,
    )
    assert pointer(readiness, "Time to bid").text == "Bids close today."
    assert "lot 1" in pointer(readiness, "Who it suits").text
    assert "not said what the lots are worth" in pointer(readiness, "Size of the work").text


def test_only_some_suppliers_may_bid_says_who():
    from portal.models import Location

    area = Location(pk=1, name="Northshire")
    reserved = [
        Lot(number=1, value_max=None, reserved="vcse"),
        Lot(number=2, value_max=None, reserved="local", reserved_area=area),
    ]
    who = pointer(bid_readiness(opportunity(), reserved, now=NOW), "Who it suits")
    assert who.text == (
        "Only some suppliers may bid: lot 1 only charities, social enterprises and co-ops; "
        "lot 2 only suppliers based in Northshire."
    )
    assert not who.ok


def test_the_answers_for_one_lot_speak_of_that_lot():
    page = opportunity(accreditations="ISO 9001", minimum_turnover=Decimal("200000"))
    small, reserved = lots(40000, 900000)
    reserved.reserved = "sme"
    answers = lot_readiness(page, reserved, now=NOW)
    assert pointer(answers, "Size of the work").text.startswith("This lot is worth up to £900,000.")
    assert pointer(answers, "Who may bid").text == (
        "Only small and medium-sized businesses (fewer than 250 staff) may bid for this lot."
    )
    assert pointer(answers, "Certificates").text == "You need: ISO 9001"
    assert pointer(answers, "Turnover").text == "You need a yearly turnover of at least £200,000."
    small.suitable_for_sme = True
    assert pointer(lot_readiness(page, small, now=NOW), "Who may bid").text == (
        "Any supplier. The buyer says it suits small businesses."
    )
