"""The anchor institutions (buyers) and the index that lists them.

Each OrganisationPage owns a subtree (its opportunities and events) and a Wagtail group whose page
permissions cover that subtree only: that is how one buyer is kept out of another's content.
"""

from django.contrib.auth.models import Group
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Collection, Orderable
from wagtail.search import index

from ..buyers import BuyerKind
from ..identifiers import IdentifierScheme, normalise_ppon, validate_ppon
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
    buyer_kind = models.CharField(
        "kind of buyer under the Procurement Act",
        max_length=30,
        choices=BuyerKind.choices,
        default=BuyerKind.SUB_CENTRAL,
        help_text="Decides which thresholds apply. Councils, NHS trusts, universities, colleges, police and "
        "housing associations are sub-central.",
    )
    ppon = models.CharField(
        "PPON",
        max_length=20,
        blank=True,
        validators=[validate_ppon],
        help_text="Public procurement organisation number, from the organisation's Central Digital Platform "
        "account, like PDNX-7253-FQPM. Notices on the platform are matched to the organisation by it.",
    )
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
        FieldRowPanel([FieldPanel("organisation_type"), FieldPanel("buyer_kind")]),
        FieldPanel("ppon"),
        InlinePanel("identifiers", heading="Other identifiers", label="Identifier"),
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

    def clean(self):
        super().clean()
        self.ppon = normalise_ppon(self.ppon)

    def identifier_list(self):
        """Every identifier with its scheme, the PPON first: [(scheme, identifier)]."""
        identifiers = [(IdentifierScheme.PPON.value, self.ppon)] if self.ppon else []
        return identifiers + [(item.scheme, item.identifier) for item in self.identifiers.all()]


class OrganisationIdentifier(Orderable):
    """Another register's number for an organisation (Companies House, a charity register, …)."""

    organisation = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField("register", max_length=10, choices=IdentifierScheme.choices)
    identifier = models.CharField("number", max_length=40)

    panels = [FieldRowPanel([FieldPanel("scheme"), FieldPanel("identifier")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["organisation", "scheme"], name="one_identifier_per_scheme"),
        ]

    def __str__(self):
        return f"{self.scheme}-{self.identifier}"
