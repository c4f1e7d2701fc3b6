"""Payments, the suppliers they were made to, and the rules and summary that turn them into figures.

The chain: a PaymentFile (one upload for one anchor and financial year, read through its publisher's
ColumnMapping) holds Payment lines. Each line names a Supplier, found by its normalised name (see
spend.names); confirmed SupplierMerges join spellings the names alone cannot. InfluenceRules mark the
lines an anchor cannot influence, each line keeping the rule that excluded it. SpendSummary adds the
lines up per anchor, year, supplier and rule: the analysis pages read only that table.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portal.suppliers import SupplierKind, SupplierSize

MONEY = {"max_digits": 14, "decimal_places": 2}


class ColumnMapping(models.Model):
    """Which column of a publisher's file holds what. Made once per publisher and reused for each file."""

    # The fields a payment line can have; `date`, `amount` and `supplier` must be mapped.
    FIELDS = (
        ("date", "Payment date"),
        ("amount", "Amount (not counting VAT)"),
        ("supplier", "Supplier name"),
        ("transaction", "Transaction number"),
        ("expense_type", "Expense type"),
        ("service_area", "Service area"),
        ("description", "Description"),
        ("company_number", "Company number"),
        ("charity_number", "Charity number"),
        ("postcode", "Supplier postcode"),
        ("contract", "Contract reference"),
    )
    REQUIRED = ("date", "amount", "supplier")

    publisher = models.CharField(
        max_length=200, unique=True, help_text="Who publishes the files, like Northshire Borough Council."
    )
    columns = models.JSONField(default=dict, help_text="Field name to column heading, like {'amount': 'Net Amount'}.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["publisher"]

    def __str__(self):
        return self.publisher


class PaymentFile(models.Model):
    """One uploaded file of payments for one anchor and financial year."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Waiting for its columns to be matched"
        IMPORTING = "importing", "Importing"
        IMPORTED = "imported", "Imported"

    anchor = models.ForeignKey("portal.OrganisationPage", on_delete=models.CASCADE, related_name="payment_files")
    year = models.PositiveSmallIntegerField(
        help_text="The financial year's first calendar year: 2024 for 2024 to 2025."
    )
    mapping = models.ForeignKey(ColumnMapping, null=True, blank=True, on_delete=models.SET_NULL, related_name="files")
    file = models.FileField(upload_to="spend/uploads/", blank=True)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, help_text="Fingerprint of the file's bytes: the same file twice is one.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    lines_read = models.PositiveIntegerField(default=0)
    lines_imported = models.PositiveIntegerField(default=0)
    lines_left_out = models.PositiveIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent of the file read while importing.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["anchor", "sha256"],
                condition=models.Q(status="imported"),
                name="spend_file_imported_once",
            )
        ]
        permissions = [
            ("view_all_spend", "Can see every anchor's supplier-level spend"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.anchor}, {year_label(self.year)})"


def year_label(year):
    """Financial years run April to March: 2024 is '2024 to 2025'."""
    return f"{year} to {year + 1}"


class Supplier(index.Indexed, models.Model):
    """One business or body that was paid, however the payment files spell it."""

    name = models.CharField(max_length=255, help_text="The name shown in figures.")
    key = models.CharField(max_length=255, unique=True, help_text="The normalised name (see spend.names).")
    company_number = models.CharField(max_length=8, blank=True, db_index=True)
    charity_number = models.CharField(max_length=12, blank=True, db_index=True)
    postcode = models.CharField(max_length=10, blank=True)
    district = models.CharField(max_length=4, blank=True, help_text="Postcode district, like PR1.")
    area = models.CharField(max_length=2, blank=True, help_text="Postcode area, like PR.")
    outside_uk = models.BooleanField(default=False, help_text="Registered outside the UK.")
    sic_codes = models.CharField("SIC codes", max_length=60, blank=True)
    sector = models.CharField(max_length=1, blank=True, help_text="SIC 2007 section letter, A to U.")
    status = models.CharField(max_length=60, blank=True, help_text="From the register, like Active or Dissolved.")
    size = models.CharField(max_length=10, choices=SupplierSize.choices, blank=True)
    size_source = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=SupplierKind.choices, blank=True)
    kind_source = models.CharField(max_length=60, blank=True)
    redacted = models.BooleanField(default=False, help_text="Stands for lines whose supplier was blank or withheld.")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged", editable=False
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("company_number"),
        FieldPanel("charity_number"),
        FieldPanel("postcode"),
        FieldPanel("outside_uk"),
        FieldPanel("sic_codes"),
        FieldPanel("size"),
        FieldPanel("kind"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SupplierName(models.Model):
    """A spelling seen in a payment file, and the supplier it stands for."""

    key = models.CharField(max_length=255, unique=True)
    example = models.CharField(max_length=255, help_text="One raw spelling with this key, as first seen.")
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="names")

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.example


class SupplierMerge(models.Model):
    """A proposal that two suppliers are one, and what the analyst decided."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Not the same"
        UNDONE = "undone", "Undone"

    keep = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=255)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    moved_keys = models.JSONField(default=list, help_text="The spellings moved by the merge, so it can be undone.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "keep__name"]
        constraints = [models.UniqueConstraint(fields=["keep", "other"], name="spend_merge_pair_once")]

    def __str__(self):
        return f"{self.other} → {self.keep}"


class InfluenceRule(models.Model):
    """A kind of payment the anchor cannot influence by how it buys, such as tax or pensions."""

    class Field(models.TextChoices):
        SUPPLIER_KIND = "supplier_kind", "Supplier kind is"
        SUPPLIER_NAME = "supplier_name", "Supplier name contains"
        EXPENSE_TYPE = "expense_type", "Expense type contains"
        SERVICE_AREA = "service_area", "Service area contains"

    name = models.CharField(max_length=120, help_text="What it leaves out, in plain words: 'Payments to HMRC'.")
    field = models.CharField(max_length=20, choices=Field.choices)
    value = models.CharField(
        max_length=120,
        help_text="Words to look for (not case-sensitive), or for supplier kind the code, like public.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Rules are tried in this order; the first wins.")
    active = models.BooleanField(default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("field"),
        FieldPanel("value"),
        FieldPanel("position"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "influenceable spend rule"

    def __str__(self):
        return self.name


class Payment(models.Model):
    """One line of a payment file."""

    # The database does not check the file, anchor and supplier of each line (db_constraint=False): at a
    # million lines the checks took 16 s of a 60 s budget. The import checks and holds them once for the
    # whole file instead (spend.importer), and deletes go through Django, which cascades and protects.
    file = models.ForeignKey(PaymentFile, on_delete=models.CASCADE, related_name="payments", db_constraint=False)
    # Always the file's anchor. No index of its own: the (anchor, year) index and the (anchor, line_hash)
    # constraint both start with it.
    anchor = models.ForeignKey(
        "portal.OrganisationPage", on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    year = models.PositiveSmallIntegerField()
    line_number = models.PositiveIntegerField()
    line_hash = models.CharField(max_length=44, help_text="Fingerprint of the line: the same line in two files is one.")
    date = models.DateField()
    amount = models.DecimalField(**MONEY)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="payments", db_constraint=False)
    supplier_key = models.CharField(max_length=255, help_text="The normalised name as written on this line.")
    supplier_name = models.CharField(max_length=255)
    transaction = models.CharField(max_length=60, blank=True)
    expense_type = models.CharField(max_length=255, blank=True)
    service_area = models.CharField(max_length=255, blank=True)
    description = models.CharField(max_length=255, blank=True)
    cpv_section = models.CharField(max_length=1, blank=True, help_text="Sector from the linked contract's CPV code.")
    # Most lines have neither, so their indexes (below) hold only the lines that do.
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    excluded_by = models.ForeignKey(
        InfluenceRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["anchor", "line_hash"], name="spend_line_once_per_anchor")]
        indexes = [
            models.Index(fields=["anchor", "year"], name="spend_payment_anchor_year"),
            models.Index(
                fields=["opportunity"], name="spend_payment_opportunity", condition=Q(opportunity__isnull=False)
            ),
            models.Index(
                fields=["excluded_by"], name="spend_payment_excluded_by", condition=Q(excluded_by__isnull=False)
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.supplier_name} {self.amount}"


class SpendSummary(models.Model):
    """Payments added up per anchor, year, supplier, excluding rule and sector: what the pages read."""

    # Indexed with the year (below): pages look up an anchor's years, and read some anchors in some years.
    anchor = models.ForeignKey("portal.OrganisationPage", on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="+")
    excluded_by = models.ForeignKey(InfluenceRule, null=True, on_delete=models.SET_NULL, related_name="+")
    cpv_section = models.CharField(max_length=1, blank=True)
    payments = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=["anchor", "year"], name="spend_summary_anchor_year")]

    def __str__(self):
        return f"{self.anchor_id} {self.year} {self.supplier_id}"


class PartnershipSummary(models.Model):
    """The summary added up over every anchor with figures in the year: one row per year, supplier,
    excluding rule and sector. Pages that cover all those anchors read it, a fifth of the rows for five
    anchors; spend.figures checks PartnershipYear to know when it may."""

    year = models.PositiveSmallIntegerField(db_index=True)
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="+")
    excluded_by = models.ForeignKey(InfluenceRule, null=True, on_delete=models.SET_NULL, related_name="+")
    cpv_section = models.CharField(max_length=1, blank=True)
    payments = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=16, decimal_places=2)

    def __str__(self):
        return f"{self.year} {self.supplier_id}"


class PartnershipYear(models.Model):
    """Which anchors a year's partnership summary adds up, as they were when it was last rebuilt."""

    year = models.PositiveSmallIntegerField(unique=True)
    anchor_ids = models.JSONField(default=list)

    def __str__(self):
        return f"{self.year}: {len(self.anchor_ids)} anchors"


class AnchorSpendSettings(models.Model):
    """What an anchor lets the public see of its spend, and who analyses it."""

    anchor = models.OneToOneField("portal.OrganisationPage", on_delete=models.CASCADE, related_name="spend_settings")
    publish_headlines = models.BooleanField(
        default=False, help_text="Show this anchor's headline spend figures on the public site."
    )
    analysts_group = models.OneToOneField(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="spend_anchor", editable=False
    )

    panels = [FieldPanel("anchor"), FieldPanel("publish_headlines")]

    class Meta:
        verbose_name = "anchor spend settings"
        verbose_name_plural = "anchor spend settings"

    def __str__(self):
        return f"Spend settings: {self.anchor}"


class StagedPayment(models.Model):
    """A line on its way in: the import writes here first, then moves the new lines to Payment in one
    statement, leaving out lines that an earlier file already brought in. Empty between imports."""

    # Neither indexes nor foreign-key checks: the rows live only inside the import's transaction, the
    # supplier ids come from the resolver a moment before, and a million checks would cost seconds.
    file = models.ForeignKey(
        PaymentFile, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    line_number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=32)
    line_hash = models.CharField(max_length=44, blank=True)
    date = models.DateField()
    amount = models.DecimalField(**MONEY)
    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    supplier_key = models.CharField(max_length=255)
    supplier_name = models.CharField(max_length=255)
    transaction = models.CharField(max_length=60, blank=True)
    expense_type = models.CharField(max_length=255, blank=True)
    service_area = models.CharField(max_length=255, blank=True)
    description = models.CharField(max_length=255, blank=True)
    cpv_section = models.CharField(max_length=1, blank=True)
    opportunity_id = models.IntegerField(null=True)

    def __str__(self):
        return f"line {self.line_number} of file {self.file_id}"
