"""The measures every part of wider impact relies on, and recording commitments against them.

The catalogue is the partnership's to edit, but four measures are fixed by code: the award used to count
them, the supplier survey asks about them, and the headline statements report them. The migration
`0002_award_counters_to_commitments` creates them; `ensure_core_measures` puts them back if they are missing.
"""

from decimal import Decimal

from django.db import transaction

from portal.models import SocialValueTheme

from .models import Commitment, Measure

LOCAL_JOBS = "local-jobs"
APPRENTICESHIPS = "apprenticeships"
HARD_TO_REACH = "hard-to-reach"
VOLUNTEERING_HOURS = "volunteering-hours"

# code: (name, unit, theme slug, theme name, order)
CORE_MEASURES = {
    LOCAL_JOBS: ("Local jobs", "jobs", "local-jobs-and-skills", "Local jobs and skills", 1),
    APPRENTICESHIPS: ("Apprenticeships", "apprenticeships", "local-jobs-and-skills", "Local jobs and skills", 2),
    HARD_TO_REACH: (
        "Opportunities for people far from work",
        "opportunities",
        "local-jobs-and-skills",
        "Local jobs and skills",
        3,
    ),
    VOLUNTEERING_HOURS: (
        "Volunteering hours",
        "hours",
        "healthier-safer-communities",
        "Healthier, safer communities",
        4,
    ),
}


@transaction.atomic
def ensure_core_measures():
    """Create any of the four core measures (and their themes) that are missing; return them by code."""
    result = {}
    for code, (name, unit, theme_slug, theme_name, order) in CORE_MEASURES.items():
        measure = Measure.objects.filter(code=code).first()
        if measure is None:
            theme = (
                SocialValueTheme.objects.filter(slug=theme_slug).first()
                or SocialValueTheme.objects.filter(name=theme_name).first()
                or SocialValueTheme.objects.create(slug=theme_slug, name=theme_name)
            )
            measure = Measure.objects.create(code=code, name=name, unit=unit, theme=theme, sort_order=order)
        result[code] = measure
    return result


def record_commitments(award, **quantities):
    """Set an award's commitments by measure code: record_commitments(award, **{"local-jobs": 3})."""
    measures = {measure.code: measure for measure in Measure.objects.filter(code__in=quantities)}
    missing = set(quantities) - set(measures)
    if missing:
        raise ValueError(f"No measure with code {', '.join(sorted(missing))}")
    for code, quantity in quantities.items():
        Commitment.objects.update_or_create(
            award=award, measure=measures[code], defaults={"quantity": Decimal(str(quantity))}
        )
