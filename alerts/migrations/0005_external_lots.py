"""The ledger can record lots the finder lists from other sources (primes' subcontracts) by their key.
Going back deletes those rows first: an opportunity's delivery must have its lot."""

import django.db.models.deletion
from django.db import migrations, models


def delete_external(apps, schema_editor):
    apps.get_model("alerts", "Delivery").objects.filter(lot__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0004_remove_old_profile_fields"),
        ("opportunities", "0009_cpv_full_list"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="external_key",
            field=models.CharField(blank=True, default="", max_length=80),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="lot",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="opportunities.lot",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, delete_external),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                condition=models.Q(("lot__isnull", True)),
                fields=("subscription", "external_key", "kind", "change_key"),
                name="alerts_delivery_external_once",
            ),
        ),
    ]
