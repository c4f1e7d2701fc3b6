"""Public pages: a supplier's delivery return and survey answers (by signed link), and the published figures."""

from django.db import transaction
from django.shortcuts import render

from portal import clock

from . import links, returns, survey
from .forms import DeliveryReturnForm, SurveyForm
from .models import DeliveryPlan, SignedLink
from .periods import period_starting

REFUSED_STATUS = {"invalid": 404, "expired": 410, "used": 410}


def refused(request, error):
    """The one page for a link that cannot be used, saying which of the three went wrong."""
    return render(
        request, "impact/link_refused.html", {"reason": error.reason}, status=REFUSED_STATUS.get(error.reason, 400)
    )


def delivery_return(request, token):
    try:
        link = links.read(token, SignedLink.Purpose.RETURN)
    except links.LinkRefused as error:
        return refused(request, error)
    plan = DeliveryPlan.objects.select_related("award__lot__opportunity__buyer").get(pk=link.plan_id)
    period = period_starting(plan, link.period_start)
    if period is None:  # the buyer shortened the plan after the link went out
        return refused(request, links.LinkRefused("invalid"))
    measures = returns.measures_for(plan)
    previous = returns.current_return(plan, period.start)
    form = DeliveryReturnForm(
        request.POST or None,
        request.FILES or None,
        measures=measures,
        period_label=period.label,
        initial=initial_from(previous),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = returns.submit(
                link,
                submitted_by=form.cleaned_data["submitted_by"],
                notes=form.cleaned_data["notes"],
                quantities=form.quantities(),
                upload=form.cleaned_data.get("evidence_file"),
            )
        except links.LinkRefused as error:
            return refused(request, error)
        return render(request, "impact/return_received.html", {"award": plan.award, "period": period, "saved": saved})
    context = {"form": form, "award": plan.award, "period": period, "previous": previous, "plan": plan}
    return render(request, "impact/return_form.html", context, status=400 if form.errors else 200)


def initial_from(previous):
    """A correction starts from the figures reported before."""
    if previous is None:
        return {}
    initial = {f"measure_{row.measure_id}": row.quantity for row in previous.quantities.all()}
    initial["submitted_by"] = previous.submitted_by
    initial["notes"] = previous.notes
    return initial


def survey_answer(request, token):
    try:
        link = links.read(token, SignedLink.Purpose.SURVEY)
    except links.LinkRefused as error:
        return refused(request, error)
    invitation = link.invitation
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                links.claim(link)
                survey.record_response(invitation, form)
        except links.LinkRefused as error:
            return refused(request, error)
        return render(request, "impact/survey_received.html", {"survey": invitation.survey})
    context = {"form": form, "invitation": invitation, "survey": invitation.survey, "today": clock.today()}
    return render(request, "impact/survey_form.html", context, status=400 if form.errors else 200)
