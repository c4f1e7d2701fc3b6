"""Recording matches in the ledger and sending them, exactly once.

`record` writes one Delivery per (subscription, lot, change) and ignores rows that already exist, so
matching the same publication twice adds nothing. `send_due` sends each subscription's unsent rows in
one email inside a transaction that locks the subscription: the rows are marked sent in the same
transaction, so if sending fails they stay unsent and the next run sends them; if it succeeds they are
never sent again. Digests add a (subscription, period) row so that a daily or weekly run repeated in the
same period sends nothing new.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal import clock

from .criteria import Frequency
from .emails import alert_message, event_message
from .models import Delivery, Digest, EventNotice, Subscription
from .tokens import confirm_max_age

logger = logging.getLogger(__name__)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0

    def __str__(self):
        return f"{self.sent} sent, {self.failed} failed, {self.skipped} already sent this period"


def record(matches, kind=Delivery.Kind.NEW_LOT, change_key="", change_text=""):
    """Add matches to the ledger; returns how many were new."""
    rows = [
        Delivery(
            subscription_id=m.subscription_id,
            lot_id=m.lot_id if isinstance(m.lot_id, int) else None,
            external_key="" if isinstance(m.lot_id, int) else m.lot_id,
            kind=kind,
            change_key=change_key,
            change_text=change_text,
            reasons=m.reasons,
        )
        for m in matches
    ]
    keys = {m.lot_id for m in matches}
    lots = Q(lot_id__in=[key for key in keys if isinstance(key, int)])
    external = Q(external_key__in=[key for key in keys if not isinstance(key, int)], lot__isnull=True)
    existing = Delivery.objects.filter(lots | external, kind=kind, change_key=change_key)
    before = existing.count()
    Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return existing.count() - before


def period_of(frequency, now):
    """The digest period `now` falls in: 2026-11-25 for daily, 2026-W48 for weekly (UK dates)."""
    today = timezone.localtime(now).date()
    if frequency == Frequency.WEEKLY:
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}", f"week of {today - datetime.timedelta(days=today.weekday()):%-d %B %Y}"
    return today.isoformat(), f"{today:%-d %B %Y}"


def due_subscription_ids(frequency):
    return list(
        Subscription.objects.active()
        .filter(frequency=frequency, deliveries__sent_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def send_due(frequency, now=None, progress=None, subscription_ids=None):
    """Send every unsent match for subscriptions of one frequency; safe to run again at any time."""
    now = now or clock.now()
    report = SendReport()
    ids = due_subscription_ids(frequency) if subscription_ids is None else subscription_ids
    for position, subscription_id in enumerate(ids, start=1):
        try:
            outcome = send_one(subscription_id, frequency, now)
        except Exception:
            # One bad address or a mail server hiccup must not stop everyone else's alerts; the rows stay
            # unsent and the next run retries them.
            logger.exception("Could not send %s alerts to subscription %s", frequency, subscription_id)
            report.failed += 1
            continue
        if outcome == "sent":
            report.sent += 1
        elif outcome == "skipped":
            report.skipped += 1
        if progress and (position % 100 == 0 or position == len(ids)):
            progress(f"{position}/{len(ids)} subscriptions: {report}")
    return report


def send_one(subscription_id, frequency, now):
    with transaction.atomic():
        # The row lock stops two workers sending the same subscription at once (PostgreSQL; SQLite
        # serialises writers anyway).
        subscription = (
            Subscription.objects.select_for_update().active().filter(pk=subscription_id, frequency=frequency).first()
        )
        if subscription is None:
            return "none"
        digest, period_label = None, ""
        if frequency != Frequency.IMMEDIATE:
            period, period_label = period_of(frequency, now)
            digest, _ = Digest.objects.get_or_create(subscription=subscription, period=period)
            if digest.sent_at:
                return "skipped"
        pending = list(
            subscription.deliveries.filter(sent_at__isnull=True)
            .select_related("lot__opportunity__buyer")
            .order_by("lot__opportunity__submission_deadline", "lot__opportunity_id", "lot__number", "pk")
        )
        # An external lot withdrawn since it matched (a deleted subcontract) is not sent.
        gone = withdrawn(pending)
        if gone:
            Delivery.objects.filter(pk__in=gone).delete()
            pending = [d for d in pending if d.pk not in gone]
        if not pending:
            return "none"
        alert_message(subscription, pending, period_label).send()
        Delivery.objects.filter(pk__in=[d.pk for d in pending]).update(sent_at=now, digest=digest)
        if digest:
            digest.sent_at = now
            digest.save(update_fields=["sent_at"])
        return "sent"


def withdrawn(deliveries):
    """Pks of the deliveries of external lots that the finder no longer lists, reading their rows once
    (kept on each delivery as `entry` for the email)."""
    from finder.models import LotEntry

    keys = {d.external_key for d in deliveries if d.lot_id is None}
    if not keys:
        return set()
    entries = {entry.external_key: entry for entry in LotEntry.objects.filter(external_key__in=keys)}
    gone = set()
    for delivery in deliveries:
        if delivery.lot_id is None:
            delivery.entry = entries.get(delivery.external_key)
            if delivery.entry is None:
                gone.add(delivery.pk)
    return gone


def purge_unconfirmed(now=None):
    """Delete subscriptions never confirmed within the link's lifetime: we hold no consent for them."""
    cutoff = (now or clock.now()) - datetime.timedelta(seconds=confirm_max_age())
    _, deleted = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return deleted.get(Subscription._meta.label, 0)


def send_event_notices(event_key, event, subscriptions):
    """Email each subscription about an event once; returns how many were sent now.

    `subscriptions` usually comes from `matching.subscribers_for_event`; `event` is described in
    `emails.event_message`.
    """
    sent = 0
    for subscription in subscriptions:
        try:
            with transaction.atomic():
                _, created = EventNotice.objects.get_or_create(subscription=subscription, event_key=event_key)
                if created:
                    event_message(subscription, event).send()
                    sent += 1
        except Exception:
            logger.exception("Could not tell subscription %s about event %s", subscription.pk, event_key)
    return sent
