"""Guidance pages and the pages that gather guidance, the glossary, support and the statement."""

import datetime
import math

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from guidance.blocks import GuidanceBodyBlock, contents
from guidance.forms import GuidancePageForm
from portal import clock
from portal.models import BasePage, IndexPage
from portal.panels import ReadingAgePanel
from portal.readability import plain_text

WORDS_PER_MINUTE = 200  # a comfortable pace for plain English; slower readers are why we round up
REVIEW_EVERY = datetime.timedelta(days=365)


class Topic(models.TextChoices):
    PUBLIC_BUYING = "public_buying", "How public buying works"
    FINDING = "finding", "Finding opportunities"
    BIDDING = "bidding", "Bidding"
    SOCIAL_VALUE = "social_value", "Social value"
    CERTIFICATIONS = "certifications", "Certifications"
    GETTING_PAID = "getting_paid", "Getting paid"
    COOPS = "coops", "Co-ops and social enterprises"
    CONSORTIA = "consortia", "Working as a consortium"


class GuidanceIndexPage(IndexPage):
    """/guidance/: every guidance page, grouped by topic."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["guidance.GuidancePage", "guidance.GlossaryPage"]
    max_count = 1

    class Meta:
        verbose_name = "guidance index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = self.topics()
        context["glossary"] = GlossaryPage.objects.child_of(self).live().first()
        return context

    def topics(self):
        """[(topic label, [pages])] in the order topics are listed, skipping empty topics (one query)."""
        pages = GuidancePage.objects.child_of(self).live().only("title", "summary", "topic", "url_path", "path")
        by_topic = {}
        for page in pages.order_by("title"):
            by_topic.setdefault(page.topic, []).append(page)
        return [(label, by_topic[value]) for value, label in Topic.choices if value in by_topic]


class GuidancePage(BasePage):
    """A plain-English explanation of one part of selling to the public sector."""

    topic = models.CharField(max_length=30, choices=Topic.choices)
    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences: who this is for and what they will learn. 300 characters at most.",
    )
    body = StreamField(GuidanceBodyBlock())
    last_reviewed = models.DateField(default=datetime.date.today, help_text="When someone last checked this is right.")
    next_review_due = models.DateField(
        blank=True, help_text="When it must be checked again. Leave empty for a year after it was last reviewed."
    )
    content_owner = models.CharField(
        "owner", max_length=120, help_text="The team that keeps this page right, like 'Partnership procurement team'."
    )
    # Which opportunities link to this page as help. Stored as the opportunity's stage and procedure values;
    # the choices come from the opportunities app (see guidance.forms) so that they never drift.
    opportunity_stage = models.CharField(max_length=30, blank=True)
    opportunity_procedure = models.CharField(max_length=30, blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("topic"),
        FieldPanel("summary"),
        ReadingAgePanel("summary"),
        FieldPanel("body"),
        ReadingAgePanel("body"),
        InlinePanel("related_links", heading="Related guidance", label="Related page", max_num=6),
    ]
    settings_panels = [
        *BasePage.settings_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("next_review_due")]), FieldPanel("content_owner")],
            heading="Review",
        ),
        MultiFieldPanel(
            [FieldPanel("opportunity_stage"), FieldPanel("opportunity_procedure")],
            heading="Show as help on opportunities",
            help_text="Opportunity pages at this stage, or using this procedure, will link here.",
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("summary"), index.SearchField("body")]
    base_form_class = GuidancePageForm

    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "guidance page"

    def clean(self):
        super().clean()
        if self.next_review_due is None and self.last_reviewed:
            self.next_review_due = self.last_reviewed + REVIEW_EVERY
        if self.last_reviewed and self.last_reviewed > clock.today():
            raise ValidationError({"last_reviewed": "The last review date cannot be in the future."})
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            raise ValidationError({"next_review_due": "The next review must come after the last review."})

    def save(self, *args, **kwargs):
        if self.next_review_due is None and self.last_reviewed:
            self.next_review_due = self.last_reviewed + REVIEW_EVERY
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contents"] = contents(self.body)
        context["related_pages"] = self.related_pages()
        return context

    @property
    def reading_time(self):
        """Minutes to read the page, rounded up: at least one."""
        words = len(f"{self.summary}\n{plain_text(self.body)}".split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @property
    def is_overdue_for_review(self):
        return bool(self.next_review_due and self.next_review_due < clock.today())

    def related_pages(self):
        """Live related guidance, in the order the editor chose (one query)."""
        return [
            link.guidance
            for link in self.related_links.select_related("guidance").order_by("sort_order")
            if link.guidance.live
        ]


class RelatedGuidance(Orderable):
    page = ParentalKey(GuidancePage, on_delete=models.CASCADE, related_name="related_links")
    guidance = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("guidance")]

    class Meta(Orderable.Meta):
        verbose_name = "related guidance"

    def __str__(self):
        return str(self.guidance)

    def clean(self):
        super().clean()
        if self.page_id and self.guidance_id == self.page_id:
            raise ValidationError({"guidance": "A page cannot be related to itself. Choose another page."})


class GlossaryPage(IndexPage):
    """/guidance/glossary/: every glossary term, A to Z, each with an anchor other pages link to."""

    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "glossary page"

    def get_context(self, request, *args, **kwargs):
        from guidance.models.glossary import GlossaryTerm

        context = super().get_context(request, *args, **kwargs)
        letters = {}
        for term in GlossaryTerm.objects.order_by("term"):
            letters.setdefault(term.term[:1].upper(), []).append(term)
        context["letters"] = sorted(letters.items())
        return context


class SupportDirectoryPage(IndexPage):
    """/support/: who can help a small business sell to the public sector, filtered without JavaScript."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "support directory page"

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        filters = response.context_data["filters"]
        if filters.is_bound and not filters.is_valid():
            response.status_code = 400
        return response

    def get_context(self, request, *args, **kwargs):
        from guidance.filters import SupportProviderFilter

        context = super().get_context(request, *args, **kwargs)
        filters = SupportProviderFilter(request.GET or None)
        context["filters"] = filters
        context["providers"] = filters.qs if filters.is_bound and filters.is_valid() else filters.queryset
        return context


class StatementPage(IndexPage):
    """/statement/: the common procurement statement in full, with who signed it and its history."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "statement page"

    def get_context(self, request, *args, **kwargs):
        from guidance.models.statement import CommonStatement

        context = super().get_context(request, *args, **kwargs)
        statement = CommonStatement.current()
        context["statement"] = statement
        context["versions"] = statement.published_versions() if statement else []
        return context
