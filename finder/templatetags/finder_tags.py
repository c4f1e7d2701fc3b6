"""Small display helpers for finder results."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag
def facet_options(name, options, kind):
    """One filter's options as GOV.UK checkboxes or radios, each with its count given the other filters.

    Built in Python, not a template loop: the finder shows about a hundred options, and the template
    engine's cost per variable made this loop a large share of the page's time."""
    input_type = "radio" if kind == "radios" else "checkbox"
    return mark_safe(  # noqa: S308 (every part is escaped by format_html)
        "\n".join(
            format_html(
                '<div class="govuk-{kind}__item">\n'
                '  <input class="govuk-{kind}__input" id="{id}" name="{name}" type="{type}" value="{value}"{checked}>\n'
                '  <label class="govuk-label govuk-{kind}__label" for="{id}">\n'
                "    {label}{count}\n"
                "  </label>\n"
                "</div>",
                kind=kind,
                id=f"{name}-{number}",
                name=name,
                type=input_type,
                value=option.value,
                checked=mark_safe(" checked") if option.selected else "",
                label=option.label,
                count=option_count(option.count),
            )
            for number, option in enumerate(options, start=1)
        )
    )


def option_count(count):
    if count is None:
        return ""
    return format_html(
        ' <span class="finder-count">({}<span class="govuk-visually-hidden"> {}</span>)</span>',
        count,
        "lot" if count == 1 else "lots",
    )
