"""Signed links that let a person see or cancel their registration without an account.

The link carries the registration's random reference, signed with SECRET_KEY: it cannot be guessed
from another person's link, and any change to it is detected.
"""

from django.core import signing
from django.urls import reverse

from events.models import Registration

SALT = "events.registration"


def registration_token(registration):
    return signing.Signer(salt=SALT).sign(str(registration.reference))


def registration_from_token(token):
    """The registration a token names, or None if the token was changed or the registration is gone."""
    try:
        reference = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("event", "event__organiser", "partner")
        .filter(reference=reference, anonymised_at__isnull=True)
        .first()
    )


def registration_path(registration):
    return reverse("events:registration", args=[registration_token(registration)])


def cancel_path(registration):
    return reverse("events:cancel", args=[registration_token(registration)])
