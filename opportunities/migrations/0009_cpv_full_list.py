"""Load the full official CPV 2008 list (9,454 codes) into sites that have only the divisions and groups
the first releases shipped. Codes already there keep their ids, so opportunities and lots keep theirs."""

from django.db import migrations


def load_full_list(apps, schema_editor):
    from opportunities.cpv import SHIPPED_FILE, import_cpv

    import_cpv(SHIPPED_FILE, model=apps.get_model("portal", "CPVCode"))


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0008_award_counters_become_commitments"),
        ("portal", "0004_cpv_label_corrections"),
    ]

    # Reversing keeps the codes: opportunities and lots may point at them.
    operations = [migrations.RunPython(load_full_list, migrations.RunPython.noop)]
