"""A supplier signs in by emailed link, keeps a profile, sees its alerts and registrations in one place,
downloads its data and deletes its account."""

import json

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from alerts.ratelimit import allow, client_ip
from portal import clock
from portal.signed_links import BadLink

from .. import access, links, personal_data
from ..directory import refresh_search, save_work
from ..emails import sign_in_message
from ..forms import ProfileForm, SignInForm
from ..models import SignInLink
from .common import link_problem, private

SIGN_IN_AGAIN = "Ask for a new sign-in link."


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.method == "GET":
        return render(request, "suppliers/sign_in.html", {"form": SignInForm()})
    form = SignInForm(request.POST)
    if not form.is_valid():
        return render(request, "suppliers/sign_in.html", {"form": form}, status=400)
    if not allow("suppliers-ip", client_ip(request), settings.ALERTS_IP_LIMIT, 3600):
        problem = "You have asked for too many sign-in links. Wait an hour, then try again."
        return render(request, "suppliers/sign_in.html", {"form": form, "problem": problem}, status=429)
    email = form.cleaned_data["email"]
    # Too many links for one address: the same page as a success and no email, so no inbox can be flooded.
    if allow("suppliers-email", email, settings.ALERTS_EMAIL_LIMIT, 3600):
        link = SignInLink.objects.create(email=email)
        sign_in_message(link).send()
    request.session["suppliers_sent_to"] = email
    return redirect("suppliers:check_email")


def check_email(request):
    return render(request, "suppliers/check_email.html", {"email": request.session.pop("suppliers_sent_to", "")})


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_link(request, token):
    # Signing in takes a button press (POST): mail scanners open links too, and must not use them up.
    try:
        link = links.read(token, links.SIGN_IN)
    except BadLink as problem:
        return link_problem(request, problem.reason, SIGN_IN_AGAIN)
    if request.method == "GET":
        return private(render(request, "suppliers/sign_in_confirm.html", {"email": link.email}))
    # Used once: the conditional update lets only one of two simultaneous presses through.
    if not SignInLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=clock.now()):
        return link_problem(request, "used", SIGN_IN_AGAIN)
    access.sign_in_supplier(request, link.email)
    if access.current_supplier(request) is None:
        return redirect("suppliers:profile_edit")
    messages.success(request, "You are signed in.")
    return redirect("suppliers:profile")


@require_POST
def sign_out(request):
    access.sign_out_supplier(request)
    messages.success(request, "You are signed out.")
    return redirect("suppliers:sign_in")


def signed_in(view):
    """Send anyone who has not proved an email address to the sign-in page."""

    def wrapper(request, *args, **kwargs):
        if not access.supplier_email(request):
            return redirect("suppliers:sign_in")
        return private(view(request, *args, **kwargs))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@never_cache
@signed_in
def profile(request):
    supplier = access.current_supplier(request)
    if supplier is None:
        return redirect("suppliers:profile_edit")
    context = {"supplier": supplier, **personal_data.joined(supplier.email)}
    return render(request, "suppliers/profile.html", context)


@never_cache
@signed_in
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    supplier = access.current_supplier(request)
    creating = supplier is None
    if request.method == "GET":
        return render(
            request, "suppliers/profile_edit.html", {"form": ProfileForm(instance=supplier), "creating": creating}
        )
    form = ProfileForm(request.POST, instance=supplier)
    if not form.is_valid():
        return render(request, "suppliers/profile_edit.html", {"form": form, "creating": creating}, status=400)
    with transaction.atomic():
        supplier = form.save(commit=False)
        supplier.email = access.supplier_email(request)
        supplier.updated_at = clock.now()
        supplier.save()
        form.save_m2m()
        save_work(supplier, form.work_prefixes())
        refresh_search([supplier])
    messages.success(request, "Your profile is saved." if not creating else "Your profile is ready.")
    return redirect("suppliers:profile")


@never_cache
@signed_in
def download(request):
    """UK GDPR: everything the portal holds about this address, as JSON."""
    data = personal_data.export(access.supplier_email(request))
    response = HttpResponse(json.dumps(data, indent=2, default=str), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-supplier-data.json"'
    return response


@never_cache
@signed_in
@require_http_methods(["GET", "POST"])
def delete(request):
    email = access.supplier_email(request)
    if request.method == "GET":
        return render(request, "suppliers/delete.html", personal_data.joined(email))
    personal_data.erase(email)
    access.sign_out_supplier(request)
    return render(request, "suppliers/deleted.html")
