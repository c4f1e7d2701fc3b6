"""The common procurement statement: how every anchor in the partnership promises to buy.

There is one statement. It is a versioned snippet: editors save drafts, publish new versions and see
the history in the admin; every published version is kept as a revision and listed on /statement/.
The database row always holds the live (published) version, so showing it costs two queries.
"""

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin
from wagtail.models.audit_log import ModelLogEntry


class CommitmentBlock(blocks.StructBlock):
    promise = blocks.CharBlock(max_length=120, help_text="A short promise, like 'We will pay you within 30 days'.")
    detail = blocks.RichTextBlock(features=["bold", "link", "ul"], help_text="What this means in practice.")

    class Meta:
        icon = "tick"
        template = "guidance/includes/commitment_block.html"


class CommonStatement(DraftStateMixin, RevisionMixin, ClusterableModel):
    title = models.CharField(max_length=120, default="Our common procurement statement")
    summary = models.TextField(
        max_length=400, help_text="One or two plain sentences shown on the home page and every buyer's page."
    )
    commitments = StreamField([("commitment", CommitmentBlock())], min_num=1)
    change_note = models.CharField(
        "what changed in this version",
        max_length=200,
        help_text="Shown in the statement's public history, like 'Added a promise on fair payment'.",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("commitments"),
        FieldPanel("change_note"),
        InlinePanel(
            "signatories",
            heading="Organisations that have signed",
            label="Signatory",
            help_text="A version can only be published once at least one organisation has signed it.",
        ),
    ]

    class Meta:
        verbose_name = "common procurement statement"

    def __str__(self):
        return self.title

    @classmethod
    def current(cls):
        """The live statement with its signatories and their organisations, in two queries."""
        return (
            cls.objects.filter(live=True)
            .prefetch_related(
                models.Prefetch(
                    "signatories",
                    queryset=Signatory.objects.select_related("organisation").order_by("sort_order", "pk"),
                )
            )
            .order_by("-last_published_at", "pk")
            .first()
        )

    def clean(self):
        super().clean()
        others = CommonStatement.objects.exclude(pk=self.pk)
        if others.exists():
            raise ValidationError(
                "There is already a common statement. Edit that one and publish a new version instead."
            )

    def published_versions(self):
        """Every published version, newest first, as (number, published_at, revision) (one query)."""
        entries = list(
            ModelLogEntry.objects.for_instance(self)
            .filter(action="wagtail.publish", revision__isnull=False)
            .select_related("revision")
            .order_by("timestamp", "pk")
        )
        versions = [
            StatementVersion(number, entry.timestamp, entry.revision.content)
            for number, entry in enumerate(entries, start=1)
        ]
        return list(reversed(versions))


class StatementVersion:
    """One published version of the statement, read from its revision."""

    def __init__(self, number, published_at, content):
        self.number = number
        self.published_at = published_at
        self.title = content.get("title", "")
        self.change_note = content.get("change_note", "")
        self.signatory_count = len(content.get("signatories", []))


class Signatory(Orderable):
    statement = ParentalKey(CommonStatement, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey("portal.OrganisationPage", on_delete=models.CASCADE, related_name="+")
    date_signed = models.DateField()

    panels = [FieldPanel("organisation"), FieldPanel("date_signed")]

    class Meta(Orderable.Meta):
        verbose_name = "signatory"

    def __str__(self):
        return f"{self.organisation} signed on {self.date_signed:%d %B %Y}"
