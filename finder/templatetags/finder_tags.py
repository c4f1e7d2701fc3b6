"""Small display helpers for finder results."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def pounds(value):
    """£40,000 from a Decimal, with no pence for whole pounds."""
    if value is None:
        return ""
    return f"£{intcomma(f'{value:.0f}')}" if value == int(value) else f"£{intcomma(f'{value:.2f}')}"


@register.simple_tag
def lot_value(lot):
    """A lot's value in words: a range, one figure, or that none was stated."""
    if lot.value is None:
        return "No value stated"
    if lot.value_min is not None and lot.value_min != lot.value:
        return f"{pounds(lot.value_min)} to {pounds(lot.value)}"
    return f"Up to {pounds(lot.value)}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")
