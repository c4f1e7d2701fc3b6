"""Opportunities, their lots, and the awards made on each lot.

The lot is the unit suppliers search for and are alerted about: every opportunity has at least one,
even when the contract is not divided.
"""

import datetime

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
from portal.buyers import BuyerKind
from portal.identifiers import IdentifierScheme
from portal.models import BasePage, OrganisationPage
from portal.panels import ReadingAgePanel

from . import procurement_act as act
from .forms import OpportunityPageForm
from .panels import LotInlinePanel, NoticeInlinePanel
from .procurement_act import ContractCategory, NoticeType, Procedure, Regime, Reservation, Stage, ThresholdKind

__all__ = ["Award", "Lot", "Notice", "OpportunityDocument", "OpportunityPage", "Procedure", "Stage", "Threshold"]

MONEY = {
    "max_digits": 14,
    "decimal_places": 2,
    "validators": [MinValueValidator(0, message="Enter an amount of £0 or more.")],
}


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
    procedure = models.CharField(
        max_length=30,
        choices=Procedure.choices,
        default=Procedure.OPEN,
        help_text="Procurements begun before 24 February 2025 keep their 2015 Regulations procedure.",
    )
    # No default: the buyer says where the procurement is, and recorded notices must agree with it.
    stage = models.CharField(
        max_length=30,
        choices=Stage.choices,
        help_text="Where the procurement is now. When you record notices, the stage must match the latest one.",
    )
    direct_award_justification = models.TextField(
        blank=True,
        max_length=2000,
        help_text="For a direct award: which ground in Schedule 5 of the Procurement Act applies, and why.",
    )
    category = models.CharField(
        "what is being bought", max_length=10, choices=ContractCategory.choices, default=ContractCategory.SERVICES
    )
    light_touch = models.BooleanField(
        "light touch services",
        default=False,
        help_text="Services such as health, social care and education, which have a higher threshold.",
    )
    exempt = models.BooleanField(
        "exempted contract", default=False, help_text="Tick only if Schedule 2 of the Procurement Act exempts it."
    )
    # Worked out on every save from the value including VAT, the buyer's kind and the thresholds table
    # (procurement_act.regime_for), and stored so that the finder can filter on it.
    regime = models.CharField(max_length=30, choices=Regime.choices, blank=True, editable=False)

    published_date = models.DateTimeField(null=True, blank=True, help_text="When the notice was first published.")
    clarification_deadline = models.DateTimeField(null=True, blank=True)
    submission_deadline = models.DateTimeField(null=True, blank=True)
    expected_award_date = models.DateField(null=True, blank=True)
    contract_start = models.DateField(null=True, blank=True)
    contract_end = models.DateField(null=True, blank=True)

    value_min = models.DecimalField("lowest total value (£, excluding VAT)", null=True, blank=True, **MONEY)
    value_max = models.DecimalField("highest total value (£, excluding VAT)", null=True, blank=True, **MONEY)
    value_min_inc_vat = models.DecimalField("lowest total value (£, including VAT)", null=True, blank=True, **MONEY)
    value_max_inc_vat = models.DecimalField(
        "highest total value (£, including VAT)",
        null=True,
        blank=True,
        help_text="The Procurement Act's thresholds include VAT: this figure decides which rules apply.",
        **MONEY,
    )

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
        # The reference gets a row of its own: squeezed into a third of a row, buyers could not read it back.
        FieldPanel("reference"),
        FieldRowPanel([FieldPanel("stage"), FieldPanel("procedure")]),
        FieldPanel("direct_award_justification"),
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
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("value_min"), FieldPanel("value_max")]),
                FieldRowPanel([FieldPanel("value_min_inc_vat"), FieldPanel("value_max_inc_vat")]),
                FieldRowPanel([FieldPanel("category"), FieldPanel("light_touch"), FieldPanel("exempt")]),
            ],
            heading="Total value and the Procurement Act's rules",
        ),
        NoticeInlinePanel("notices", heading="Notices on the Central Digital Platform", label="Notice"),
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
        index.FilterField("procedure"),
        index.FilterField("regime"),
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
        self.apply_notices()
        self.regime = self.work_out_regime() or ""
        super().save(*args, **kwargs)

    # The Procurement Act's rules, from opportunities.procurement_act.

    @property
    def is_legacy(self):
        """Begun before 24 February 2025 under the Public Contracts Regulations 2015."""
        return act.is_legacy(self.procedure)

    @property
    def contract_size(self):
        """Which rules a bid runs under, as the finder groups them (`procurement_act.contract_size`)."""
        return act.contract_size(self.procedure, self.regime)

    def notice_list(self):
        """The recorded notices, oldest first (in memory in the editor and previews, so not a query)."""
        notices = list(self.notices.all())
        return sorted(notices, key=lambda notice: (notice.published or datetime.date.max, notice.pk or 0))

    def stage_from_notices(self):
        return act.stage_from_notices(notice.notice_type for notice in self.notices.all())

    def apply_notices(self):
        """Move the stored stage to the one the notices show, unless the buyer's stage already agrees."""
        notice_stage = self.stage_from_notices()
        if notice_stage is not None and not act.stage_agrees_with_notices(self.stage, notice_stage):
            self.stage = notice_stage

    def procurement_began(self):
        """The day the procurement began: its first notice, else its publication here, else today."""
        days = [notice.published for notice in self.notices.all() if notice.published]
        if self.published_date:
            days.append(timezone.localdate(self.published_date))
        return min(days) if days else clock.today()

    def regime_value(self):
        """The value the thresholds are tested against: the highest including VAT (excluding VAT if not given,
        which can only understate it)."""
        return self.value_max_inc_vat if self.value_max_inc_vat is not None else self.value_max

    def work_out_regime(self, buyer_kind=None):
        if buyer_kind is None:
            buyer = self.buyer if self.buyer_id else None
            buyer_kind = buyer.buyer_kind if buyer else BuyerKind.SUB_CENTRAL
        thresholds = act.thresholds_on(self.procurement_began(), buyer_kind)
        return act.regime_for(
            self.regime_value(), thresholds, category=self.category, light_touch=self.light_touch, exempt=self.exempt
        )

    def standstill_end(self, notices=None):
        """When the standstill after the latest contract award notice ends, if one was given."""
        return act.standstill_end(self.notices.all() if notices is None else notices)

    def current_stage(self, now=None):
        """The stage a supplier should see: an open opportunity past its deadline is in evaluation.

        Derived at read time so no scheduled job is needed to close opportunities.
        """
        return act.current_stage(self.stage, self.submission_deadline, now or clock.now())

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
                lot.display_awards = shared_awards(lot.awards.all()) if lot.pk else []
            return lots
        lots = list(
            lots.select_related("reserved_area").prefetch_related(
                "cpv_codes", "locations", Prefetch("awards", queryset=Award.objects.order_by("-award_date", "pk"))
            )
        )
        for lot in lots:
            lot.display_awards = shared_awards(lot.awards.all())
        return lots

    def get_context(self, request, *args, **kwargs):
        from .eligibility import bid_readiness

        context = super().get_context(request, *args, **kwargs)
        lots = self.lots_for_display()
        context["lots"] = lots
        context["stage"] = self.current_stage()
        context["notices"] = notices = self.notice_list()
        context["standstill_end"] = self.standstill_end(notices)
        context["days_left"] = self.days_left()
        context["awards"] = [award for lot in lots for award in lot.display_awards]
        context["documents"] = self.documents.select_related("document")
        context["readiness"] = bid_readiness(self, lots)
        return context


class Lot(Orderable, ClusterableModel):
    """A part of an opportunity that a supplier can bid for on its own."""

    Reserved = Reservation

    opportunity = ParentalKey(OpportunityPage, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(default=1)
    ocds_id = models.CharField(
        "lot identifier in OCDS",
        max_length=100,
        blank=True,
        editable=False,
        help_text="The lot's id in notices published elsewhere (LOT-0002, say), kept so exports use it again.",
    )
    title = models.CharField(max_length=255)
    description = models.TextField(max_length=2000, blank=True)
    value_min = models.DecimalField("lowest value (£, excluding VAT)", null=True, blank=True, **MONEY)
    value_max = models.DecimalField("highest value (£, excluding VAT)", null=True, blank=True, **MONEY)
    value_min_inc_vat = models.DecimalField("lowest value (£, including VAT)", null=True, blank=True, **MONEY)
    value_max_inc_vat = models.DecimalField("highest value (£, including VAT)", null=True, blank=True, **MONEY)
    cpv_codes = ParentalManyToManyField("portal.CPVCode", blank=True, related_name="lots", verbose_name="CPV codes")
    locations = ParentalManyToManyField("portal.Location", blank=True, related_name="lots")
    duration_months = models.PositiveSmallIntegerField("duration (months)", null=True, blank=True)
    suitable_for_sme = models.BooleanField(
        "suitable for SMEs", default=False, help_text="Any small or medium-sized business could bid for it."
    )
    suitable_for_vcse = models.BooleanField("suitable for VCSEs", default=False)
    reserved = models.CharField(
        max_length=30,
        choices=Reservation.choices,
        blank=True,
        default="",
        help_text="Above the threshold the Procurement Act only allows supported employment and public service "
        "mutual reservations.",
    )
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
        FieldRowPanel([FieldPanel("value_min_inc_vat"), FieldPanel("value_max_inc_vat")]),
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

    @property
    def open_to_every_sme(self):
        """Suitable for SMEs and not reserved for a group that shuts most of them out (the finder's SME rule)."""
        return act.suitable_for_sme(self.suitable_for_sme, self.reserved)

    @property
    def open_to_every_vcse(self):
        """Reserved for VCSEs, or suitable for them and not reserved for a group that shuts most of them out
        (the finder's VCSE rule)."""
        return act.suitable_for_vcse(self.suitable_for_vcse, self.reserved)


class Award(ClusterableModel):
    """Who won a lot and for how much.

    Clusterable so that other apps can add inlines to the award editor: wider impact (`impact`) records the
    supplier's social value commitments against its catalogue of measures there.
    """

    # The portal's one definition of sizes and kinds, named here for the admin and the importers.
    SupplierSize = suppliers.SupplierSize
    SupplierType = suppliers.SupplierKind

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="awards")
    supplier_name = models.CharField(max_length=255)
    supplier_number = models.CharField("company or charity number", max_length=20, blank=True)
    supplier_scheme = models.CharField(
        "register the number is from",
        max_length=10,
        choices=IdentifierScheme.choices,
        blank=True,
        help_text="A number means nothing without its register: a charity number is not a company number.",
    )
    supplier_postcode = models.CharField(max_length=10)
    supplier_size = models.CharField(max_length=10, choices=SupplierSize.choices)
    supplier_type = models.CharField(max_length=20, choices=SupplierType.choices, default=SupplierType.PRIVATE)
    value = models.DecimalField("awarded value (£, ex VAT)", **MONEY)
    award_date = models.DateField()
    # One award can name several suppliers (a framework, a panel): each gets a row, and the rows share the
    # award's id. `value` is then the whole award's value, shown once; totals add `value_share` (the value
    # split between the suppliers to the penny) and count the award once (`counts_as_contract`).
    award_id = models.CharField(
        "award identifier in OCDS",
        max_length=255,
        blank=True,
        editable=False,
        help_text="The same for every supplier that shares one award.",
    )
    value_share = models.DecimalField(
        "this supplier's share of the value (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text="Empty when the supplier has the whole award.",
    )
    counts_as_contract = models.BooleanField(
        default=True,
        editable=False,
        help_text="False for the second and later suppliers of a shared award, so it is counted once.",
    )

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


def shared_awards(awards):
    """Awards as people read them: the rows of one award shared by several suppliers (a framework, a panel)
    become one, whose `suppliers` lists every row; its value is the award's, shown once."""
    grouped = {}
    for award in awards:
        key = (award.lot_id, award.award_id) if award.award_id else award.pk
        first = grouped.setdefault(key, award)
        if first is award:
            award.suppliers = []
        first.suppliers.append(award)
    return list(grouped.values())


class OpportunityDocument(Orderable):
    """A document attached to an opportunity (specification, pricing schedule, and so on)."""

    opportunity = ParentalKey(OpportunityPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("description")]


class Notice(Orderable):
    """A notice the buyer published on the Central Digital Platform (Find a Tender) for this procurement."""

    opportunity = ParentalKey(OpportunityPage, on_delete=models.CASCADE, related_name="notices")
    notice_type = models.CharField(max_length=5, choices=NoticeType.choices)
    identifier = models.CharField(
        "notice identifier",
        max_length=60,
        help_text="As the Central Digital Platform shows it, like 012345-2026.",
    )
    url = models.URLField("link to the notice", blank=True, max_length=500)
    published = models.DateField("publication date")
    standstill_end = models.DateField(
        "standstill period ends",
        null=True,
        blank=True,
        help_text="For a contract award notice: the last day of the standstill period (at least 8 working days).",
    )

    panels = [
        FieldRowPanel([FieldPanel("notice_type"), FieldPanel("identifier"), FieldPanel("published")]),
        FieldRowPanel([FieldPanel("url"), FieldPanel("standstill_end")]),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "identifier"], name="unique_notice_per_opportunity")
        ]

    def __str__(self):
        return f"{self.get_notice_type_display()} {self.identifier}"


class Threshold(models.Model):
    """One threshold of the Procurement Act in force from a date, for one kind of buyer (including VAT).

    Administrators add a row when the figures change (every two years); procurements keep the figures
    in force on the day they began.
    """

    valid_from = models.DateField("in force from")
    buyer_kind = models.CharField(max_length=30, choices=BuyerKind.choices)
    kind = models.CharField("applies to", max_length=20, choices=ThresholdKind.choices)
    amount = models.DecimalField("amount (£, including VAT)", **MONEY)

    panels = [FieldPanel("valid_from"), FieldPanel("buyer_kind"), FieldPanel("kind"), FieldPanel("amount")]

    class Meta:
        ordering = ["-valid_from", "buyer_kind", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from", "buyer_kind", "kind"], name="one_threshold_per_date_and_kind")
        ]

    def __str__(self):
        return f"{self.get_buyer_kind_display()}, {self.get_kind_display()}: £{self.amount:,.0f} from {self.valid_from}"
