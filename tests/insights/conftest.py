"""A small award fixture whose dashboard figures are worked out by hand in the tests."""

import datetime
from decimal import Decimal

import pytest

from django.utils import timezone

from impact.catalogue import ensure_core_measures, record_commitments
from insights.models import InsightsPage
from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from opportunities.models import Award, Stage
from portal.models import CPVCode, PortalSettings

PLAIN = "We need a firm to cut the grass in our parks. The work runs for two years and starts in May."
COMPLEX = (
    "The contracting authority requires comprehensive multidisciplinary facilities management encompassing "
    "mechanical, electrical and environmental infrastructure maintenance obligations."
)


def moment(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


@pytest.fixture
def insights_page(home):
    page = InsightsPage(title="Where the money goes", slug="insights")
    home.add_child(instance=page)
    return page


@pytest.fixture
def cpv(db):
    # The divisions ship with the migrations; set the labels the hand-computed figures expect.
    it, _ = CPVCode.objects.update_or_create(code="72000000", defaults={"check_digit": "5", "label": "IT services"})
    cleaning, _ = CPVCode.objects.update_or_create(
        code="90000000", defaults={"check_digit": "7", "label": "Sewage, refuse and cleaning services"}
    )
    return {"it": it, "cleaning": cleaning}


# The award's old counters, by the code of the catalogue measure that replaced each.
MEASURE_CODES = {
    "local_jobs": "local-jobs",
    "apprenticeships": "apprenticeships",
    "hard_to_reach_opportunities": "hard-to-reach",
    "volunteering_hours": "volunteering-hours",
}


def award(lot, name, postcode, size, kind, value, date, **commitments):
    made = AwardFactory(
        lot=lot,
        supplier_name=name,
        supplier_postcode=postcode,
        supplier_size=size,
        supplier_type=kind,
        value=Decimal(value),
        award_date=date,
    )
    ensure_core_measures()
    record_commitments(made, **{MEASURE_CODES[name]: number for name, number in commitments.items()})
    return made


@pytest.fixture
def awards_fixture(organisation, other_organisation, cpv, insights_page):
    """Five awards on published opportunities (and one on a draft, which must not count).

    Local districts are PR1 and BB1. See test_dashboard_figures.py for the sums.
    """
    settings = PortalSettings.load()
    settings.local_postcode_districts = "PR1, bb1"
    settings.save()
    size, kind = Award.SupplierSize, Award.SupplierType

    a1 = OpportunityPageFactory(
        parent=organisation,
        title="IT support",
        reference="NBC-1",
        stage=Stage.AWARDED,
        summary=PLAIN,
        main_cpv=cpv["it"],
        published_date=moment(2025, 1, 1),
        submission_deadline=moment(2025, 1, 31),
    )
    lot1 = LotFactory(
        opportunity=a1,
        number=1,
        title="Desktop support",
        value_max=Decimal("100000"),
        suitable_for_sme=True,
        suitable_for_vcse=True,
    )
    lot2 = LotFactory(opportunity=a1, number=2, title="Servers", value_max=Decimal("50000"), suitable_for_sme=False)
    award(
        lot1,
        "Alpha Ltd",
        "PR1 2AB",
        size.SMALL,
        kind.PRIVATE,
        "10000",
        datetime.date(2025, 2, 10),
        local_jobs=2,
        apprenticeships=1,
    )
    award(
        lot1, "Beta Co-op", " pr1 3cd", size.MICRO, kind.COOP, "5000", datetime.date(2025, 5, 1), volunteering_hours=10
    )
    award(
        lot2,
        "Gamma plc",
        "M1 1AA",
        size.LARGE,
        kind.PRIVATE,
        "30000",
        datetime.date(2025, 5, 20),
        local_jobs=3,
        hard_to_reach_opportunities=2,
    )

    a3 = OpportunityPageFactory(
        parent=organisation,
        title="Grass cutting",
        reference="NBC-3",
        stage=Stage.OPEN,
        summary=COMPLEX,
        published_date=moment(2025, 3, 1),
        submission_deadline=moment(2025, 3, 21),
    )
    LotFactory(opportunity=a3, number=1, title="Parks", value_max=Decimal("40000"), suitable_for_sme=True)

    draft = OpportunityPageFactory(
        parent=organisation, title="Draft", reference="NBC-2", stage=Stage.AWARDED, live=False
    )
    draft_lot = LotFactory(opportunity=draft, number=1, title="Hidden", value_max=Decimal("1"))
    award(draft_lot, "Hidden Ltd", "PR1 1AA", size.SMALL, kind.PRIVATE, "99999", datetime.date(2025, 2, 1))

    b1 = OpportunityPageFactory(
        parent=other_organisation,
        title="Office cleaning",
        reference="WCC-1",
        stage=Stage.AWARDED,
        main_cpv=cpv["cleaning"],
        published_date=moment(2024, 9, 1),
        submission_deadline=moment(2024, 9, 15),
    )
    lot_b = LotFactory(opportunity=b1, number=1, title="Offices", value_max=Decimal("35000"), suitable_for_vcse=True)
    award(
        lot_b,
        "Delta CIC",
        "BB1 4EF",
        size.MEDIUM,
        kind.SOCIAL_ENTERPRISE,
        "20000",
        datetime.date(2025, 8, 15),
        apprenticeships=2,
    )
    award(lot_b, "Epsilon Ltd", "PR10 1AA", size.SMALL, kind.PRIVATE, "15000", datetime.date(2024, 11, 30))
    return {"a1": a1, "a3": a3, "b1": b1, "draft": draft}
