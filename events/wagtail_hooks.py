"""Admin wiring: the Partner snippet, and the registrations area buyers use for their own events."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events import access, admin_views
from events.models import Partner


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
