"""Alert subscriptions (no account needed) and the ledger of what each one has been sent.

The ledger is what makes sending safe to repeat: a `Delivery` row exists at most once per subscription,
lot and change, and a `Digest` at most once per subscription and period, so a run that stops halfway can
simply be run again.
"""

import secrets

from django.db import models
from django.utils import timezone

from .criteria import Frequency, search_query_string, search_summary


def new_secret():
    return secrets.token_urlsafe(16)


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Confirmed and not paused: the subscriptions that may be sent anything."""
        return self.filter(confirmed_at__isnull=False, paused=False)


class Subscription(models.Model):
    """One email address and one profile of the lots it wants to hear about."""

    email = models.EmailField(max_length=254, db_index=True)
    # The finder's own parameters ({"q": "catering or cleaning", "cpv": ["55"], "sme": "1", ...}, as
    # `FinderFilterSet.saved_values` gives them): an alert sends the new lots this search would show.
    search = models.JSONField("finder search", default=dict, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    wants_events = models.BooleanField("tell me about Meet the Buyer events", default=False)
    paused = models.BooleanField(default=False)

    consent_text = models.TextField(help_text="The exact wording the person agreed to.")
    consent_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Part of every signed link: changing it makes every earlier link stop working.
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    # One per sign-up form shown: the same form sent twice (a double click) makes one subscription.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["confirmed_at", "paused", "frequency"], name="alerts_sub_active_idx")]

    def __str__(self):
        return f"Alerts for {self.email}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def search_url_query(self):
        """The search as the finder's query string, for "see these lots in the finder" links."""
        return search_query_string(self.search)

    def criteria_summary(self):
        """The search and the email choices as (label, value) rows, for pages and emails."""
        return [
            *search_summary(self.search),
            ("How often", Frequency(self.frequency).label),
            ("Meet the Buyer events", "Yes" if self.wants_events else "No"),
        ]


class Delivery(models.Model):
    """A lot (or a change to it) that a subscription should hear about, and when it was sent."""

    class Kind(models.TextChoices):
        NEW_LOT = "new_lot", "New lot"
        DEADLINE_EXTENDED = "deadline_extended", "Deadline extended"
        CLARIFICATION_ADDED = "clarification_added", "Deadline for questions added"
        DOCUMENTS_ADDED = "documents_added", "Documents added"
        CANCELLED = "cancelled", "Cancelled"

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    # An opportunity's lot, or (lot empty) a lot the finder lists from another source, by its key
    # (`LotEntry.external_key`, say "subcontract-lot:12").
    lot = models.ForeignKey("opportunities.Lot", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    external_key = models.CharField(max_length=80, blank=True, default="")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEW_LOT)
    # Tells repeated changes of one kind apart (a deadline extended twice); empty for new lots, so a
    # new lot is recorded at most once per subscription.
    change_key = models.CharField(max_length=64, blank=True, default="")
    change_text = models.CharField(max_length=255, blank=True, help_text="What changed, in plain English.")
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    digest = models.ForeignKey("Digest", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "lot", "kind", "change_key"], name="alerts_delivery_once_per_change"
            ),
            models.UniqueConstraint(
                fields=["subscription", "external_key", "kind", "change_key"],
                condition=models.Q(lot__isnull=True),
                name="alerts_delivery_external_once",
            ),
        ]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.lot_id or self.external_key} for subscription {self.subscription_id}"

    @property
    def item_key(self):
        """What the ledger calls the lot: its id, or an external lot's key (as `Match.lot_id` holds it)."""
        return self.lot_id if self.lot_id is not None else self.external_key

    @property
    def reasons_text(self):
        return "; ".join(self.reasons)


class Digest(models.Model):
    """One daily or weekly email; unique per subscription and period so a re-run never sends it twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="digests")
    period = models.CharField(max_length=20, help_text="Like 2026-11-25 (daily) or 2026-W48 (weekly).")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "period"], name="alerts_digest_once_per_period")]

    def __str__(self):
        return f"Digest {self.period} for subscription {self.subscription_id}"


class EventNotice(models.Model):
    """A Meet the Buyer event a subscriber has been told about (once per event)."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="event_notices")
    event_key = models.CharField(max_length=100, help_text="The events app's identifier for the event.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_key"], name="alerts_event_notice_once_per_event")
        ]

    def __str__(self):
        return f"Event {self.event_key} for subscription {self.subscription_id}"
