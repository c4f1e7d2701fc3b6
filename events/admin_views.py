"""Wagtail admin views for buyers: registrations for their own organisation's events only.

Every view looks the event up through `access.events_for(request.user)`, so an event of another
organisation is simply not found (404) rather than forbidden: nothing is revealed about it.
"""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.auth import permission_denied

from events import access, tasks
from events.forms import MessageForm
from events.models import Partner, Registration
from portal import clock

CSV_COLUMNS = [
    ("name", "Name"),
    ("business_name", "Business"),
    ("email", "Email"),
    ("get_business_size_display", "Business size"),
    ("get_business_type_display", "Business type"),
    ("sector", "What the business does"),
    ("postcode", "Postcode"),
    ("access_needs", "Access needs"),
    ("get_status_display", "Status"),
    ("attended", "Attended"),
    ("partner", "Referred by"),
    ("created_at", "Registered at (UK time)"),
]

# A big event has hundreds of registrations; a page of this size still fits one attendance check at the door.
REGISTRATIONS_PER_PAGE = 100


def managed_event(request, event_id):
    if not access.can_manage_registrations(request.user):
        return None
    return get_object_or_404(access.events_for(request.user), pk=event_id)


def status_counts():
    return {
        "confirmed": Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        "waitlisted": Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
        "attended_count": Count("registrations", filter=Q(registrations__attended=True)),
    }


def event_list(request):
    if not access.can_manage_registrations(request.user):
        return permission_denied(request)
    now = clock.now()
    events = access.events_for(request.user).annotate(**status_counts())
    context = {
        "upcoming": events.filter(start__gt=now).order_by("start"),
        "past": events.filter(start__lte=now).order_by("-start")[:50],
    }
    return render(request, "events/admin/event_list.html", context)


def filtered_registrations(event, params):
    """The event's registrations narrowed by the status, partner and attended filters in `params`."""
    registrations = event.registrations.select_related("partner").order_by("created_at", "id")
    status = params.get("status", "")
    if status in Registration.Status.values:
        registrations = registrations.filter(status=status)
    partner = params.get("partner", "")
    if partner == "none":
        registrations = registrations.filter(partner__isnull=True)
    elif partner:
        registrations = registrations.filter(partner__slug=partner)
    attended = params.get("attended", "")
    if attended in {"yes", "no"}:
        registrations = registrations.filter(attended=attended == "yes")
    return registrations


def partner_counts(event):
    """Live registrations per referring partner (None: came directly)."""
    return (
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .values("partner__name")
        .annotate(total=Count("pk"), confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)))
        .order_by("-total", "partner__name")
    )


def event_registrations(request, event_id):
    event = managed_event(request, event_id)
    if event is None:
        return permission_denied(request)
    if request.method == "POST":
        return mark_attended(request, event)
    paginator = Paginator(filtered_registrations(event, request.GET), REGISTRATIONS_PER_PAGE)
    registrations = paginator.get_page(request.GET.get("p"))
    context = {
        "event": event,
        "registrations": registrations,
        "elided_page_range": paginator.get_elided_page_range(registrations.number),
        "partner_counts": partner_counts(event),
        "partners": Partner.objects.filter(registrations__event=event).distinct(),
        "statuses": Registration.Status.choices,
        "params": request.GET,
        "query": request.GET.urlencode(),
        "counts": event.registrations.aggregate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
            cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
            attended=Count("pk", filter=Q(attended=True)),
        ),
    }
    return render(request, "events/admin/registrations.html", context)


def mark_attended(request, event):
    """Set `attended` on the registrations shown in the form: ticked ones true, the rest false."""
    shown = {int(pk) for pk in request.POST.getlist("shown") if pk.isdigit()}
    ticked = {int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()} & shown
    confirmed = event.registrations.filter(pk__in=shown, status=Registration.Status.CONFIRMED)
    confirmed.filter(pk__in=ticked).update(attended=True)
    confirmed.exclude(pk__in=ticked).update(attended=False)
    messages.success(request, f"Attendance saved: {len(ticked)} marked as attended.")
    url = reverse("events_admin_registrations", args=[event.pk])
    query = request.POST.get("query", "")
    return redirect(f"{url}?{query}" if query else url)


class Echo:
    def write(self, value):
        return value


def safe_cell(value):
    """Stop a spreadsheet treating an attendee's text as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def csv_value(registration, attribute):
    value = getattr(registration, attribute)
    value = value() if callable(value) else value
    if attribute == "created_at":
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    elif attribute == "attended":
        value = "yes" if value else "no"
    return safe_cell(value)


def export_csv(request, event_id):
    event = managed_event(request, event_id)
    if event is None:
        return permission_denied(request)
    registrations = filtered_registrations(event, request.GET)
    writer = csv.writer(Echo())

    def rows():
        yield writer.writerow([label for _, label in CSV_COLUMNS])
        for registration in registrations.iterator(chunk_size=500):
            yield writer.writerow([csv_value(registration, attribute) for attribute, _ in CSV_COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrations-{event.slug}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def message_registrants(request, event_id):
    event = managed_event(request, event_id)
    if event is None:
        return permission_denied(request)
    recipients = event.registrations.filter(status=Registration.Status.CONFIRMED, anonymised_at__isnull=True)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sender = request.user.get_full_name() or request.user.get_username()
        tasks.send_buyer_message.enqueue(event.pk, form.cleaned_data["subject"], form.cleaned_data["body"], sender)
        count = recipients.count()
        messages.success(request, f"Your message is being sent to {count} {'person' if count == 1 else 'people'}.")
        return redirect("events_admin_registrations", event.pk)
    return render(
        request, "events/admin/message.html", {"event": event, "form": form, "recipient_count": recipients.count()}
    )
