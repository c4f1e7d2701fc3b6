"""Lots from other sources in the search table (primes' subcontracts): `lot` and `opportunity` become
optional, rows group by `group` (the opportunity's id for every existing row), and `ExternalGroup` gives
each external item an id to group by.

On SQLite, changing the table's columns copies it to a new table, which loses the full-text triggers of
0005: they are dropped first and made again (with a full-text rebuild) at the end. Going back deletes the
external rows first, since an opportunity's row must have its lot.
"""

import importlib

from django.db import migrations, models
from django.db.models import F

full_text = importlib.import_module("finder.migrations.0005_sqlite_full_text")


def fill_group(apps, schema_editor):
    apps.get_model("finder", "LotEntry").objects.update(group=F("opportunity_id"))


def delete_external(apps, schema_editor):
    apps.get_model("finder", "LotEntry").objects.filter(lot__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("finder", "0006_lotentry_regime")]

    operations = [
        migrations.RunPython(full_text.drop, full_text.create),
        migrations.CreateModel(
            name="ExternalGroup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("source", models.CharField(max_length=40)),
                ("key", models.CharField(max_length=80)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("source", "key"), name="finder_external_group_once")]
            },
        ),
        migrations.AddField(
            model_name="lotentry",
            name="group",
            field=models.BigIntegerField(
                default=0,
                help_text="What results group by: the opportunity's id, or minus an `ExternalGroup`'s id (always below 0).",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_group, migrations.RunPython.noop),
        migrations.AddField(
            model_name="lotentry",
            name="source",
            field=models.CharField(
                blank=True, default="", help_text="Empty for opportunities; else e.g. 'subcontract'.", max_length=40
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="lotentry",
            name="external_key",
            field=models.CharField(
                blank=True,
                default="",
                help_text="A lot of another source: its stable key, e.g. 'subcontract-lot:12'.",
                max_length=80,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="lotentry",
            name="headline",
            field=models.CharField(
                blank=True,
                default="",
                help_text="Shown above the title, e.g. 'Subcontract: via …, for …'.",
                max_length=255,
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="lotentry",
            name="lot",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="search_entry",
                to="opportunities.lot",
            ),
        ),
        migrations.AlterField(
            model_name="lotentry",
            name="opportunity",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="+",
                to="opportunities.opportunitypage",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, delete_external),
        migrations.AddIndex(model_name="lotentry", index=models.Index(fields=["group"], name="finder_entry_group")),
        migrations.AddConstraint(
            model_name="lotentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("external_key", ""), _negated=True),
                fields=("external_key",),
                name="finder_entry_external_key",
            ),
        ),
        migrations.AlterField(
            model_name="indexchange",
            name="opportunity_id",
            field=models.BigIntegerField(
                help_text="The group rewritten (an opportunity's id, or below 0 another source's); empty: all.",
                null=True,
            ),
        ),
        migrations.RunPython(full_text.create, full_text.drop),
    ]
