"""Wider impact: the social value catalogue, what suppliers promised and delivered, and the supplier survey.

- `Measure`: the partnership's catalogue of social value measures, grouped by social value theme.
- `Commitment`: what a supplier promised against a measure when it won an award (an inline of the award).
- `DeliveryPlan`: how an award's supplier reports delivery (who, how often, from when to when).
- `DeliveryReturn` (+ `DeliveredQuantity`, `Evidence`, `ReturnComment`): one report for one period; a
  correction is a new version and the old one is kept.
- `Survey`, `SurveyInvitation`, `SurveyResponse`: the yearly supplier survey behind LM3 and the statements.
- `SignedLink`, `ReminderSent`: one-use expiring links for suppliers, and the ledger that sends each
  reminder once.
"""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel

QUANTITY = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(0, message="Enter 0 or more.")],
}
PERCENT = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [
        MinValueValidator(0, message="Enter a percentage from 0 to 100."),
        MaxValueValidator(100, message="Enter a percentage from 0 to 100."),
    ],
}


def new_nonce():
    return secrets.token_urlsafe(16)


class Measure(models.Model):
    """One thing the partnership counts as social value, such as local jobs or volunteering hours.

    The proxy value is the pounds one unit is worth to society, as the National TOMs give them: optional,
    because not every anchor uses proxy values and a wrong one misleads more than none.
    """

    theme = models.ForeignKey(
        "portal.SocialValueTheme",
        on_delete=models.PROTECT,
        related_name="measures",
        help_text="The social value theme this measure belongs to.",
    )
    code = models.SlugField(
        max_length=60, unique=True, help_text="A short fixed name for exports, like local-jobs. Do not change it."
    )
    name = models.CharField(max_length=160, unique=True, help_text="What is counted, like “Local jobs created”.")
    unit = models.CharField(max_length=40, help_text="What one of it is, like “jobs” or “hours”.")
    proxy_value = models.DecimalField(
        "proxy value (£ per unit)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message="Enter an amount of £0 or more.")],
        help_text="Optional. What one unit is worth to society in pounds, for example from the National TOMs.",
    )
    description = models.TextField(max_length=600, blank=True, help_text="What counts, in plain English.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("theme"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("proxy_value"), FieldPanel("sort_order")]),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["theme__name", "sort_order", "name"]

    def __str__(self):
        return f"{self.name} ({self.unit})"


class Commitment(models.Model):
    """What a supplier promised to deliver against one measure over the life of an award."""

    award = ParentalKey("opportunities.Award", on_delete=models.CASCADE, related_name="commitments")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="commitments")
    quantity = models.DecimalField(**QUANTITY)

    panels = [FieldRowPanel([FieldPanel("measure"), FieldPanel("quantity")])]

    class Meta:
        ordering = ["measure__theme__name", "measure__sort_order", "measure__name"]
        constraints = [models.UniqueConstraint(fields=["award", "measure"], name="impact_one_commitment_per_measure")]

    def __str__(self):
        return f"{self.quantity} {self.measure.unit}: {self.measure.name}"


class DeliveryPlan(models.Model):
    """How the supplier of an award reports what it delivered: to whom the links go, and how often."""

    award = ParentalKey("opportunities.Award", on_delete=models.CASCADE, related_name="delivery_plans")
    supplier_email = models.EmailField(help_text="Where we send the supplier its links to report delivery.")
    months_per_period = models.PositiveSmallIntegerField(
        "months in each reporting period",
        default=3,
        validators=[MinValueValidator(1, "Enter 1 month or more."), MaxValueValidator(12, "Enter 12 months or fewer.")],
    )
    starts_on = models.DateField("first period starts on")
    ends_on = models.DateField("last period ends on")
    days_to_report = models.PositiveSmallIntegerField("days the supplier has to report after each period", default=30)

    panels = [
        FieldPanel("supplier_email"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldRowPanel([FieldPanel("months_per_period"), FieldPanel("days_to_report")]),
    ]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["award"], name="impact_one_delivery_plan_per_award")]

    def __str__(self):
        return f"Delivery reporting for {self.award}"

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The last period must end after the first one starts."})


class DeliveryReturn(models.Model):
    """The supplier's report for one period. A correction is a new version; the versions before stay."""

    plan = models.ForeignKey(DeliveryPlan, on_delete=models.CASCADE, related_name="returns")
    period_start = models.DateField()
    period_end = models.DateField()
    version = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField()
    replaced_at = models.DateTimeField(null=True, blank=True, help_text="Set when a correction replaced it.")
    submitted_by = models.CharField("name of the person reporting", max_length=120)
    notes = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["plan", "period_start", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "period_start", "version"], name="impact_return_version"),
            # Only one version of a period is the current one.
            models.UniqueConstraint(
                fields=["plan", "period_start"],
                condition=models.Q(replaced_at__isnull=True),
                name="impact_one_current_return",
            ),
        ]

    def __str__(self):
        return f"{self.plan.award}: {self.period_start} (version {self.version})"


class DeliveredQuantity(models.Model):
    delivery_return = models.ForeignKey(DeliveryReturn, on_delete=models.CASCADE, related_name="quantities")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(**QUANTITY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["delivery_return", "measure"], name="impact_one_quantity_per_measure")
        ]

    def __str__(self):
        return f"{self.quantity} {self.measure.unit}"


class Evidence(models.Model):
    """A file the supplier sent with a return, kept as a document in the buyer's collection."""

    delivery_return = models.ForeignKey(DeliveryReturn, on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+")
    # The name on the supplier's own computer: storage may add a suffix to keep stored names unique,
    # and the buyer should see the name the supplier will recognise.
    sent_as = models.CharField(max_length=255, blank=True)

    def __str__(self):
        return self.document.title

    @property
    def file_name(self):
        return self.sent_as or self.document.filename


class ReturnComment(models.Model):
    """A buyer's comment on a return, kept with the version it was about."""

    delivery_return = models.ForeignKey(DeliveryReturn, on_delete=models.CASCADE, related_name="comments")
    author = models.CharField(max_length=150)
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author}: {self.text[:40]}"


class Survey(models.Model):
    """One anchor's supplier survey for one financial year (April to March)."""

    anchor = models.ForeignKey("portal.OrganisationPage", on_delete=models.CASCADE, related_name="surveys")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts: 2026 means 2026/27.")
    opens_on = models.DateField(help_text="Invitations go out on this day.")
    closes_on = models.DateField()
    area_name = models.CharField(
        max_length=80, default="the local area", help_text="How statements name the area, like “Northshire”."
    )
    local_respend_percent = models.DecimalField(
        "round 3 assumption: share that local suppliers and staff spend locally again (%)",
        default=Decimal("25"),
        help_text="Used for round 3 of LM3 until local suppliers and staff are surveyed. Say why you chose it.",
        **PERCENT,
    )
    assumption_note = models.TextField(
        "why this assumption",
        max_length=1000,
        default="A cautious figure in the range CLES reports for local re-spend by suppliers' staff and suppliers.",
    )
    supplier_source = models.CharField(
        max_length=20, default="awards", help_text="Where the list of suppliers came from: awards or payments."
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "anchor__title"]
        constraints = [models.UniqueConstraint(fields=["anchor", "year"], name="impact_one_survey_per_anchor_year")]

    def __str__(self):
        return f"{self.anchor.title} supplier survey {self.year_label}"

    @property
    def year_label(self):
        return f"{self.year}/{(self.year + 1) % 100:02d}"


class SurveyInvitation(models.Model):
    """A supplier asked to answer a survey, with what the anchor spent with it that year."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    supplier_name = models.CharField(max_length=255)
    supplier_key = models.CharField(max_length=255, help_text="The supplier's number, or its name in lower case.")
    email = models.EmailField(blank=True)
    spend = models.DecimalField("spend with the supplier that year (£)", max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["supplier_name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "supplier_key"], name="impact_one_invitation_per_supplier")
        ]

    def __str__(self):
        return f"{self.supplier_name} ({self.survey})"


class SurveyResponse(models.Model):
    """A supplier's answers. Seen only by the anchor's and the partnership's analysts; published as aggregates."""

    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.CASCADE, related_name="response")
    submitted_at = models.DateTimeField()
    jobs = models.PositiveIntegerField("jobs created or kept in the local area")
    apprenticeships = models.PositiveIntegerField()
    hard_to_reach = models.PositiveIntegerField("opportunities for people far from work")
    volunteering_hours = models.PositiveIntegerField()
    staff_cost_percent = models.DecimalField("share of your costs that are staff costs (%)", **PERCENT)
    local_staff_percent = models.DecimalField("share of staff costs paid to people who live locally (%)", **PERCENT)
    local_supplier_percent = models.DecimalField(
        "share of your other spending that goes to local suppliers (%)", **PERCENT
    )

    def __str__(self):
        return f"Response from {self.invitation}"

    @property
    def local_share(self):
        """The share of each pound received that the supplier spends locally (round 2), from 0 to 1."""
        staff = self.staff_cost_percent / 100
        return staff * self.local_staff_percent / 100 + (1 - staff) * self.local_supplier_percent / 100


class SignedLink(models.Model):
    """A one-use link sent to a supplier: for a delivery return (plan and period) or a survey invitation.

    The token in the URL is this row's id and nonce, signed: a changed token fails the signature; a used or
    expired row is refused with its own message.
    """

    class Purpose(models.TextChoices):
        RETURN = "return", "Delivery return"
        SURVEY = "survey", "Supplier survey"

    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    plan = models.ForeignKey(DeliveryPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="links")
    period_start = models.DateField(null=True, blank=True)
    invitation = models.ForeignKey(
        SurveyInvitation, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    nonce = models.CharField(max_length=40, default=new_nonce)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["plan", "period_start"], name="impact_link_plan_period")]

    def __str__(self):
        return f"{self.get_purpose_display()} link {self.pk}"


class ReminderSent(models.Model):
    """The ledger of emails to suppliers: one row per (what, which, stage), so each goes exactly once.

    `target` is the delivery plan's id with the period start (returns) or the invitation's id (surveys).
    """

    class Stage(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        BEFORE = "before", "Reminder before the due date"
        AFTER = "after", "Reminder after the due date"

    purpose = models.CharField(max_length=10, choices=SignedLink.Purpose.choices)
    target = models.CharField(max_length=60)
    stage = models.CharField(max_length=12, choices=Stage.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["purpose", "target", "stage"], name="impact_each_reminder_once")]

    def __str__(self):
        return f"{self.purpose} {self.target} {self.stage}"
