"""Fixtures for wider impact: the core measures, an award with promises, and its quarterly reporting plan.

The plan runs for the financial year that contains today (UK: 1 April to 31 March), in four quarters, each
report due 30 days after its quarter. Tests that depend on where we are in that year stop the clock at a
moment of it, counted from today's financial year, so the story is the same whatever today's date.
"""

import datetime
from decimal import Decimal

import pytest

from impact.catalogue import ensure_core_measures, record_commitments
from impact.models import DeliveryPlan
from impact.periods import financial_year_bounds, financial_year_of
from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from portal import clock


def this_financial_year():
    """The financial year that contains today, by the year it starts in (2026 for 2026/27)."""
    return financial_year_of(clock.today())


@pytest.fixture
def after_the_first_quarter(clock_at):
    """Noon, UK time, on 20 July of this financial year: the first quarter (April to June) has ended and its
    report is due on 30 July. A named day because the quarter's end and the report's due date are what the
    tests are about; the year is today's financial year."""
    clock_at(f"{datetime.date(this_financial_year(), 7, 20)} 12:00")


@pytest.fixture
def measures(db):
    return ensure_core_measures()


def make_award(organisation, supplier="Brightwash Co-operative", reference="NBC-1", **promises):
    """An award made on 1 March, a month before this financial year (and the plan) started."""
    opportunity = OpportunityPageFactory(parent=organisation, title=f"Cleaning {reference}", reference=reference)
    lot = LotFactory(opportunity=opportunity, number=1, title="Offices")
    awarded_on = datetime.date(this_financial_year(), 3, 1)
    award = AwardFactory(lot=lot, supplier_name=supplier, value=Decimal("120000"), award_date=awarded_on)
    record_commitments(award, **promises)
    return award


@pytest.fixture
def award(organisation, measures):
    return make_award(organisation, **{"local-jobs": 8, "volunteering-hours": 100})


def make_plan(award, email="reports@brightwash.example"):
    """A plan for the whole of this financial year."""
    starts_on, ends_on = financial_year_bounds(this_financial_year())
    return DeliveryPlan.objects.create(award=award, supplier_email=email, starts_on=starts_on, ends_on=ends_on)


@pytest.fixture
def plan(award):
    return make_plan(award)
