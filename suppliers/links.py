"""Signed links: sign in (expires, works once), answer a quote invitation, and a prime's subcontracting link.

Each token carries a row's id and a random secret kept on that row (portal.signed_links), with a salt for
its purpose, so a link for one purpose cannot be used for another, an edited link fails its signature, and
deleting the row (or changing its secret) kills the link. `read` says why a link cannot be used.
"""

from portal import signed_links

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


def make(instance, purpose):
    _model, key_field = MODELS[purpose]
    return signed_links.make(instance, purpose, key_field)


def read(token, purpose):
    """The row a token points to, or signed_links.BadLink saying why not."""
    model, key_field = MODELS[purpose]
    instance = signed_links.read(token, purpose, model.objects, key_field, max_age=MAX_AGE[purpose])
    if purpose == SIGN_IN and instance.used_at is not None:
        raise signed_links.BadLink("used")
    return instance
