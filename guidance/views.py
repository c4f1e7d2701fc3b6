"""Admin view: guidance pages whose review date has passed, oldest first."""

from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from guidance.models import GuidancePage
from portal import clock


def overdue_guidance(user, today=None):
    """Guidance pages the user may edit whose next review date is before today, most overdue first."""
    today = today or clock.today()
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return (
        GuidancePage.objects.filter(pk__in=editable.values("pk"), next_review_due__lt=today)
        .order_by("next_review_due", "title")
        .only("title", "next_review_due", "last_reviewed", "content_owner", "live")
    )


class OverdueGuidanceReport(WagtailAdminTemplateMixin, TemplateView):
    template_name = "guidance/admin/overdue_report.html"
    page_title = "Guidance overdue for review"
    header_icon = "time"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = clock.today()
        pages = list(overdue_guidance(self.request.user, today))
        for page in pages:
            page.days_overdue = (today - page.next_review_due).days
        context["pages"] = pages
        return context
