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
