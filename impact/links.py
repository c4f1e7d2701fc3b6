"""Signed, expiring, one-use links: how a supplier reports delivery or answers the survey without an account.

The URL carries the link row's id and a random nonce, signed with SECRET_KEY: a changed token fails the
signature check, a guessed id lacks the nonce. The row says when the link expires and whether it was used,
so the page can say which of the three went wrong.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import clock

from .models import SignedLink

SALT = "impact.link"


class LinkRefused(Exception):
    """A link that cannot be used; `reason` is one of: invalid, expired, used."""

    def __init__(self, reason, link=None):
        super().__init__(reason)
        self.reason = reason
        self.link = link


def end_of_day(day):
    """The last moment of a UK date, so a link that "works until 30 June" works all of that day."""
    start_of_next = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start_of_next) - datetime.timedelta(microseconds=1)


def return_link_expiry(period):
    return end_of_day(period.due + datetime.timedelta(days=settings.IMPACT_LINK_DAYS_AFTER_DUE))


def issue(purpose, expires_at, **target):
    """A new link for a purpose and its target (plan and period_start, or invitation)."""
    return SignedLink.objects.create(purpose=purpose, expires_at=expires_at, created_at=clock.now(), **target)


def usable_link(purpose, expires_at, **target):
    """The target's unused, unexpired link, or a new one: reminders repeat the link the first email gave."""
    existing = (
        SignedLink.objects.filter(purpose=purpose, used_at__isnull=True, expires_at__gt=clock.now(), **target)
        .order_by("-created_at")
        .first()
    )
    return existing or issue(purpose, expires_at, **target)


def sign(data):
    # No timestamp in the token: the row holds the expiry, and the same link always has the same URL.
    return signing.Signer(salt=SALT).sign_object(data, compress=True)


def token_for(link):
    return sign({"id": link.pk, "n": link.nonce})


def url_for(link):
    name = "impact:return" if link.purpose == SignedLink.Purpose.RETURN else "impact:survey"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=[token_for(link)])


def read(token, purpose):
    """The link a token names, if it may still be used; otherwise LinkRefused saying why."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature as error:
        raise LinkRefused("invalid") from error
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise LinkRefused("invalid")
    link = SignedLink.objects.filter(pk=data["id"], purpose=purpose).first()
    if link is None or link.nonce != data.get("n"):
        raise LinkRefused("invalid")
    if link.used_at is not None:
        raise LinkRefused("used", link)
    if link.expires_at <= clock.now():
        raise LinkRefused("expired", link)
    return link


def claim(link):
    """Mark a link used inside the caller's transaction; LinkRefused("used") if another request got there first.

    The conditional UPDATE is the lock: of two submissions racing with one link, exactly one changes the row.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Claim a link inside the transaction that uses it.")
    claimed = SignedLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=clock.now())
    if not claimed:
        raise LinkRefused("used", link)
    link.used_at = clock.now()
