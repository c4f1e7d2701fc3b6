"""Wagtail admin views: delivery returns (promised against delivered) and supplier survey answers.

Every view finds its object through `access.plans_for(user)` or `survey.surveys_for(user)`, so another
organisation's return or survey is simply not found (404): nothing is revealed about it.
"""

import datetime

from django.contrib import messages
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string

from wagtail.admin.auth import permission_denied

from portal import clock

from . import access, links, returns, survey
from .forms import CommentForm
from .periods import period_starting


def plan_list(request):
    if not access.can_see_returns(request.user):
        return permission_denied(request)
    today = clock.today()
    rows = []
    plans = returns.with_returns(access.plans_for(request.user))
    for plan in plans.order_by("award__lot__opportunity__title", "award__supplier_name"):
        statuses = returns.period_statuses(plan)
        states = [status.state(today) for status in statuses]
        rows.append(
            {
                "plan": plan,
                "overdue": states.count("overdue"),
                "received": sum(state in {"received", "corrected"} for state in states),
                "ended": sum(state != "upcoming" for state in states),
            }
        )
    return render(request, "impact/admin/plan_list.html", {"rows": rows})


def plan_detail(request, plan_id):
    if not access.can_see_returns(request.user):
        return permission_denied(request)
    plan = get_object_or_404(returns.with_returns(access.plans_for(request.user), details=True), pk=plan_id)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and "return_id" in request.POST:
        delivery_return = get_object_or_404(plan.returns, pk=request.POST.get("return_id", "").strip() or 0)
        if form.is_valid():
            author = request.user.get_full_name() or request.user.get_username()
            returns.add_comment(delivery_return, author, form.cleaned_data["text"])
            messages.success(request, "Comment saved.")
            return redirect("impact_admin_plan", plan.pk)
    context = {
        "plan": plan,
        "award": plan.award,
        "progress": returns.promised_and_delivered(plan),
        "statuses": returns.period_statuses(plan),
        "today": clock.today(),
        "form": form,
    }
    return render(request, "impact/admin/plan_detail.html", context, status=400 if form.errors else 200)


def ask_for_correction(request, plan_id):
    """Send the supplier a new link for a period it has reported, so it can correct its return."""
    if not access.can_see_returns(request.user):
        return permission_denied(request)
    plan = get_object_or_404(access.plans_for(request.user), pk=plan_id)
    if request.method != "POST":
        return redirect("impact_admin_plan", plan.pk)
    try:
        start = datetime.date.fromisoformat(request.POST.get("period_start", ""))
    except ValueError:
        start = None
    period = period_starting(plan, start) if start else None
    if period is None:
        messages.error(request, "That reporting period is not part of this contract.")
        return redirect("impact_admin_plan", plan.pk)
    with transaction.atomic():
        link = returns.correction_link(plan, period)
        body = render_to_string(
            "impact/emails/correction.txt", {"award": plan.award, "period": period, "url": links.url_for(link)}
        )
        send_mail(f"Please correct your delivery report for {period.label}", body, None, [plan.supplier_email])
    messages.success(request, f"We have emailed {plan.supplier_email} a link to correct the report for {period.label}.")
    return redirect("impact_admin_plan", plan.pk)


def survey_list(request):
    if not survey.can_read_surveys(request.user):
        return permission_denied(request)
    rows = [(item, survey.response_rate(item)) for item in survey.surveys_for(request.user)]
    return render(request, "impact/admin/survey_list.html", {"rows": rows})


def survey_detail(request, survey_id):
    if not survey.can_read_surveys(request.user):
        return permission_denied(request)
    item = get_object_or_404(survey.surveys_for(request.user), pk=survey_id)
    invitations = item.invitations.select_related("response").order_by("supplier_name")
    context = {"survey": item, "invitations": invitations, "rate": survey.response_rate(item)}
    return render(request, "impact/admin/survey_detail.html", context)
