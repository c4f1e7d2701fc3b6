"""Template tags that let pages of lower apps show wider impact without importing it (the award's promises)."""

from django import template

from impact import formatting
from impact.formatting import quantity
from impact.models import Commitment

register = template.Library()


@register.simple_tag
def commitments_by_award(awards):
    """{award pk: [commitment, …]} for every award given, in one query."""
    pks = [award.pk for award in awards if award.pk]
    result = {pk: [] for pk in pks}
    for commitment in Commitment.objects.filter(award_id__in=pks).select_related("measure"):
        result[commitment.award_id].append(commitment)
    return result


@register.filter
def for_award(commitments, award):
    return commitments.get(award.pk, [])


@register.filter(name="quantity")
def quantity_filter(value):
    return quantity(value)


@register.filter
def pounds(value):
    return formatting.pounds(value)


@register.filter
def share(value):
    """A share from 0 to 1 as a percentage with up to one decimal place."""
    return formatting.percent(value, 1).replace(".0%", "%")


@register.filter
def caveat(scope, estimate=None):
    return scope.caveat(estimate)


STATE_LABELS = {
    "received": "received",
    "corrected": "received and corrected",
    "overdue": "overdue",
    "due": "due",
    "upcoming": "not ended yet",
}


@register.filter
def state(status, today):
    return status.state(today)


@register.filter
def state_label(value):
    return STATE_LABELS.get(value, value)


@register.filter
def ratio(part, whole):
    return part / whole if whole else 0
