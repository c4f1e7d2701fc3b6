"""Signed links to a row: how people use the site from an email without an account or a password.

A token carries a row's id and a random key kept on that row, signed with SECRET_KEY and a salt for its
purpose (django.core.signing, timestamped and compressed), so a link for one purpose cannot be used for
another, an edited link fails its signature, and deleting the row (or changing its key) kills the link.

Links already sit in people's inboxes: the token's format ({"id": pk, "s": key}) and the salts must not change.
"""

from django.core import signing


class BadLink(Exception):
    """A link that cannot be used; `reason` is one of: invalid, expired, gone (and used, for one-use links)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def make(instance, purpose, key_field="secret"):
    """A token for this row and purpose (the purpose is the salt)."""
    return signing.dumps({"id": instance.pk, "s": getattr(instance, key_field)}, salt=purpose, compress=True)


def read(token, purpose, queryset, key_field="secret", max_age=None):
    """The row in queryset that a token points to, or BadLink saying why not. max_age is in seconds."""
    try:
        data = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink("expired") from error
    except signing.BadSignature as error:
        raise BadLink("invalid") from error
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise BadLink("invalid")
    instance = queryset.filter(pk=data["id"]).first()
    if instance is None or getattr(instance, key_field) != data.get("s"):
        raise BadLink("gone")
    return instance
