"""Admin for the guidance app: snippets, the statement's form and the 'overdue for review' report."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from guidance.forms import CommonStatementForm
from guidance.models import CommonStatement, GlossaryTerm, SupportProvider, SupportService
from guidance.views import OverdueGuidanceReport


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "snippet"
    menu_label = "Glossary"
    list_display = ["term", "definition"]
    search_fields = ["term", "definition"]


class SupportProviderViewSet(SnippetViewSet):
    model = SupportProvider
    icon = "group"
    menu_label = "Support providers"
    list_display = ["name", "kind", "free_to_use"]
    list_filter = ["kind"]


class SupportServiceViewSet(SnippetViewSet):
    model = SupportService
    icon = "tag"
    menu_label = "Kinds of support"


class CommonStatementViewSet(SnippetViewSet):
    model = CommonStatement
    icon = "doc-full-inverse"
    menu_label = "Common statement"
    list_display = ["title", "change_note"]
    edit_handler = ObjectList(CommonStatement.panels, base_form_class=CommonStatementForm)


class GuidanceGroup(SnippetViewSetGroup):
    menu_label = "Guidance and support"
    menu_icon = "help"
    menu_order = 250
    items = (CommonStatementViewSet, GlossaryTermViewSet, SupportProviderViewSet, SupportServiceViewSet)


register_snippet(GuidanceGroup)


@hooks.register("register_reports_menu_item")
def register_overdue_guidance_menu_item():
    return MenuItem("Guidance overdue for review", reverse("guidance_overdue_report"), icon_name="time", order=750)


@hooks.register("register_admin_urls")
def register_overdue_guidance_url():
    return [path("reports/guidance-overdue/", OverdueGuidanceReport.as_view(), name="guidance_overdue_report")]
