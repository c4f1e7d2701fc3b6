"""The abstract page every portal page type builds on."""

from wagtail.models import Page


class BasePage(Page):
    """Common behaviour for portal pages: breadcrumbs and a plain-English listing summary.

    Page types declare their own parent/subpage types and use Wagtail's default template name,
    `templates/<app>/<model_snake>.html`.
    """

    show_in_menus_default = False

    class Meta:
        abstract = True

    def get_breadcrumbs(self):
        """Ancestors below the site root, for the breadcrumbs component (one query)."""
        return self.get_ancestors().filter(depth__gt=2).only("title", "url_path", "path", "depth")
