from django import template

from insights import formatting
from insights.scorecard import more_rows, scorecards
from portal.models import PortalSettings

register = template.Library()


@register.filter
def pounds(amount):
    return formatting.pounds(amount)


@register.filter
def percent(share):
    return formatting.percent(share)


@register.filter
def share(breakdown, group):
    return breakdown.share(group)


@register.filter
def anchor_options(anchors):
    return [(anchor.slug, anchor.title) for anchor in anchors]


@register.filter
def join_sorted(values):
    return ", ".join(sorted(values))


@register.inclusion_tag("insights/includes/organisation_scorecard_card.html")
def organisation_scorecard(organisation):
    """The accessibility scorecard for one anchor, for its organisation page."""
    settings = PortalSettings.load()
    (card,) = scorecards([organisation], settings.reading_age_target)
    return {
        "card": card,
        "more_rows": more_rows([organisation.pk]).get(organisation.pk, []),
        "organisation": organisation,
        "reading_age_target": settings.reading_age_target,
    }
