"""Dates and times as the house style writes them: '5pm on Friday 12 December 2026' (UK time)."""

from django.utils import timezone


def uk_time(value):
    """5pm, 9:30am, midday or midnight (GOV.UK style)."""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def uk_datetime(value):
    """An aware datetime in Europe/London: '5pm on Friday 12 December 2026'."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{uk_time(local)} on {local:%A} {local.day} {local:%B %Y}"


def uk_date(value):
    return f"{value.day} {value:%B %Y}"
