"""Signed links: sign in (expires, works once), answer a quote invitation, and a prime's subcontracting link.

Each token carries a row's id and a random secret kept on that row, signed with SECRET_KEY and a salt for
its purpose, so a link for one purpose cannot be used for another, an edited link fails its signature, and
deleting the row (or changing its secret) kills the link. `read` says why a link cannot be used.
"""

from django.core import signing

from .models import PrimeAccess, QuoteInvitation, SignInLink

SIGN_IN = "suppliers.sign-in"
QUOTE = "suppliers.quote"
PRIME = "suppliers.prime"

# How long each kind of link works, in seconds.
MAX_AGE = {
    SIGN_IN: 60 * 60,  # an hour: long enough to find the email, short enough not to sit in an inbox
    QUOTE: 60 * 24 * 60 * 60,  # quotes are answered within weeks
    PRIME: 90 * 24 * 60 * 60,  # a buyer sends a fresh link when this runs out
}
MODELS = {SIGN_IN: (SignInLink, "key"), QUOTE: (QuoteInvitation, "secret"), PRIME: (PrimeAccess, "secret")}


class BadLink(Exception):
    """A link that cannot be used; `reason` is one of: invalid, expired, used, gone."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def make(instance, purpose):
    _model, field = MODELS[purpose]
    return signing.dumps({"id": instance.pk, "s": getattr(instance, field)}, salt=purpose, compress=True)


def read(token, purpose):
    """The row a token points to, or BadLink saying why not."""
    model, field = MODELS[purpose]
    try:
        data = signing.loads(token, salt=purpose, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired as error:
        raise BadLink("expired") from error
    except signing.BadSignature as error:
        raise BadLink("invalid") from error
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise BadLink("invalid")
    instance = model.objects.filter(pk=data["id"]).first()
    if instance is None or getattr(instance, field) != data.get("s"):
        raise BadLink("gone")
    if purpose == SIGN_IN and instance.used_at is not None:
        raise BadLink("used")
    return instance
