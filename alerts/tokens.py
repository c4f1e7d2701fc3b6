"""Signed links: confirm (expires), manage and unsubscribe (last as long as the subscription).

Each token carries the subscription's id and its `secret`, signed with SECRET_KEY and a purpose-specific
salt, so a link for one purpose cannot be used for another and deleting a subscription kills its links.
"""

from django.conf import settings
from django.core import signing

from .models import Subscription

CONFIRM = "alerts.confirm"
MANAGE = "alerts.manage"
UNSUBSCRIBE = "alerts.unsubscribe"


def confirm_max_age():
    """Seconds a confirmation link works for (ALERTS_CONFIRM_DAYS, 7 days unless set)."""
    return settings.ALERTS_CONFIRM_DAYS * 24 * 60 * 60


class BadLink(Exception):
    """A link that cannot be used; `reason` is one of: invalid, expired, gone."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def make_token(subscription, purpose):
    return signing.dumps({"id": subscription.pk, "s": subscription.secret}, salt=purpose, compress=True)


def read_token(token, purpose):
    """The subscription a token points to, or BadLink saying why not."""
    max_age = confirm_max_age() if purpose == CONFIRM else None
    try:
        data = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink("expired") from error
    except signing.BadSignature as error:
        raise BadLink("invalid") from error
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise BadLink("invalid")
    subscription = Subscription.objects.filter(pk=data["id"]).first()
    if subscription is None or subscription.secret != data.get("s"):
        raise BadLink("gone")
    return subscription
