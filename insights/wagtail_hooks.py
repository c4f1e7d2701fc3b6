"""Admin wiring: each organisation's "Notices from the CDP" page, linked from the page's header menu."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from portal.models import OrganisationPage

from . import admin_views


@hooks.register("register_admin_urls")
def register_notice_sync_urls():
    return [path("notices/<int:organisation_id>/", admin_views.notice_sync, name="insights_notice_sync")]


@hooks.register("register_page_header_buttons")
def notice_sync_button(page, user, view_name=None, next_url=None):
    if isinstance(page.specific_deferred, OrganisationPage) and page.permissions_for_user(user).can_edit():
        url = reverse("insights_notice_sync", args=[page.pk])
        yield PageMenuItem("Notices from the CDP", url, icon_name="download", priority=80, page=page)
