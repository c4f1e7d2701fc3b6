"""Subscribe, confirm, manage and unsubscribe: thin views over forms, tokens and the ledger."""

import logging

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from portal import clock
from portal.signed_links import BadLink

from .delivery import withdrawn
from .emails import build, confirmation_message, links
from .forms import ProfileForm, SubscribeForm, initial_from_search
from .models import Subscription
from .ratelimit import allow, client_ip
from .tokens import CONFIRM, MANAGE, UNSUBSCRIBE, make_token, read_token

logger = logging.getLogger(__name__)

LINK_PROBLEMS = {
    "invalid": (400, "This link does not work", "The link may have been copied wrongly or cut short."),
    "expired": (410, "This link has expired", "Links to confirm alerts work for 7 days."),
    "gone": (404, "We cannot find these alerts", "They may have been deleted, or you may have unsubscribed."),
}


def link_problem(request, reason):
    status, heading, detail = LINK_PROBLEMS[reason]
    context = {"heading": heading, "detail": detail}
    return render(request, "alerts/link_problem.html", context, status=status)


def subscription_from(request, token, purpose):
    """The subscription a link points to, or the response explaining why the link cannot be used."""
    try:
        return read_token(token, purpose), None
    except BadLink as problem:
        return None, link_problem(request, problem.reason)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        initial = initial_from_search(request.GET)
        form = SubscribeForm(initial=initial)
        return render(request, "alerts/subscribe.html", {"form": form, "from_search": bool(initial)})

    form = SubscribeForm(request.POST)
    if not allow("ip", client_ip(request), settings.ALERTS_IP_LIMIT, 3600):
        form.is_valid()  # show any other mistakes too, so the next attempt can succeed
        problem = "You have tried to subscribe too many times. Wait an hour, then try again."
        return render(request, "alerts/subscribe.html", {"form": form, "problem": problem}, status=429)
    if not form.is_valid():
        return render(request, "alerts/subscribe.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    if form.is_bot():
        logger.info("Alerts: ignored a subscription with the honeypot field filled in")
    elif (earlier := form.earlier_submission()) is not None:
        form.apply(earlier)  # the same form again: keep its latest answers; the first email's link still works
    elif not allow("email", email, settings.ALERTS_EMAIL_LIMIT, 3600):
        # Same page as a success, so nobody learns anything; no email, so nobody can flood an inbox.
        logger.info("Alerts: too many subscriptions for one address in an hour; no email sent")
    else:
        start_subscription(form)
    request.session["alerts_email"] = email
    return redirect("alerts:check_email")


def start_subscription(form):
    """Save an unconfirmed subscription and send the confirmation (with any existing manage links)."""
    data = form.cleaned_data
    existing = list(Subscription.objects.filter(email__iexact=data["email"], confirmed_at__isnull=False))
    key = data["submission_key"]
    # One look for what this form already made: with two looks (the unconfirmed copy, then any use of the
    # key), a copy sent at the same moment could save between them and this one would go on without a key.
    made = Subscription.objects.filter(submission_key=key).first() if key is not None else None
    if made is not None:
        if made.confirmed_at is None and made.email.lower() == data["email"].lower():
            return form.apply(made)  # a copy of this form sent at the same moment saved it after the view looked
        key = None  # this form already made a subscription, now confirmed or for another address: a new one
    try:
        with transaction.atomic():
            subscription = Subscription(
                email=data["email"], consent_text=form.consent_given(), consent_at=clock.now(), submission_key=key
            )
            form.apply(subscription)
    except IntegrityError:
        # The same form arrived twice at the same moment and the other request saved it first.
        return form.apply(Subscription.objects.get(submission_key=key))
    confirmation_message(subscription, existing).send()
    return subscription


def check_email(request):
    # Shown once, then forgotten: the session store is no place to keep someone's address.
    return render(request, "alerts/check_email.html", {"email": request.session.pop("alerts_email", "")})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    # Confirming takes a button press (POST), not just opening the link: mail scanners open links too.
    subscription, problem = subscription_from(request, token, CONFIRM)
    if problem:
        return problem
    if subscription.is_confirmed:
        return render(request, "alerts/already_confirmed.html", status=410)
    if request.method == "GET":
        return render(request, "alerts/confirm.html", {"subscription": subscription})
    subscription.confirmed_at = clock.now()
    subscription.save(update_fields=["confirmed_at"])
    build(
        subscription.email, "Your email alerts are on", "welcome", {"subscription": subscription, **links(subscription)}
    ).send()
    messages.success(request, "Your email alerts are on. We have emailed you a link to this page.")
    return redirect("alerts:manage", token=make_token(subscription, MANAGE))


@never_cache
def manage(request, token):
    subscription, problem = subscription_from(request, token, MANAGE)
    if problem:
        return problem
    sent = (
        subscription.deliveries.filter(sent_at__isnull=False)
        .select_related("lot__opportunity")
        .order_by("-sent_at", "-pk")[:50]
    )
    sent = list(sent)
    withdrawn(sent)  # subcontract lots: their finder rows, as `delivery.entry` (None once withdrawn)
    context = {
        "subscription": subscription,
        "criteria": subscription.criteria_summary(),
        "sent": sent,
        "token": token,
        **links(subscription),
    }
    return render(request, "alerts/manage.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def change(request, token):
    subscription, problem = subscription_from(request, token, MANAGE)
    if problem:
        return problem
    if request.method == "GET":
        form = ProfileForm(initial=ProfileForm.initial_for(subscription))
        return render(request, "alerts/change.html", {"form": form, "token": token})
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return render(request, "alerts/change.html", {"form": form, "token": token}, status=400)
    form.apply(subscription)
    messages.success(request, "Your alert choices have been saved.")
    return redirect("alerts:manage", token=token)


@require_POST
def pause(request, token):
    subscription, problem = subscription_from(request, token, MANAGE)
    if problem:
        return problem
    subscription.paused = not subscription.paused
    subscription.save(update_fields=["paused"])
    messages.success(request, "Your alerts are paused." if subscription.paused else "Your alerts are back on.")
    return redirect("alerts:manage", token=token)


@never_cache
@require_http_methods(["GET", "POST"])
def delete(request, token):
    subscription, problem = subscription_from(request, token, MANAGE)
    if problem:
        return problem
    if request.method == "GET":
        return render(request, "alerts/delete.html", {"subscription": subscription, "token": token})
    subscription.delete()
    return render(request, "alerts/deleted.html")


# RFC 8058 one-click unsubscribe: mail apps POST here with no cookies and no CSRF token, so the view has
# to be exempt from CSRF. That is safe because the signed token in the URL is the authorisation (a forged
# request would need it) and the only thing the request can do is stop this subscription's emails.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscription = read_token(token, UNSUBSCRIBE)
    except BadLink as problem:
        if request.method == "POST" and problem.reason == "gone":
            # Already unsubscribed: one-click must succeed however many times it is sent.
            return render(request, "alerts/unsubscribed.html")
        return link_problem(request, problem.reason)
    if request.method == "GET":
        # Opening the link only asks; link checkers in mail systems must not unsubscribe people.
        context = {"subscription": subscription, "manage_token": make_token(subscription, MANAGE)}
        return render(request, "alerts/unsubscribe.html", context)
    subscription.delete()
    return render(request, "alerts/unsubscribed.html")
