"""Factories for opportunities, lots and awards (tests, benchmarks)."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories

from opportunities.models import Award, Lot, OpportunityPage, Procedure, Stage
from portal import clock


class OpportunityPageFactory(wagtail_factories.PageFactory):
    """An open opportunity; pass `parent=<OrganisationPage>`."""

    title = factory.Sequence(lambda n: f"Opportunity {n}")
    reference = factory.Sequence(lambda n: f"REF-{n:05d}")
    summary = "We need a local firm to clean our offices three times a week."
    procedure = Procedure.OPEN
    stage = Stage.OPEN
    published_date = factory.LazyFunction(lambda: clock.now() - datetime.timedelta(days=7))
    submission_deadline = factory.LazyFunction(lambda: clock.now() + datetime.timedelta(days=21))
    value_min = Decimal("20000")
    value_max = Decimal("80000")

    class Meta:
        model = OpportunityPage


class LotFactory(factory.django.DjangoModelFactory):
    """A lot of an opportunity; pass `opportunity=<OpportunityPage>`."""

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Lot {n + 1}")
    description = "Cleaning of two small offices."
    value_min = Decimal("10000")
    value_max = Decimal("40000")
    duration_months = 24
    suitable_for_sme = True

    class Meta:
        model = Lot


class AwardFactory(factory.django.DjangoModelFactory):
    lot = factory.SubFactory(LotFactory)
    supplier_name = factory.Sequence(lambda n: f"Supplier {n} Ltd")
    supplier_postcode = "PR1 2AB"
    supplier_size = Award.SupplierSize.SMALL
    supplier_type = Award.SupplierType.PRIVATE
    value = Decimal("35000")
    award_date = factory.LazyFunction(lambda: clock.today())

    class Meta:
        model = Award
