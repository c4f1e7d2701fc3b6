"""Factories for guidance pages, glossary terms, support providers and the statement (tests, benchmarks)."""

import datetime

import factory
import wagtail_factories

from guidance.models import (
    CommonStatement,
    GlossaryPage,
    GlossaryTerm,
    GuidanceIndexPage,
    GuidancePage,
    Signatory,
    StatementPage,
    SupportDirectoryPage,
    SupportProvider,
    SupportService,
    Topic,
)
from portal import clock


class GuidanceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Guidance"
    slug = "guidance"

    class Meta:
        model = GuidanceIndexPage


class GuidancePageFactory(wagtail_factories.PageFactory):
    """A short guide; pass `parent=<GuidanceIndexPage>` and, if you like, `body=[raw blocks]`."""

    title = factory.Sequence(lambda n: f"Guide {n}")
    topic = Topic.BIDDING
    summary = "What you need to know before you bid for a contract."
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "Before you start", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Read the whole notice first. Then make a plan.</p>"},
        ]
    )
    last_reviewed = factory.LazyFunction(clock.today)
    content_owner = "Partnership procurement team"

    class Meta:
        model = GuidancePage


class GlossaryPageFactory(wagtail_factories.PageFactory):
    title = "Glossary"
    slug = "glossary"

    class Meta:
        model = GlossaryPage


class SupportDirectoryPageFactory(wagtail_factories.PageFactory):
    title = "Business support"
    slug = "support"

    class Meta:
        model = SupportDirectoryPage


class StatementPageFactory(wagtail_factories.PageFactory):
    title = "Our common procurement statement"
    slug = "statement"

    class Meta:
        model = StatementPage


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    term = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.Sequence(lambda n: f"term-{n}")
    definition = "A plain explanation of the term."

    class Meta:
        model = GlossaryTerm


class SupportServiceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")

    class Meta:
        model = SupportService


class SupportProviderFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Support provider {n}")
    kind = SupportProvider.Kind.GROWTH_HUB
    summary = "Free help for small businesses."
    website = "https://support.example.org"

    class Meta:
        model = SupportProvider
        skip_postgeneration_save = True

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            self.services.set(extracted)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


def publish_statement(organisations, change_note="First version", statement=None, signed=None):
    """Publish a version of the common statement signed by `organisations`, as the admin would."""
    signed = signed or clock.today() - datetime.timedelta(days=1)
    if statement is None:
        statement = CommonStatement(
            summary="We will buy in a way that gives small businesses a fair chance.",
            commitments=[
                {
                    "type": "commitment",
                    "value": {"promise": "We will pay you within 30 days", "detail": "<p>Every valid invoice.</p>"},
                }
            ],
            live=False,
        )
    statement.change_note = change_note
    statement.signatories = [
        Signatory(organisation=organisation, date_signed=signed, sort_order=order)
        for order, organisation in enumerate(organisations)
    ]
    if statement.pk is None:
        statement.save()
    statement.save_revision().publish()
    return CommonStatement.objects.get(pk=statement.pk)
