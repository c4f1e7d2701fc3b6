"""Small display helpers for finder results."""

import html

from django import template
from django.utils.safestring import SafeString, mark_safe

from opportunities import formatting
from portal.formatting import gbp

from ..query import RESERVED, STAGES

register = template.Library()


def format_html(format_string, *args, **kwargs):
    """Django's `format_html`, escaping the same way (safe values pass, the rest go through `html.escape`)
    without the lazy-string checks around each argument: a finder page makes about 250 calls, and those
    checks were a tenth of its time."""

    def escaped(value):
        return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))

    return SafeString(
        format_string.format(*map(escaped, args), **{name: escaped(value) for name, value in kwargs.items()})
    )


@register.simple_tag
def lot_value(lot):
    """A lot's value in words: a range, one figure, or that none was stated."""
    if lot.value is None:
        return "No value stated"
    if lot.value_min is not None and lot.value_min != lot.value:
        return f"{gbp(lot.value_min)} to {gbp(lot.value)}"
    return f"Up to {gbp(lot.value)}"


@register.simple_tag
def facet(name, legend, options, kind="checkboxes", hint=""):
    """One filter as a GOV.UK fieldset of checkboxes or radios, each option with its count given the other
    filters; nothing when the filter has no options.

    Built in Python, not an included template: the finder shows about a hundred options, and the template
    engine's cost per variable made this a large share of the page's time."""
    if not options:
        return ""
    return format_html(
        '<div class="govuk-form-group">\n'
        '  <fieldset class="govuk-fieldset"{described}>\n'
        '    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>\n'
        "    {hint}\n"
        '    <div class="govuk-{kind} govuk-{kind}--small" data-module="govuk-{kind}">\n'
        "      {options}\n"
        "    </div>\n"
        "  </fieldset>\n"
        "</div>",
        described=format_html(' aria-describedby="{}-hint"', name) if hint else "",
        legend=legend,
        hint=format_html('<div id="{}-hint" class="govuk-hint">{}</div>', name, hint) if hint else "",
        kind=kind,
        options=facet_options(name, options, kind),
    )


def facet_options(name, options, kind):
    """The options of one filter, each with its count."""
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


@register.simple_tag
def finder_result(hit):
    """One opportunity in the results with its matching lots.

    Built in Python for the same reason as `facet_options`: twenty results with up to a hundred lots
    were most of the page's rendering time as a template loop."""
    closes = ""
    if hit.submission_deadline and hit.stage == "open":
        closes = format_html("· {}", formatting.closes(hit.submission_deadline))
    matching = f"{len(hit.lots)} of {hit.lot_count} lots match:" if hit.lot_count > 1 else "One lot:"
    headline = ""
    if hit.headline:  # a prime's subcontract: "Subcontract: via {prime}, for {anchor}"
        headline = format_html('<p class="govuk-body govuk-!-font-weight-bold finder-headline">{}</p>\n', hit.headline)
    lots = "\n".join(lot_item(hit, lot) for lot in hit.lots)
    return format_html(
        '<li class="finder-result govuk-!-margin-bottom-7">\n'
        '  <h3 class="govuk-heading-m govuk-!-margin-bottom-1"><a class="govuk-link" href="{url}">{title}</a></h3>\n'
        '  <p class="govuk-body-s govuk-!-margin-bottom-2">\n'
        "    {buyer}\n"
        '    · <strong class="govuk-tag {colour}">{stage}</strong>\n'
        "    {closes}\n"
        "  </p>\n"
        "  {headline}"
        '  <p class="govuk-body">{summary}</p>\n'
        '  <p class="govuk-body-s govuk-!-margin-bottom-1">{matching}</p>\n'
        '  <ul class="govuk-list finder-lots">\n{lots}\n  </ul>\n'
        "</li>",
        url=hit.url,
        title=hit.title,
        buyer=hit.buyer_name,
        colour=formatting.stage_tag_class(hit.stage),
        stage=STAGES.get(hit.stage, ""),
        closes=closes,
        summary=hit.summary_html,
        headline=headline,
        matching=matching,
        lots=mark_safe(lots),  # noqa: S308 (each item is built by format_html)
    )


def lot_item(hit, lot):
    notes = [lot_value(lot)]
    if lot.suitable_for_sme:
        notes.append("Suits small businesses")
    if lot.suitable_for_vcse:
        notes.append("Suits charities and social enterprises")
    if lot.reserved:
        notes.append(RESERVED.get(lot.reserved, ""))
    description = ""
    if lot.description_html:
        description = format_html('<p class="govuk-body-s govuk-!-margin-bottom-2">{}</p>', lot.description_html)
    return format_html(
        '    <li class="finder-lot">\n'
        '      <a class="govuk-link" href="{url}#lot-{number}">Lot {number}: {title}</a>\n'
        '      <span class="govuk-body-s"> · {notes}</span>\n'
        "      {description}\n"
        "    </li>",
        url=hit.url,
        number=lot.number,
        title=lot.title_html,
        notes=" · ".join(notes),
        description=description,
    )
