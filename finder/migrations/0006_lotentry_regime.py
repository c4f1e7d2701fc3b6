"""The search table's `regime` column: the Act's rules each lot's bid runs under (`ContractSize`).

On SQLite, adding a column rebuilds the table, which drops the full-text index's triggers
(0005_sqlite_full_text): the index is dropped first and made again, from the rows, afterwards. Any later
migration that changes `finder_lotentry` on SQLite needs the same. `rebuild_search_index` fills the column.
"""

import importlib

from django.db import migrations, models

full_text = importlib.import_module("finder.migrations.0005_sqlite_full_text")


class Migration(migrations.Migration):
    dependencies = [
        ("finder", "0005_sqlite_full_text"),
    ]

    operations = [
        migrations.RunPython(full_text.drop, full_text.create),
        migrations.AddField(
            model_name="lotentry",
            name="regime",
            field=models.CharField(
                blank=True,
                help_text="The Act's rules the bid runs under (procurement_act.ContractSize).",
                max_length=20,
            ),
        ),
        migrations.RunPython(full_text.create, full_text.drop),
    ]
