"""A small, fixed set of opportunities that every finder backend must search identically."""

import datetime
import os
from decimal import Decimal

import pytest

from django.utils import timezone

from finder import indexing
from finder.backends import get_backend
from opportunities.factories import LotFactory, OpportunityPageFactory
from opportunities.models import Lot, Procedure, Stage
from portal.factories import CPVCodeFactory, LocationFactory, SocialValueThemeFactory


def make_opportunity(parent, *, lots, cpv=None, locations=(), themes=(), **fields):
    fields.setdefault("value_min", None)
    fields.setdefault("value_max", None)
    opportunity = OpportunityPageFactory(parent=parent, **fields)
    if cpv:
        opportunity.main_cpv = cpv
    opportunity.locations.set(locations)
    opportunity.social_value_themes.set(themes)
    opportunity.save()
    for number, lot_fields in enumerate(lots, start=1):
        lot_locations = lot_fields.pop("locations", ())
        lot = LotFactory(opportunity=opportunity, number=number, **lot_fields)
        lot.locations.set(lot_locations)
        lot.save()
    return opportunity


@pytest.fixture
def catalogue(organisation, other_organisation):
    """Six opportunities across every stage; see each test for the lots it expects.

    Under the Procurement Act (values including VAT, a sub-central buyer): school meals are above the
    threshold, office cleaning below it with a notice, the kitchen refit below it without one; the IT
    helpdesk began under the 2015 Regulations; grounds maintenance states no total value, so no regime."""
    now = timezone.now()
    days = datetime.timedelta(days=1)
    catering = CPVCodeFactory(code="55520000", label="Catering services")
    cleaning = CPVCodeFactory(code="90910000", label="Cleaning services")
    equipment = CPVCodeFactory(code="39310000", label="Catering equipment")
    it = CPVCodeFactory(code="72000000", label="IT services")
    parks = CPVCodeFactory(code="77310000", label="Planting and maintenance of green areas")
    preston = LocationFactory(name="Preston", slug="preston")
    lancaster = LocationFactory(name="Lancaster", slug="lancaster")
    local_jobs = SocialValueThemeFactory(name="Local jobs", slug="local-jobs")
    data = {
        "meals": make_opportunity(
            organisation,
            title="School meals",
            summary="Hot meals for pupils in our primary and secondary schools.",
            submission_deadline=now + 10 * days,
            published_date=now - 3 * days,
            value_max_inc_vat=Decimal("552000"),
            cpv=catering,
            themes=[local_jobs],
            lots=[
                {
                    "title": "Primary school catering",
                    "description": "Catering for twelve primary schools.",
                    "value_min": Decimal("20000"),
                    "value_max": Decimal("60000"),
                    "suitable_for_sme": True,
                    "locations": [preston],
                },
                {
                    "title": "Secondary school catering",
                    "description": "Catering for four secondary schools.",
                    "value_min": Decimal("150000"),
                    "value_max": Decimal("400000"),
                    "suitable_for_sme": False,
                    "locations": [lancaster],
                },
            ],
        ),
        "cleaning": make_opportunity(
            other_organisation,
            title="Office cleaning",
            summary="Daily cleaning of the town hall.",
            submission_deadline=now + 40 * days,
            published_date=now - 1 * days,
            procedure=Procedure.BELOW_THRESHOLD_OPEN,
            value_max_inc_vat=Decimal("36000"),
            cpv=cleaning,
            locations=[preston],
            lots=[
                {
                    "title": "Town hall cleaning",
                    "description": "Cleaning offices and toilets.",
                    "value_min": None,
                    "value_max": None,
                    "suitable_for_sme": True,
                    "suitable_for_vcse": True,
                    "reserved": Lot.Reserved.VCSE,
                }
            ],
        ),
        "equipment": make_opportunity(
            organisation,
            title="Kitchen refit",
            summary="New equipment for the staff canteen.",
            stage=Stage.PIPELINE,
            submission_deadline=None,
            published_date=now - 5 * days,
            value_max_inc_vat=Decimal("12000"),
            cpv=equipment,
            lots=[
                {
                    "title": "Catering equipment",
                    "description": "Ovens and fridges.",
                    "value_min": Decimal("5000"),
                    "value_max": Decimal("10000"),
                    "suitable_for_sme": True,
                }
            ],
        ),
        "helpdesk": make_opportunity(
            other_organisation,
            title="IT helpdesk",
            summary="Support for staff laptops.",
            submission_deadline=now - 2 * days,
            published_date=now - 30 * days,
            procedure=Procedure.PCR_OPEN,
            value_max_inc_vat=Decimal("96000"),
            cpv=it,
            lots=[
                {
                    "title": "Helpdesk",
                    "description": "First-line support.",
                    "value_max": Decimal("80000"),
                    "suitable_for_sme": False,
                }
            ],
        ),
        "parks": make_opportunity(
            organisation,
            title="Grounds maintenance",
            summary="Mowing and planting in our parks.",
            stage=Stage.AWARDED,
            submission_deadline=now - 90 * days,
            published_date=now - 120 * days,
            cpv=parks,
            lots=[
                {
                    "title": "Parks",
                    "description": "All parks.",
                    "value_max": Decimal("600000"),
                    "suitable_for_sme": False,
                }
            ],
        ),
    }
    draft = make_opportunity(
        organisation,
        title="Secret catering",
        summary="Not published yet.",
        lots=[{"title": "Draft catering lot"}],
    )
    draft.unpublish()
    indexing.rebuild()
    return data


def elasticsearch_backend():
    if not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("Set ELASTICSEARCH_URL to run the contract suite against Elasticsearch.")
    backend = get_backend("elasticsearch")
    backend.rebuild()
    backend.refresh()
    return backend


@pytest.fixture(
    params=[
        "database",
        pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
    ]
)
def backend(request, catalogue, settings):
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
        return elasticsearch_backend()
    return get_backend("database")


@pytest.fixture
def finder_page(home):
    from finder.models import FinderPage

    page = FinderPage(title="Find opportunities", slug="opportunities")
    home.add_child(instance=page)
    return page
