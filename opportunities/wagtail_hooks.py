"""Admin registrations: the awards screen and the reference data snippets (CPV, locations, themes)."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.models import CPVCode, Location, SocialValueTheme

from .admin_views import AwardViewSet
from .choosers import cpv_chooser_viewset
from .models import Award, Threshold
from .permissions import AwardPermissionPolicy, CPVCodePermissionPolicy

register_permission_policy(Award, AwardPermissionPolicy(Award))
register_permission_policy(CPVCode, CPVCodePermissionPolicy(CPVCode))


@hooks.register("register_admin_viewset")
def register_award_viewset():
    return AwardViewSet("awards")


@hooks.register("register_admin_viewset")
def register_cpv_chooser():
    return cpv_chooser_viewset


class CPVCodeViewSet(SnippetViewSet):
    model = CPVCode
    icon = "list-ul"
    menu_label = "CPV codes"
    list_display = ["display_code", "label"]
    # Codes arrive in bulk from migrations and import_cpv, which bypass the search index: search the table.
    search_backend_name = None
    search_fields = ["code", "label"]
    list_per_page = 50
    copy_view_enabled = False


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    list_display = ["name", "kind", "itl_code", "postcode_districts"]
    list_filter = ["kind"]
    copy_view_enabled = False


class SocialValueThemeViewSet(SnippetViewSet):
    model = SocialValueTheme
    icon = "tag"
    menu_label = "Social value themes"
    list_display = ["name", "description"]
    copy_view_enabled = False


class ThresholdViewSet(SnippetViewSet):
    """The Procurement Act's thresholds by date: add a row when the figures change."""

    model = Threshold
    icon = "table"
    menu_label = "Procurement Act thresholds"
    list_display = ["valid_from", "buyer_kind", "kind", "amount"]
    list_filter = ["buyer_kind", "kind"]
    copy_view_enabled = True


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = "Reference data"
    menu_icon = "folder-open-inverse"
    menu_order = 260
    items = (CPVCodeViewSet, LocationViewSet, SocialValueThemeViewSet, ThresholdViewSet)


register_snippet(ReferenceDataGroup)


@hooks.register("insert_editor_js")
def number_new_lots():
    return format_html('<script src="{}"></script>', static("opportunities/js/lot-numbers.js"))
