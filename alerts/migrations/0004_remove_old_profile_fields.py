"""The profile columns that 0003 turned into `Subscription.search`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("alerts", "0003_subscription_search")]

    operations = [
        migrations.RemoveField(model_name="subscription", name=name)
        for name in ("keywords", "cpv_prefixes", "locations", "supplier_types", "max_lot_value", "buyer")
    ]
