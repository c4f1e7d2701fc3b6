"""How money, dates and times are written on every page and in every email (GOV.UK style, UK time)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.dateformat import format as date_format


def gbp(value):
    """£12,500 (pence only when there are some), from a Decimal or any number."""
    if value is None:
        return ""
    value = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"£{value:,.0f}" if value == value.to_integral_value() else f"£{value:,.2f}"


def gbp_range(low, high):
    """A value range in words: '£10,000 to £40,000', 'up to £40,000', 'not given yet'."""
    if low is not None and high is not None:
        return gbp(high) if low == high else f"{gbp(low)} to {gbp(high)}"
    if high is not None:
        return f"Up to {gbp(high)}"
    if low is not None:
        return f"{gbp(low)} or more"
    return "Not given yet"


def uk_time(moment):
    """5:30pm, 9am, midday, midnight: GOV.UK style for times, in UK time."""
    moment = timezone.localtime(moment)
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    # Not Django's "a" format, which writes "p.m.".
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{moment.hour % 12 or 12}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def uk_datetime(moment):
    """'Wednesday 16 December 2026 at 5:30pm', in UK time."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'l j F Y')} at {uk_time(local)}"


def uk_date(moment):
    """'Friday 4 December 2026', in UK time."""
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}"
