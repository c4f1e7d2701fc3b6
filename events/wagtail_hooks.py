"""Admin wiring: the Partner snippet, the registrations area buyers use for their own events, and the
dashboard's Create an opportunity and Create an event buttons."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events import access, admin_views
from events.models import Partner
from portal.models import OrganisationPage


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = "Partners"
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]


register_snippet(PartnerViewSet)


@hooks.register("register_admin_urls")
def register_registration_urls():
    return [
        path("event-registrations/", admin_views.event_list, name="events_admin_index"),
        path(
            "event-registrations/<id:event_id>/",
            admin_views.event_registrations,
            name="events_admin_registrations",
        ),
        path("event-registrations/<id:event_id>/export.csv", admin_views.export_csv, name="events_admin_export"),
        path(
            "event-registrations/<id:event_id>/message/", admin_views.message_registrants, name="events_admin_message"
        ),
    ]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_manage_registrations(request.user)


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return RegistrationsMenuItem("Event registrations", reverse("events_admin_index"), icon_name="date", order=300)


class DashboardStartPanel(Component):
    """Create an opportunity or an event, first thing on the dashboard, for each of the buyer's organisations."""

    name = "dashboard_start"
    order = 10
    template_name = "portal/admin/dashboard_start.html"

    def __init__(self, organisations):
        self.organisations = organisations

    def get_context_data(self, parent_context):
        return {"organisations": self.organisations}


@hooks.register("construct_homepage_panels")
def add_dashboard_start(request, panels):
    organisations = list(access.organisations_for(request.user).order_by("title")[:10])
    if not organisations and request.user.is_superuser:
        organisations = list(OrganisationPage.objects.order_by("title")[:10])
    panels.insert(0, DashboardStartPanel(organisations))
