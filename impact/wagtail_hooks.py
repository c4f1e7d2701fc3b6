"""Admin wiring: the measures catalogue, the commitments inline on the award editor, and the returns area."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import InlinePanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import access, admin_views, survey
from .models import Measure


class MeasureViewSet(SnippetViewSet):
    model = Measure
    icon = "list-ol"
    menu_label = "Social value measures"
    add_to_admin_menu = True
    menu_order = 255
    list_display = ["name", "unit", "theme", "proxy_value"]
    list_filter = ["theme"]
    search_fields = ["name"]
    copy_view_enabled = False


register_snippet(MeasureViewSet)


@hooks.register("award_editor_panels")
def commitment_panels():
    return [
        InlinePanel(
            "commitments",
            heading="Social value commitments",
            label="Commitment",
            help_text="What the supplier promised in its bid, for the whole contract.",
        ),
        InlinePanel(
            "delivery_plans",
            heading="Delivery reporting",
            label="Reporting plan",
            max_num=1,
            help_text="Who reports what was delivered, and how often. We email them a link for each period.",
        ),
    ]


@hooks.register("register_admin_urls")
def register_impact_urls():
    return [
        path("delivery-returns/", admin_views.plan_list, name="impact_admin_plans"),
        path("delivery-returns/<int:plan_id>/", admin_views.plan_detail, name="impact_admin_plan"),
        path(
            "delivery-returns/<int:plan_id>/correction/", admin_views.ask_for_correction, name="impact_admin_correction"
        ),
        path("supplier-surveys/", admin_views.survey_list, name="impact_admin_surveys"),
        path("supplier-surveys/<int:survey_id>/", admin_views.survey_detail, name="impact_admin_survey"),
    ]


class ReturnsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_see_returns(request.user)


class SurveysMenuItem(MenuItem):
    def is_shown(self, request):
        return survey.can_read_surveys(request.user)


@hooks.register("register_admin_menu_item")
def register_returns_menu_item():
    return ReturnsMenuItem("Delivery returns", reverse("impact_admin_plans"), icon_name="success", order=251)


@hooks.register("register_admin_menu_item")
def register_surveys_menu_item():
    return SurveysMenuItem("Supplier surveys", reverse("impact_admin_surveys"), icon_name="form", order=252)
