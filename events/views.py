"""Public views that are not pages: registering, the signed registration page, feeds, partners, embed."""

import logging

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events import calendar, links
from events.forms import RegistrationForm
from events.listing import public_events, referral_slug
from events.models import EventPage, Partner, Registration
from events.registration import REFUSAL_MESSAGES, RegistrationRefused, cancel, register
from events.retention import retention_days
from portal import clock
from portal.headers import embeddable
from portal.models import OrganisationPage

logger = logging.getLogger(__name__)

FEED_HISTORY_DAYS = 90


def private(response):
    """Pages reached by a signed link: never cached, indexed, or leaked to other sites in the Referer.

    "same-origin", not "no-referrer": with no referrer the browser sends `Origin: null` and CSRF checks fail.
    """
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def register_view(request, event_id):
    event = get_object_or_404(public_events().select_related("organiser"), pk=event_id)
    state = event.registration_state()
    if state != "open":
        status = 400 if request.method == "POST" else 200
        return render(
            request,
            "events/registration_closed.html",
            {"event": event, "reason": REFUSAL_MESSAGES[state]},
            status=status,
        )
    if request.method == "GET":
        form = RegistrationForm(initial={"ref": referral_slug(request)})
        return render_form(request, event, form)

    form = RegistrationForm(request.POST)
    if not form.is_valid():
        return render_form(request, event, form, status=400)
    try:
        outcome = register(
            event,
            submission_key=form.cleaned_data["submission_key"],
            partner=form.cleaned_data["ref"],
            **form.registration_details(),
        )
    except RegistrationRefused as refusal:
        return render(request, "events/registration_closed.html", {"event": event, "reason": str(refusal)}, status=400)
    if outcome.result == "already_registered":
        return render(request, "events/already_registered.html", {"event": event, "email": form.cleaned_data["email"]})
    return redirect(links.registration_path(outcome.registration))


def render_form(request, event, form, status=200):
    context = {"event": event, "form": form, "retention_days": retention_days()}
    return render(request, "events/register.html", context, status=status)


@never_cache
def registration_view(request, token):
    registration = links.registration_from_token(token)
    if registration is None:
        return link_not_valid(request)
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "cancel_url": links.cancel_path(registration),
        "show_joining_link": registration.status == Registration.Status.CONFIRMED
        and event.is_online
        and event.end > clock.now(),
    }
    return private(render(request, "events/registration.html", context))


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_view(request, token):
    """GET asks to confirm (mail scanners follow links); POST cancels."""
    registration = links.registration_from_token(token)
    if registration is None:
        return link_not_valid(request)
    if request.method == "POST" and registration.status != Registration.Status.CANCELLED:
        cancel(registration)
        messages.success(request, "Your registration is cancelled. Thank you for letting us know.")
        return redirect(links.registration_path(registration))
    if registration.status == Registration.Status.CANCELLED:
        return redirect(links.registration_path(registration))
    context = {"registration": registration, "event": registration.event, "token": token}
    return private(render(request, "events/cancel.html", context))


def link_not_valid(request):
    return private(render(request, "events/link_not_valid.html", status=404))


def calendar_response(name, events, filename):
    response = HttpResponse(calendar.feed(name, events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed_events():
    since = clock.now() - timezone.timedelta(days=FEED_HISTORY_DAYS)
    return public_events().filter(start__gte=since).order_by("start")


def calendar_feed(request):
    """Every event (optionally one partner's), for calendar apps to subscribe to."""
    events = feed_events()
    name = "Events"
    partner_slug = request.GET.get("partner", "")
    if partner_slug:
        partner = get_object_or_404(Partner, slug=partner_slug[:60])
        events = events.filter(partners=partner)
        name = f"Events supported by {partner.name}"
    return calendar_response(name, events, "events.ics")


def organisation_calendar_feed(request, slug):
    organisation = get_object_or_404(OrganisationPage.objects.live(), slug=slug)
    co_organised = EventPage.co_organisers.through.objects.filter(organisationpage=organisation).values("eventpage")
    events = feed_events().filter(Q(organiser=organisation) | Q(pk__in=co_organised))
    return calendar_response(f"Events run by {organisation.title}", events, f"{slug}.ics")


def event_calendar(request, event_id):
    """One event's .ics, for 'add to my calendar' on the public page (no joining link)."""
    event = get_object_or_404(public_events(), pk=event_id)
    return calendar_response(event.title, [event], f"event-{event.pk}.ics")


@embeddable
def embed(request):
    """A bare listing that a chamber's or council's website can show in an iframe."""
    events = public_events().filter(start__gt=clock.now()).order_by("start")
    partner = organisation = None
    if request.GET.get("partner"):
        partner = get_object_or_404(Partner, slug=request.GET["partner"][:60])
        events = events.filter(partners=partner)
    if request.GET.get("organiser"):
        organisation = get_object_or_404(OrganisationPage.objects.live(), slug=request.GET["organiser"][:80])
        events = events.filter(organiser=organisation)
    context = {
        "events": events[:20],
        "partner": partner,
        "organisation": organisation,
        "ref": partner.slug if partner else "",
    }
    return render(request, "events/embed.html", context)


def partner_index(request):
    """Every partner (chambers, the FSB, enterprise agencies) with a link to their own page and codes."""
    partners = Partner.objects.order_by("name")
    return render(request, "events/partner_index.html", {"partners": partners})


def partner_view(request, slug):
    partner = get_object_or_404(Partner.objects.select_related("logo"), slug=slug)
    events = (
        public_events()
        .filter(partners=partner, start__gt=clock.now() - timezone.timedelta(days=FEED_HISTORY_DAYS))
        .annotate(
            referred=Count(
                "registrations",
                filter=Q(registrations__partner=partner) & ~Q(registrations__status=Registration.Status.CANCELLED),
            )
        )
        .order_by("start")
    )
    now = clock.now()
    events = list(events)
    context = {
        "partner": partner,
        "upcoming": [event for event in events if event.start > now],
        "past": [event for event in events if event.start <= now],
        "listing_link": calendar.absolute(f"/events/?ref={partner.slug}"),
        "embed_url": calendar.absolute(f"/events/embed/?partner={partner.slug}"),
        "feed_url": calendar.absolute(f"/events/calendar.ics?partner={partner.slug}"),
    }
    return render(request, "events/partner.html", context)
