"""Correct CPV labels that the first shipped list got wrong, checked against the CPV 2008 regulation's
English labels: 77800000 is aquaculture (apiculture is 77900000, which was missing) and four labels had
drifted from the official wording. Sites loaded from the corrected file already have these; older ones
are brought in line here. Only rows still holding the old wording change, so an official list imported
since is left alone."""

from django.db import migrations

CORRECTIONS = {
    "16500000": (
        "Self-loading or self-unloading trailers and semi-trailers for agriculture",
        "Self-loading or unloading trailers and semi-trailers for agriculture",
    ),
    "43200000": (
        "Earth-moving and excavating machinery, and associated parts",
        "Earthmoving and excavating machinery, and associated parts",
    ),
    "44400000": (
        "Various fabricated products and related items",
        "Miscellaneous fabricated products and related items",
    ),
    "73400000": (
        "Research and development services on security and defence materials",
        "Research and Development services on security and defence materials",
    ),
    "77800000": ("Apiculture services", "Aquaculture services"),
}


def correct_labels(apps, schema_editor):
    CPVCode = apps.get_model("portal", "CPVCode")
    for code, (wrong, right) in CORRECTIONS.items():
        CPVCode.objects.filter(code=code, label=wrong).update(label=right)
    division = CPVCode.objects.filter(code="77000000").first()
    if division is not None:  # a database whose codes were flushed (tests) has nothing to hang it on
        CPVCode.objects.get_or_create(code="77900000", defaults={"label": "Apiculture services", "parent": division})


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_portalsettings_reading_age_target"),
        ("opportunities", "0003_cpv_divisions_and_groups"),
    ]

    operations = [migrations.RunPython(correct_labels, migrations.RunPython.noop)]
