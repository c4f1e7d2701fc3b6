"""Seed the catalogue with the four measures the award used to count, and copy each award's numbers in.

Runs before opportunities.0008, which removes the four counters from the award. Zeros are not copied:
a commitment of 0 says nothing the absence of a commitment does not. Reversing puts the numbers back.
"""

from django.db import migrations

THEMES = {
    "local-jobs-and-skills": ("Local jobs and skills", "Jobs, apprenticeships and training for local people."),
    "healthier-safer-communities": (
        "Healthier, safer communities",
        "Volunteering, community projects and wellbeing.",
    ),
}
# (award field, code, name, unit, theme slug, order, description)
MEASURES = [
    ("local_jobs", "local-jobs", "Local jobs", "jobs", "local-jobs-and-skills", 1,
     "Jobs (full-time equivalent) for people who live in the local area, created or kept for the contract."),
    ("apprenticeships", "apprenticeships", "Apprenticeships", "apprenticeships", "local-jobs-and-skills", 2,
     "Apprenticeships started for the contract."),
    ("hard_to_reach_opportunities", "hard-to-reach", "Opportunities for people far from work", "opportunities",
     "local-jobs-and-skills", 3,
     "Jobs, placements or training for people who find it hard to get work, such as care leavers, "
     "people who have been out of work a long time, ex-offenders and disabled people."),
    ("volunteering_hours", "volunteering-hours", "Volunteering hours", "hours", "healthier-safer-communities", 4,
     "Hours staff give to local charities, community groups and social enterprises."),
]


def theme(SocialValueTheme, slug):
    name, description = THEMES[slug]
    found = SocialValueTheme.objects.filter(slug=slug).first() or SocialValueTheme.objects.filter(name=name).first()
    return found or SocialValueTheme.objects.create(slug=slug, name=name, description=description)


def forwards(apps, schema_editor):
    SocialValueTheme = apps.get_model("portal", "SocialValueTheme")
    Measure = apps.get_model("impact", "Measure")
    Commitment = apps.get_model("impact", "Commitment")
    Award = apps.get_model("opportunities", "Award")
    for field, code, name, unit, theme_slug, order, description in MEASURES:
        measure, _ = Measure.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "theme": theme(SocialValueTheme, theme_slug),
                "sort_order": order,
                "description": description,
            },
        )
        rows = Award.objects.filter(**{f"{field}__gt": 0}).values_list("pk", field)
        Commitment.objects.bulk_create(
            [Commitment(award_id=pk, measure=measure, quantity=value) for pk, value in rows.iterator()],
            batch_size=1000,
            ignore_conflicts=True,
        )


def backwards(apps, schema_editor):
    Commitment = apps.get_model("impact", "Commitment")
    Award = apps.get_model("opportunities", "Award")
    for field, code, *_ in MEASURES:
        for award_id, quantity in Commitment.objects.filter(measure__code=code).values_list("award_id", "quantity"):
            Award.objects.filter(pk=award_id).update(**{field: int(quantity)})


class Migration(migrations.Migration):
    dependencies = [
        ("impact", "0001_initial"),
        ("opportunities", "0004_money_is_never_negative"),
        ("portal", "0005_postcode_districts_are_checked"),
    ]
    run_before = [("opportunities", "0008_award_counters_become_commitments")]

    operations = [migrations.RunPython(forwards, backwards)]
