"""The anchor institutions (buyers) and the index that lists them.

Each OrganisationPage owns a subtree (its opportunities and events) and a Wagtail group whose page
permissions cover that subtree only: that is how one buyer is kept out of another's content.
"""

from django.contrib.auth.models import Group
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Collection
from wagtail.search import index

from .base import BasePage, IndexPage


class OrganisationIndexPage(IndexPage):
    """/buyers/: every anchor in the partnership."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.OrganisationPage"]
    max_count = 1

    class Meta:
        verbose_name = "organisation index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisations"] = (
            OrganisationPage.objects.child_of(self).live().select_related("logo").order_by("title")
        )
        return context


class OrganisationPage(BasePage):
    """An anchor's procurement landing page."""

    class OrganisationType(models.TextChoices):
        COUNCIL = "council", "Council"
        UNIVERSITY = "university", "University"
        COLLEGE = "college", "College"
        POLICE = "police", "Police"
        NHS = "nhs", "NHS"
        HOUSING = "housing", "Housing association"
        OTHER = "other", "Other public body"

    organisation_type = models.CharField(max_length=20, choices=OrganisationType.choices)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    website = models.URLField(blank=True)
    intro = models.TextField(max_length=600, help_text="What this organisation buys and how, in plain English.")
    contact_name = models.CharField("procurement contact name", max_length=120, blank=True)
    contact_email = models.EmailField("procurement contact email", blank=True)
    contact_phone = models.CharField("procurement contact phone", max_length=40, blank=True)
    # Set up automatically when the page is created (see portal.organisations); not edited by hand.
    buyers_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="organisation"
    )
    collection = models.OneToOneField(
        Collection, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="organisation"
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("organisation_type"),
        FieldPanel("intro"),
        FieldPanel("logo"),
        FieldPanel("website"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading="Procurement contact",
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["portal.OrganisationIndexPage"]
    subpage_types = ["opportunities.OpportunityPage", "events.EventPage"]

    class Meta:
        verbose_name = "organisation page"
