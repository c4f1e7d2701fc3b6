"""The emails alerts send, each as plain text and accessible HTML.

Every email that goes to a confirmed subscriber carries a manage link and a visible unsubscribe link;
alert emails also carry RFC 8058 one-click unsubscribe headers so that mail apps can show their own
"Unsubscribe" button.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from portal.formatting import uk_datetime

from .tokens import CONFIRM, MANAGE, UNSUBSCRIBE, confirm_max_age, make_token


def absolute(path):
    """A full address on the public site (BASE_URL), for links in emails."""
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", path.lstrip("/"))


def site_name():
    from portal.models import PortalSettings

    return PortalSettings.load().brand_name or settings.WAGTAIL_SITE_NAME


def links(subscription):
    return {
        "manage_url": absolute(reverse("alerts:manage", args=[make_token(subscription, MANAGE)])),
        "unsubscribe_url": absolute(reverse("alerts:unsubscribe", args=[make_token(subscription, UNSUBSCRIBE)])),
    }


def build(to, subject, template, context, headers=None):
    context = {"site_name": site_name(), "subject": subject, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/email/{template}.txt", context),
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"alerts/email/{template}.html", context), "text/html")
    return message


def unsubscribe_headers(unsubscribe_url):
    # RFC 8058: the mail app POSTs "List-Unsubscribe=One-Click" to the https address, with no cookies.
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def confirmation_message(subscription, existing):
    """Ask the person to confirm; if the address already has alerts, include links to manage them.

    Sent whether or not the address is already subscribed, so the page after subscribing never gives
    away who has alerts.
    """
    days = confirm_max_age() // (24 * 60 * 60)
    context = {
        "subscription": subscription,
        "criteria": subscription.criteria_summary(),
        "confirm_url": absolute(reverse("alerts:confirm", args=[make_token(subscription, CONFIRM)])),
        "days": days,
        "existing": [{"criteria": s.criteria_summary(), **links(s)} for s in existing],
    }
    return build(subscription.email, "Confirm your email alerts", "confirm", context)


def lot_item(delivery):
    if delivery.lot_id is None:
        return external_item(delivery)
    lot = delivery.lot
    opportunity = lot.opportunity
    return {
        "delivery": delivery,
        "lot": lot,
        "opportunity": opportunity,
        "buyer": opportunity.buyer.title if opportunity.buyer else "",
        # Straight to the lot's own section, where the page answers "can a business like mine bid?" for it.
        "url": absolute(f"{opportunity.url}#lot-{lot.number}" if opportunity.url else "/"),
        "deadline": uk_datetime(opportunity.submission_deadline),
        "reasons": delivery.reasons_text,
        "value": lot_value(lot),
        "title": opportunity.title,
        "lot_label": str(lot),
    }


def external_item(delivery):
    """A lot the finder lists from another source (a prime's subcontract), from its search row (read by
    `delivery.withdrawn` as `delivery.entry`)."""
    from finder.models import LotEntry

    from .criteria import money

    entry = getattr(delivery, "entry", None) or LotEntry.objects.get(external_key=delivery.external_key)
    return {
        "delivery": delivery,
        "headline": entry.headline,
        "title": entry.opportunity_title,
        "lot_label": f"Lot {entry.lot_number}: {entry.lot_title}",
        "buyer": entry.buyer_name,
        "url": absolute(f"{entry.opportunity_url}#lot-{entry.lot_number}"),
        "deadline": uk_datetime(entry.submission_deadline),
        "reasons": delivery.reasons_text,
        "value": money(entry.value) if entry.value is not None else "Not given",
    }


def lot_value(lot):
    from .criteria import money

    if lot.value_min is not None and lot.value_max is not None and lot.value_min != lot.value_max:
        return f"{money(lot.value_min)} to {money(lot.value_max)}"
    value = lot.value_max if lot.value_max is not None else lot.value_min
    return money(value) if value is not None else "Not given"


def alert_subject(items, updates_only):
    """Name the lot, so people can tell from their inbox what it is about: "New match for your alerts:
    University IT, Lot 1: Intranet support", or the first lot "and 2 more"."""
    count = len(items)
    first = f"{items[0]['title']}, {items[0]['lot_label']}"
    more = f" and {count - 1} more" if count > 1 else ""
    if updates_only:
        return f"Update to a lot you were told about: {first}{more}"
    return f"New match for your alerts: {first}{more}"


def alert_message(subscription, deliveries, period_label=""):
    """One email listing the lots (and changes to them) a subscription has not been sent yet."""
    items = [lot_item(d) for d in deliveries]
    subject = alert_subject(items, updates_only=all(d.kind != d.Kind.NEW_LOT for d in deliveries))
    if period_label:
        subject = f"{subject} ({period_label})"
    context = {
        "subscription": subscription,
        "items": items,
        "new_items": [i for i in items if i["delivery"].kind == i["delivery"].Kind.NEW_LOT],
        "changed_items": [i for i in items if i["delivery"].kind != i["delivery"].Kind.NEW_LOT],
        **links(subscription),
    }
    return build(subscription.email, subject, "alert", context, headers=unsubscribe_headers(context["unsubscribe_url"]))


def event_message(subscription, event):
    """Tell a subscriber about a Meet the Buyer event (for the events app to call; see docs/alerts.md).

    `event` is a mapping with title, url (absolute or site path), starts_at (aware datetime), place and
    summary.
    """
    context = {
        "subscription": subscription,
        "event": {**event, "url": absolute(event["url"]), "when": uk_datetime(event["starts_at"])},
        **links(subscription),
    }
    return build(
        subscription.email,
        f"Meet the Buyer event: {event['title']}",
        "event",
        context,
        headers=unsubscribe_headers(context["unsubscribe_url"]),
    )
