"""Factories for supplier profiles and quick quotes (tests, benchmarks)."""

import datetime

import factory

from portal import clock
from portal.suppliers import SupplierKind, SupplierSize

from .directory import refresh_search, save_work
from .models import QuoteInvitation, QuoteRequest, Supplier


class SupplierFactory(factory.django.DjangoModelFactory):
    """A findable supplier. `divisions=["55"]` says what it does; its search text is filled in after."""

    email = factory.Sequence(lambda n: f"supplier{n}@example.com")
    business_name = factory.Sequence(lambda n: f"Supplier {n} Ltd")
    postcode = "PR1 2AB"
    size = SupplierSize.SMALL
    kind = SupplierKind.PRIVATE
    description = "We clean offices and schools."
    findable = True

    class Meta:
        model = Supplier
        skip_postgeneration_save = True

    @factory.post_generation
    def divisions(self, create, extracted, **kwargs):
        if create:
            save_work(self, list(extracted or ["90"]))
            refresh_search([self])

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            self.locations.set(extracted)


class QuoteRequestFactory(factory.django.DjangoModelFactory):
    title = "Buffet lunch for 60 people"
    message = "A buffet lunch for 60 people at the town hall."
    reply_by = factory.LazyFunction(lambda: clock.today() + datetime.timedelta(days=14))

    class Meta:
        model = QuoteRequest


class QuoteInvitationFactory(factory.django.DjangoModelFactory):
    request = factory.SubFactory(QuoteRequestFactory)
    organisation = factory.SelfAttribute("request.organisation")
    supplier = factory.SubFactory(SupplierFactory)
    business_name = factory.SelfAttribute("supplier.business_name")

    class Meta:
        model = QuoteInvitation
