"""A read-only Wagtail admin listing of alert subscriptions: how many, confirmed, paused.

Any admin user (buyers included) sees the figures and the rows; email addresses are shown only to
superusers and to users granted `alerts.view_subscriber_email`, since buyers have no reason to know who
subscribed.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alerts.models import Subscription

PER_PAGE = 50


def sees_emails(user):
    return user.is_superuser or user.has_perm("alerts.view_subscriber_email")


def totals():
    """Counts for the whole table, in one query."""
    return Subscription.objects.aggregate(
        total=Count("pk"),
        confirmed_count=Count("pk", filter=Q(confirmed_at__isnull=False)),
        paused_count=Count("pk", filter=Q(paused=True)),
        active_count=Count("pk", filter=Q(confirmed_at__isnull=False, paused=False)),
    )


@require_GET
def subscription_list(request):
    subscriptions = Subscription.objects.order_by("-created_at", "-pk").only(
        "pk", "email", "frequency", "paused", "created_at", "confirmed_at"
    )
    context = {
        "totals": totals(),
        "page": Paginator(subscriptions, PER_PAGE).get_page(request.GET.get("p")),
        "show_emails": sees_emails(request.user),
    }
    return render(request, "alerts/admin/subscription_list.html", context)
