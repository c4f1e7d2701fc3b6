"""The insights page, and the bookkeeping that keeps OCDS identifiers stable across import and export."""

from django.db import models

from wagtail.admin.panels import FieldPanel

from portal.models import BasePage


class InsightsPage(BasePage):
    """/insights/: where the partnership's money goes, and how easy its opportunities are to bid for."""

    intro = models.TextField(
        max_length=600,
        blank=True,
        default=(
            "See how much the partnership spends, how much of it stays in the local area, and how much goes to "
            "small businesses, charities, co-ops and social enterprises."
        ),
        help_text="One or two plain sentences under the heading.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "insights page"

    def get_context(self, request, *args, **kwargs):
        from insights.dashboard import dashboard_context  # keeps the page model free of the query code

        context = super().get_context(request, *args, **kwargs)
        context.update(dashboard_context(request.GET))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.context_data.get("filters_invalid"):
            response.status_code = 400
        return response


class OpportunityOcid(models.Model):
    """The Open Contracting ID of an opportunity imported from elsewhere, kept so exports reuse it.

    Opportunities created in the portal have no row: their ocid is the configured prefix plus the page id.
    """

    opportunity = models.OneToOneField(
        "opportunities.OpportunityPage", on_delete=models.CASCADE, related_name="ocds_identity"
    )
    ocid = models.CharField(max_length=255, unique=True)

    class Meta:
        verbose_name = "OCDS identifier"

    def __str__(self):
        return self.ocid


class ImportedRelease(models.Model):
    """An OCDS release brought in by `import_ocds`: importing it again changes nothing."""

    ocid = models.CharField(max_length=255)
    release_id = models.CharField(max_length=255)
    release_date = models.DateTimeField()
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", null=True, on_delete=models.SET_NULL, related_name="imported_releases"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ocid", "release_id"], name="unique_imported_release")]

    def __str__(self):
        return f"{self.ocid} {self.release_id}"


class AwardSummary(models.Model):
    """Award sums for one buyer, quarter, CPV division and kind of supplier: what the dashboard reads.

    Summing a few thousand of these rows is what keeps the dashboard fast at hundreds of thousands of awards.
    The supplier's postcode district is part of the key, so changing the local area in the settings needs no
    rebuild. Rows cover awards on published opportunities only; `insights.summary` keeps them in step.
    """

    buyer = models.ForeignKey("portal.OrganisationPage", null=True, on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField(help_text="The first day of the quarter of the award date.")
    division = models.CharField(max_length=2, null=True, help_text="First two digits of the main CPV code.")
    district = models.CharField(max_length=10, help_text="The supplier's postcode district (PR1), upper case.")
    sme = models.BooleanField()
    social = models.BooleanField(help_text="A VCSE, co-op, social enterprise or employee-owned business.")
    awards = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=["buyer", "quarter"], name="insights_summary_buyer_quarter")]

    def __str__(self):
        return f"{self.buyer_id} {self.quarter} {self.division} {self.district}"


class CommitmentSummary(models.Model):
    """Social value committed at award, summed per buyer, quarter and measure: the dashboard's promises table.

    Kept in step with `AwardSummary` by the same refresh (`insights.summary`), for the same reason: the
    dashboard sums a few rows per quarter instead of every commitment.
    """

    buyer = models.ForeignKey("portal.OrganisationPage", null=True, on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField(help_text="The first day of the quarter of the award date.")
    measure = models.ForeignKey("impact.Measure", on_delete=models.CASCADE, related_name="+")
    quantity = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=["buyer", "quarter"], name="insights_commit_buyer_quarter")]

    def __str__(self):
        return f"{self.buyer_id} {self.quarter} {self.measure_id}"


class StaleSummary(models.Model):
    """A buyer whose summary rows may be out of date, written in the same transaction as the change.

    Not unique: a refresh deletes exactly the rows it read, so a mark committed during a refresh survives it.
    """

    buyer_id = models.IntegerField(null=True)  # no foreign key: the buyer may be going in the same transaction

    def __str__(self):
        return f"buyer {self.buyer_id}"


class NoticeFeed(models.Model):
    """Where `sync_notices` has got to in one OCDS publisher's feed (the CDP's Find a Tender API, say).

    `next_url` is the page to read next when a run stopped part-way (a fault that outlasted its retries);
    `updated_from` is where the next complete run starts: the moment the last complete run began, so a notice
    changed while it ran is read again next time (the import skips what it already has).
    """

    url = models.URLField(max_length=500, unique=True)
    next_url = models.URLField(max_length=2000, blank=True)
    updated_from = models.DateTimeField(null=True, blank=True)
    run_started_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "notice feed"

    def __str__(self):
        return self.url


class BuyerNoticeSettings(models.Model):
    """How notices that `sync_notices` brings in for one buyer appear: published at once, or as drafts."""

    organisation = models.OneToOneField(
        "portal.OrganisationPage", on_delete=models.CASCADE, related_name="notice_settings"
    )
    publish_automatically = models.BooleanField(
        "publish new notices at once",
        default=False,
        help_text="If not, new opportunities from the Central Digital Platform wait as drafts for you to check.",
    )
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "buyer notice settings"
        verbose_name_plural = "buyer notice settings"

    def __str__(self):
        return f"Notice settings for {self.organisation_id}"
