"""The influenceable-spend rules a partnership starts with (spend.rules); analysts edit them in the admin."""

from django.db import migrations


def add_rules(apps, schema_editor):
    from spend.rules import add_default_rules

    add_default_rules(apps.get_model("spend", "InfluenceRule"))


class Migration(migrations.Migration):
    dependencies = [("spend", "0001_initial")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
