"""Fixtures for wider impact: the core measures, an award with promises, and its quarterly reporting plan.

The plan runs for the financial year 2026/27 (four quarters, each report due 30 days after the quarter). Tests
that depend on the date move the clock with time_machine to a date in that year.
"""

import datetime
from decimal import Decimal

import pytest

from impact.catalogue import ensure_core_measures, record_commitments
from impact.models import DeliveryPlan
from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory

# 20 July 2026, noon UK time: the first quarter (April to June 2026) has ended and its report is due on 30 July.
JULY_20 = datetime.datetime(2026, 7, 20, 11, 0, tzinfo=datetime.UTC)


@pytest.fixture
def measures(db):
    return ensure_core_measures()


def make_award(organisation, supplier="Brightwash Co-operative", reference="NBC-1", **promises):
    opportunity = OpportunityPageFactory(parent=organisation, title=f"Cleaning {reference}", reference=reference)
    lot = LotFactory(opportunity=opportunity, number=1, title="Offices")
    award = AwardFactory(lot=lot, supplier_name=supplier, value=Decimal("120000"), award_date=datetime.date(2026, 3, 1))
    record_commitments(award, **promises)
    return award


@pytest.fixture
def award(organisation, measures):
    return make_award(organisation, **{"local-jobs": 8, "volunteering-hours": 100})


def make_plan(award, email="reports@brightwash.example"):
    return DeliveryPlan.objects.create(
        award=award,
        supplier_email=email,
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )


@pytest.fixture
def plan(award):
    return make_plan(award)
