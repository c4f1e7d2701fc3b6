"""Signed links: confirm (expires), manage and unsubscribe (last as long as the subscription).

Each token carries the subscription's id and its `secret` (portal.signed_links), with a salt for each
purpose, so a link for one purpose cannot be used for another and deleting a subscription kills its links.
"""

from django.conf import settings

from portal import signed_links

from .models import Subscription

CONFIRM = "alerts.confirm"
MANAGE = "alerts.manage"
UNSUBSCRIBE = "alerts.unsubscribe"


def confirm_max_age():
    """Seconds a confirmation link works for (ALERTS_CONFIRM_DAYS, 7 days unless set)."""
    return settings.ALERTS_CONFIRM_DAYS * 24 * 60 * 60


def make_token(subscription, purpose):
    return signed_links.make(subscription, purpose)


def read_token(token, purpose):
    """The subscription a token points to, or signed_links.BadLink saying why not."""
    max_age = confirm_max_age() if purpose == CONFIRM else None
    return signed_links.read(token, purpose, Subscription.objects, max_age=max_age)
