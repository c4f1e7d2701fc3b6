"""Quick quotes: a buyer invites suppliers from the directory; each answers by its signed link."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal import clock
from portal.signed_links import BadLink

from .. import access, links, quotes
from ..directory import recent_invitations
from ..forms import QuoteAnswerForm, QuoteRequestForm
from ..models import QuoteInvitation, QuoteRequest, Supplier
from .common import link_problem, private


def buyer_required(view):
    """Only a signed-in buyer, acting for its own organisation (passed to the view)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"/admin/login/?{urlencode({'next': request.get_full_path()})}")
        organisation = access.buyer_organisation(request.user)
        if organisation is None:
            return private(render(request, "suppliers/not_a_buyer.html", status=403))
        return private(view(request, organisation, *args, **kwargs))

    return wrapper


def chosen_ids(values):
    """Supplier ids from ticked boxes; anything that is not a number is ignored (it can only be an edited URL)."""
    return sorted({int(value) for value in values if value.isdigit()})[:50]


@never_cache
@buyer_required
@require_http_methods(["GET", "POST"])
def quote_new(request, organisation):
    data = request.POST if request.method == "POST" else None
    ids = chosen_ids((data or request.GET).getlist("supplier"))
    suppliers = Supplier.objects.filter(findable=True, pk__in=ids).order_by("business_name")
    form = QuoteRequestForm(data, organisation=organisation, suppliers=suppliers, initial={"supplier": ids})
    context = {"form": form, "organisation": organisation, "rotation": rotation_rows(organisation, suppliers)}
    if request.method == "GET":
        return render(request, "suppliers/quote_new.html", context)
    if not form.is_valid():
        return render(request, "suppliers/quote_new.html", context, status=400)
    quote_request = quotes.send(organisation, request.user, form.cleaned_data)
    messages.success(request, f"We have emailed {quote_request.invitations.count()} suppliers.")
    return redirect("suppliers:quote_detail", request_id=quote_request.pk)


def rotation_rows(organisation, suppliers):
    suppliers = list(suppliers)
    recent = recent_invitations(organisation, [s.pk for s in suppliers])
    return [(supplier, recent.get(supplier.pk)) for supplier in suppliers]


@never_cache
@buyer_required
def quote_list(request, organisation):
    requests = (
        QuoteRequest.objects.filter(organisation=organisation)
        .annotate(
            invited=Count("invitations"),
            will_quote=Count("invitations", filter=Q(invitations__response=QuoteInvitation.Response.WILL_QUOTE)),
            declined=Count("invitations", filter=Q(invitations__response=QuoteInvitation.Response.DECLINED)),
        )
        .order_by("-created_at", "-pk")[:200]
    )
    return render(request, "suppliers/quote_list.html", {"organisation": organisation, "requests": requests})


@never_cache
@buyer_required
def quote_detail(request, organisation, request_id):
    # Another organisation's request is "not found", not "forbidden": its existence is not this buyer's business.
    quote_request = get_object_or_404(
        QuoteRequest.objects.select_related("opportunity"), pk=request_id, organisation=organisation
    )
    invitations = quote_request.invitations.select_related("supplier")
    return render(
        request,
        "suppliers/quote_detail.html",
        {"organisation": organisation, "quote_request": quote_request, "invitations": invitations},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def quote_answer(request, token):
    try:
        invitation = links.read(token, links.QUOTE)
    except BadLink as problem:
        return link_problem(request, problem.reason, "Reply to the buyer by email instead.")
    form = QuoteAnswerForm(request.POST or None)
    context = {"invitation": invitation, "quote_request": invitation.request, "form": form}
    if request.method == "POST":
        if not form.is_valid():
            return private(render(request, "suppliers/quote_answer.html", context, status=400))
        quotes.answer(invitation, form.cleaned_data["answer"])
        messages.success(request, "Thank you. We have told the buyer your answer.")
        return redirect("suppliers:quote_answer", token=token)
    context["closed"] = invitation.request.reply_by < clock.today()
    return private(render(request, "suppliers/quote_answer.html", context))
