"""Opportunities, their lots, and the awards made on each lot.

The lot is the unit suppliers search for and are alerted about: every opportunity has at least one,
even when the contract is not divided.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from modelcluster.queryset import FakeQuerySet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from portal import clock, suppliers
from portal.blocks import BodyBlock
from portal.models import BasePage, OrganisationPage
from portal.panels import ReadingAgePanel

from .forms import OpportunityPageForm
from .panels import LotInlinePanel

MONEY = {
    "max_digits": 14,
    "decimal_places": 2,
    "validators": [MinValueValidator(0, message="Enter an amount of £0 or more.")],
}


class Stage(models.TextChoices):
    PIPELINE = "pipeline", "Pipeline (planned)"
    MARKET_ENGAGEMENT = "market_engagement", "Market engagement"
    OPEN = "open", "Open for bids"
    EVALUATION = "evaluation", "Evaluation (closed for bids)"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


class Procedure(models.TextChoices):
    OPEN = "open", "Open procedure"
    RESTRICTED = "restricted", "Restricted procedure"
    COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"
    QUOTATION = "quotation", "Below-threshold quotation"
    FRAMEWORK_CALL_OFF = "framework_call_off", "Framework call-off"
    DYNAMIC_MARKET = "dynamic_market", "Dynamic market"


class OpportunityPage(BasePage):
    """A contract a buyer plans to award, from pipeline notice to award."""

    buyer = models.ForeignKey(
        OrganisationPage,
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="opportunities",
        help_text="Set from the parent organisation page on save, so listings can filter without tree queries.",
    )
    reference = models.CharField(max_length=60, help_text="The buyer's own reference, unique for this buyer.")
    summary = models.TextField(
        max_length=600, help_text="In plain English: what is being bought and why. 600 characters at most."
    )
    description = StreamField(BodyBlock(), blank=True)
    procedure = models.CharField(max_length=30, choices=Procedure.choices, default=Procedure.OPEN)
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.PIPELINE)

    published_date = models.DateTimeField(null=True, blank=True, help_text="When the notice was first published.")
    clarification_deadline = models.DateTimeField(null=True, blank=True)
    submission_deadline = models.DateTimeField(null=True, blank=True)
    expected_award_date = models.DateField(null=True, blank=True)
    contract_start = models.DateField(null=True, blank=True)
    contract_end = models.DateField(null=True, blank=True)

    value_min = models.DecimalField("lowest total value (£, ex VAT)", null=True, blank=True, **MONEY)
    value_max = models.DecimalField("highest total value (£, ex VAT)", null=True, blank=True, **MONEY)

    main_cpv = models.ForeignKey(
        "portal.CPVCode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="main CPV code",
    )
    additional_cpv = ParentalManyToManyField(
        "portal.CPVCode", blank=True, related_name="+", verbose_name="additional CPV codes"
    )
    locations = ParentalManyToManyField("portal.Location", blank=True, related_name="opportunities")
    social_value_themes = ParentalManyToManyField("portal.SocialValueTheme", blank=True, related_name="opportunities")

    minimum_turnover = models.DecimalField("minimum yearly turnover asked for (£)", null=True, blank=True, **MONEY)
    insurance = models.TextField(blank=True, max_length=600, help_text="Insurance levels asked for, in plain English.")
    accreditations = models.TextField(
        blank=True, max_length=600, help_text="Certificates or accreditations asked for, in plain English."
    )

    how_to_bid_url = models.URLField("link to the e-tendering system", blank=True)
    how_to_bid = models.TextField(blank=True, max_length=1000, help_text="How to register and respond.")
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    no_lots_reason = models.TextField(
        "reason the contract is not divided into lots",
        blank=True,
        max_length=600,
        help_text="Needed when there is only one lot.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldRowPanel([FieldPanel("reference"), FieldPanel("stage"), FieldPanel("procedure")]),
        FieldPanel("summary"),
        ReadingAgePanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("published_date"),
                        FieldPanel("clarification_deadline"),
                        FieldPanel("submission_deadline"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("expected_award_date"), FieldPanel("contract_start"), FieldPanel("contract_end")]
                ),
            ],
            heading="Key dates (UK time)",
        ),
        FieldRowPanel([FieldPanel("value_min"), FieldPanel("value_max")], heading="Total value"),
        MultiFieldPanel(
            [
                FieldPanel("main_cpv"),
                FieldPanel("additional_cpv"),
                FieldPanel("locations"),
                FieldPanel("social_value_themes"),
            ],
            heading="What and where",
        ),
        LotInlinePanel("lots", heading="Lots", label="Lot", min_num=1),
        FieldPanel("no_lots_reason"),
        MultiFieldPanel(
            [FieldPanel("minimum_turnover"), FieldPanel("insurance"), FieldPanel("accreditations")],
            heading="What bidders need",
        ),
        MultiFieldPanel(
            [
                FieldPanel("how_to_bid_url"),
                FieldPanel("how_to_bid"),
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
            ],
            heading="How to bid",
        ),
        InlinePanel("documents", heading="Documents", label="Document"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("reference"),
        index.FilterField("stage"),
        index.FilterField("buyer"),
    ]

    base_form_class = OpportunityPageForm
    parent_page_types = ["portal.OrganisationPage"]
    subpage_types = []

    class Meta:
        verbose_name = "opportunity"
        verbose_name_plural = "opportunities"

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.pk or self.path else None
        if parent is not None:
            self.buyer_id = parent.id
        super().save(*args, **kwargs)

    def current_stage(self, now=None):
        """The stage a supplier should see: an open opportunity past its deadline is in evaluation.

        Derived at read time so no scheduled job is needed to close opportunities.
        """
        now = now or clock.now()
        if self.stage == Stage.OPEN and self.submission_deadline and self.submission_deadline <= now:
            return Stage.EVALUATION
        return Stage(self.stage)

    def days_left(self, now=None):
        """Calendar days (UK time) until the closing date: 0 on the day it closes; None when closed or undated.

        Calendar days match how people read "closes in 3 days" against the date shown beside it.
        """
        now = now or clock.now()
        if self.current_stage(now) != Stage.OPEN or not self.submission_deadline:
            return None
        return (timezone.localdate(self.submission_deadline) - timezone.localdate(now)).days

    def lots_for_display(self):
        """The lots with what the public page shows (CPV codes, locations, awards) in a fixed number of queries.

        Each lot gets `display_awards`. In a preview the lots may be unsaved, in-memory objects: those are
        used as they are, since they cannot be prefetched and have no awards yet.
        """
        lots = self.lots.all()
        if isinstance(lots, FakeQuerySet):
            lots = list(lots)
            for lot in lots:
                lot.display_awards = list(lot.awards.all()) if lot.pk else []
            return lots
        lots = list(
            lots.select_related("reserved_area").prefetch_related(
                "cpv_codes", "locations", Prefetch("awards", queryset=Award.objects.order_by("-award_date", "pk"))
            )
        )
        for lot in lots:
            lot.display_awards = list(lot.awards.all())
        return lots

    def get_context(self, request, *args, **kwargs):
        from .eligibility import bid_readiness

        context = super().get_context(request, *args, **kwargs)
        lots = self.lots_for_display()
        context["lots"] = lots
        context["stage"] = self.current_stage()
        context["days_left"] = self.days_left()
        context["awards"] = [award for lot in lots for award in lot.display_awards]
        context["documents"] = self.documents.select_related("document")
        context["readiness"] = bid_readiness(self, lots)
        return context


class Lot(Orderable, ClusterableModel):
    """A part of an opportunity that a supplier can bid for on its own."""

    class Reserved(models.TextChoices):
        NONE = "", "Not reserved"
        SME = "sme", "Reserved for small and medium-sized businesses"
        VCSE = "vcse", "Reserved for charities, social enterprises and co-ops (VCSEs)"
        LOCAL = "local", "Reserved for suppliers in a local area"

    opportunity = ParentalKey(OpportunityPage, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=255)
    description = models.TextField(max_length=2000, blank=True)
    value_min = models.DecimalField("lowest value (£, ex VAT)", null=True, blank=True, **MONEY)
    value_max = models.DecimalField("highest value (£, ex VAT)", null=True, blank=True, **MONEY)
    cpv_codes = ParentalManyToManyField("portal.CPVCode", blank=True, related_name="lots", verbose_name="CPV codes")
    locations = ParentalManyToManyField("portal.Location", blank=True, related_name="lots")
    duration_months = models.PositiveSmallIntegerField("duration (months)", null=True, blank=True)
    suitable_for_sme = models.BooleanField("suitable for SMEs", default=False)
    suitable_for_vcse = models.BooleanField("suitable for VCSEs", default=False)
    reserved = models.CharField(max_length=10, choices=Reserved.choices, blank=True, default="")
    reserved_area = models.ForeignKey(
        "portal.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For lots reserved for a local area.",
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("value_min"), FieldPanel("value_max"), FieldPanel("duration_months")]),
        FieldPanel("cpv_codes"),
        FieldPanel("locations"),
        FieldRowPanel([FieldPanel("suitable_for_sme"), FieldPanel("suitable_for_vcse")]),
        FieldRowPanel([FieldPanel("reserved"), FieldPanel("reserved_area")]),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "number"], name="unique_lot_number_per_opportunity")
        ]

    def __str__(self):
        return f"Lot {self.number}: {self.title}"


class Award(models.Model):
    """Who won a lot, for how much, and what they committed to give back."""

    # The portal's one definition of sizes and kinds, named here for the admin and the importers.
    SupplierSize = suppliers.SupplierSize
    SupplierType = suppliers.SupplierKind

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="awards")
    supplier_name = models.CharField(max_length=255)
    supplier_number = models.CharField("company or charity number", max_length=20, blank=True)
    supplier_postcode = models.CharField(max_length=10)
    supplier_size = models.CharField(max_length=10, choices=SupplierSize.choices)
    supplier_type = models.CharField(max_length=20, choices=SupplierType.choices, default=SupplierType.PRIVATE)
    value = models.DecimalField("awarded value (£, ex VAT)", **MONEY)
    award_date = models.DateField()
    local_jobs = models.PositiveIntegerField("local jobs committed", default=0)
    apprenticeships = models.PositiveIntegerField("apprenticeships committed", default=0)
    hard_to_reach_opportunities = models.PositiveIntegerField(
        "opportunities for people far from work",
        default=0,
        help_text="Jobs, placements or training for people who find it hard to get work.",
    )
    volunteering_hours = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-award_date", "pk"]

    def __str__(self):
        return f"{self.supplier_name}: {self.lot}"

    def clean(self):
        super().clean()
        if self.lot_id and self.lot.opportunity.stage == Stage.CANCELLED:
            raise ValidationError(
                {"lot": "This opportunity was cancelled, so its lots cannot be awarded. Check you chose the right lot."}
            )

    @property
    def postcode_district(self):
        """The outward part of the postcode (PR1 in PR1 2AB), which decides whether a supplier is local."""
        return self.supplier_postcode.strip().upper().split(" ")[0] if self.supplier_postcode else ""


class OpportunityDocument(Orderable):
    """A document attached to an opportunity (specification, pricing schedule, and so on)."""

    opportunity = ParentalKey(OpportunityPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("description")]
