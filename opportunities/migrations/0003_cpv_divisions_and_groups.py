"""Load the 45 CPV divisions and their groups shipped in opportunities/data, so a new site can classify
opportunities straight away. `manage.py import_cpv` adds the full official list later."""

from django.db import migrations


def load_divisions_and_groups(apps, schema_editor):
    from opportunities.cpv import SHIPPED_FILE, import_cpv

    import_cpv(SHIPPED_FILE, model=apps.get_model("portal", "CPVCode"))


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0002_initial"),
        ("portal", "0001_initial"),
    ]

    # Reversing keeps the codes: opportunities and lots may point at them.
    operations = [migrations.RunPython(load_divisions_and_groups, migrations.RunPython.noop)]
