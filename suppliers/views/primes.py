"""Subcontracts: a buyer sends the winner of an award a signed link; the prime posts lotted subcontracts
tied to that award and reports what it passed on; anyone can read the open subcontracts."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from opportunities.models import Award
from portal import clock
from portal.signed_links import BadLink

from .. import access, finder_entries, links
from ..emails import prime_message
from ..forms import PrimeLinkForm, SubcontractAwardForm, SubcontractForm, SubcontractLotFormSet
from ..models import PrimeAccess, Subcontract, SubcontractAward
from ..subcontracts import open_subcontracts, prime_awards, save_lots
from .common import link_problem, private
from .quotes import buyer_required


def organisation_awards(organisation):
    return Award.objects.filter(lot__opportunity__buyer=organisation).select_related("lot__opportunity")


@never_cache
@buyer_required
def award_list(request, organisation):
    awards = organisation_awards(organisation).order_by("-award_date", "pk")[:200]
    return render(request, "suppliers/award_list.html", {"organisation": organisation, "awards": awards})


@never_cache
@buyer_required
@require_http_methods(["GET", "POST"])
def prime_link_new(request, organisation, award_id):
    award = get_object_or_404(organisation_awards(organisation), pk=award_id)
    form = PrimeLinkForm(request.POST or None)
    context = {"organisation": organisation, "award": award, "form": form}
    if request.method == "GET":
        return render(request, "suppliers/prime_link_new.html", context)
    if not form.is_valid():
        return render(request, "suppliers/prime_link_new.html", context, status=400)
    prime = PrimeAccess.objects.create(award=award, email=form.cleaned_data["email"], created_by=request.user)
    prime_message(prime).send()
    messages.success(request, f"We have emailed a subcontracting link to {prime.email}.")
    return redirect("suppliers:award_list")


@never_cache
def prime_link(request, token):
    """Opening the link lets this browser act for the award's winner (no state is used up, so scanners are harmless)."""
    try:
        prime = links.read(token, links.PRIME)
    except BadLink as problem:
        return link_problem(request, problem.reason, "Ask the buyer who awarded the contract for a new link.")
    access.grant_prime(request, prime)
    return redirect("suppliers:prime_home")


def prime_required(view):
    def wrapper(request, *args, **kwargs):
        if not access.is_prime(request):
            return private(render(request, "suppliers/not_a_prime.html", status=403))
        return private(view(request, *args, **kwargs))

    wrapper.__name__ = view.__name__
    return wrapper


def own_award(request, award_id):
    """One of the awards this browser holds a link for, or 404: a prime never reaches another's award."""
    award = prime_awards(access.prime_accesses(request)).filter(pk=award_id).first()
    if award is None:
        raise Http404("No such award")
    return award


@never_cache
@prime_required
def prime_home(request):
    awards = prime_awards(access.prime_accesses(request)).prefetch_related("subcontracts__lots", "subcontract_awards")
    return render(request, "suppliers/prime_home.html", {"awards": awards})


@never_cache
@prime_required
@require_http_methods(["GET", "POST"])
def subcontract_new(request, award_id):
    return edit_subcontract(request, own_award(request, award_id), Subcontract())


@never_cache
@prime_required
@require_http_methods(["GET", "POST"])
def subcontract_edit(request, subcontract_id):
    subcontract = get_object_or_404(
        Subcontract.objects.filter(award__in=prime_awards(access.prime_accesses(request))), pk=subcontract_id
    )
    return edit_subcontract(request, subcontract.award, subcontract)


def edit_subcontract(request, award, subcontract):
    data = request.POST if request.method == "POST" else None
    form = SubcontractForm(data, instance=subcontract)
    lots = SubcontractLotFormSet(data, instance=subcontract, prefix="lots")
    context = {"award": award, "form": form, "lots": lots, "creating": subcontract.pk is None}
    if request.method == "GET":
        return render(request, "suppliers/subcontract_edit.html", context)
    if not (form.is_valid() and lots.is_valid()):
        return render(request, "suppliers/subcontract_edit.html", context, status=400)
    with transaction.atomic():
        subcontract = form.save(commit=False)
        subcontract.award = award
        subcontract.deadline = form.deadline()
        subcontract.updated_at = clock.now()
        subcontract.save()
        save_lots(subcontract, lots)
        finder_entries.queue_refresh(subcontract.pk)  # the finder and alerts, once this commits
    messages.success(request, "Your subcontract is published.")
    return redirect("suppliers:subcontract_detail", subcontract_id=subcontract.pk)


@never_cache
@prime_required
@require_http_methods(["GET", "POST"])
def report_award(request, award_id):
    award = own_award(request, award_id)
    form = SubcontractAwardForm(request.POST or None)
    context = {"award": award, "form": form}
    if request.method == "GET":
        return render(request, "suppliers/report_award.html", context)
    if not form.is_valid():
        return render(request, "suppliers/report_award.html", context, status=400)
    tier_two = form.save(commit=False)
    tier_two.award = award
    tier_two.save()
    messages.success(request, f"We have recorded the work awarded to {tier_two.supplier_name}.")
    return redirect("suppliers:prime_home")


@require_POST
@prime_required
def report_delete(request, report_id):
    report = get_object_or_404(
        SubcontractAward.objects.filter(award__in=prime_awards(access.prime_accesses(request))), pk=report_id
    )
    report.delete()
    messages.success(request, "That record is deleted.")
    return redirect("suppliers:prime_home")


def subcontract_list(request):
    return render(request, "suppliers/subcontract_list.html", {"subcontracts": open_subcontracts()[:100]})


def subcontract_detail(request, subcontract_id):
    subcontract = get_object_or_404(
        Subcontract.objects.select_related("award__lot__opportunity__buyer").prefetch_related("lots"),
        pk=subcontract_id,
    )
    can_edit = (
        access.is_prime(request)
        and prime_awards(access.prime_accesses(request)).filter(pk=subcontract.award_id).exists()
    )
    context = {"subcontract": subcontract, "can_edit": can_edit, "closed": subcontract.deadline <= clock.now()}
    return render(request, "suppliers/subcontract_detail.html", context)
