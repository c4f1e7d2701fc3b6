"""The abstract page every portal page type builds on."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page


class BasePage(Page):
    """Common behaviour for portal pages: breadcrumbs and a plain-English listing summary.

    Page types declare their own parent/subpage types and use Wagtail's default template name,
    `templates/<app>/<model_snake>.html`.
    """

    show_in_menus_default = False

    # Wagtail's Promote tab speaks of "Slug" and "Title tag"; buyers need to know what each one changes.
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel(
                    "slug",
                    heading="Web address (the end of it)",
                    help_text="The last part of this page's web address, like school-meals. Use lower case "
                    "letters, numbers and hyphens. Changing it after publishing breaks links people have saved.",
                ),
                FieldPanel(
                    "seo_title",
                    heading="Title in search results (optional)",
                    help_text="Shown in browser tabs and by search engines instead of the page title. "
                    "Leave it empty to use the page title.",
                ),
                FieldPanel(
                    "search_description",
                    heading="Description in search results and listings (optional)",
                    help_text="One or two plain sentences that search engines and the portal's own lists "
                    "show under the title. Leave it empty to use the summary.",
                ),
            ],
            heading="How people find this page",
        ),
    ]

    class Meta:
        abstract = True

    # Page types call their one-paragraph description `summary` or `intro`; listings take whichever is set,
    # preferring the editor's own search description.
    LISTING_SUMMARY_FIELDS = ("search_description", "summary", "intro")

    @property
    def listing_summary(self):
        for name in self.LISTING_SUMMARY_FIELDS:
            if value := getattr(self, name, ""):
                return value
        return ""

    def get_breadcrumbs(self):
        """Ancestors below the site root, for the breadcrumbs component (one query)."""
        return self.get_ancestors().filter(depth__gt=2).only("title", "url_path", "path", "depth")


class IndexPage(BasePage):
    """A section's front page (events, guidance, buyers...): a short plain-English intro above its listing."""

    intro = models.TextField(max_length=400, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        abstract = True
