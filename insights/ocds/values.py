"""Reading OCDS values the portal stores: amounts (in pounds only), dates and text."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

CURRENCY = "GBP"


class Rejected(Exception):
    """A release that cannot be imported, with the reason in plain words."""


def amount_in_pounds(value, what="An amount", key="amount"):
    """The amount of an OCDS Value in pounds, or None when there is none.

    The portal holds pounds only: an amount in another currency is refused rather than stored as if it
    were pounds. A Value without a currency is taken as pounds (UK publishers leave it out at times).
    `key="amountGross"` reads the figure including VAT, as the Central Digital Platform publishes it.
    """
    if not isinstance(value, dict) or value.get(key) is None:
        return None
    currency = str(value.get("currency") or CURRENCY).upper()
    if currency != CURRENCY:
        raise Rejected(
            f"{what} is in {currency}, not pounds: the portal only holds amounts in pounds, "
            "so this release was not imported."
        )
    try:
        amount = Decimal(str(value[key]))
    except InvalidOperation:
        raise Rejected(f"'{value[key]}' is not an amount of money.") from None
    if not amount.is_finite() or amount < 0:  # the site refuses these from buyers too
        raise Rejected(f"'{value[key]}' is not an amount of money of £0 or more.")
    return amount.quantize(Decimal("0.01"))


def parse_datetime(text):
    if not text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise Rejected(f"'{text}' is not a date and time we understand.") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


def parse_date(text):
    moment = parse_datetime(text)
    return None if moment is None else timezone.localtime(moment).date()


def clean_text(value, limit):
    """One line of text without runs of spaces, cut at `limit` characters (on a word where possible)."""
    text = " ".join(str(value or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"
