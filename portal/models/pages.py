"""Home and standard content pages."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from portal.blocks import BodyBlock

from .base import BasePage


class HomePage(BasePage):
    """The front door: speaks to a small business first."""

    intro_heading = models.CharField(
        max_length=120, default="Sell to the public bodies in your area", help_text="The big heading at the top."
    )
    intro = models.TextField(
        max_length=400,
        default=(
            "Councils, colleges, the university, the NHS trust, the police and the housing association "
            "buy goods and services worth millions every year. Find contracts that fit a business like yours."
        ),
        help_text="One or two plain sentences under the heading.",
    )
    what_we_buy = RichTextField(blank=True, features=["bold", "link", "ul"], help_text="What the partnership buys.")
    getting_started = RichTextField(
        blank=True, features=["bold", "link", "ol", "ul"], help_text="How a small business gets started."
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro_heading"),
        FieldPanel("intro"),
        FieldPanel("what_we_buy"),
        FieldPanel("getting_started"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


class StandardPage(BasePage):
    """A plain page: accessibility statement, privacy notice, cookies, about."""

    summary = models.TextField(max_length=300, blank=True, help_text="Shown under the heading and in search results.")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = "standard page"
