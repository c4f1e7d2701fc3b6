"""The Procurement Act's thresholds table, the 2015 procedures relabelled, and every opportunity's regime."""

from django.db import migrations
from django.utils import timezone

from opportunities import procurement_act as act

RENAMED = {"restricted": "pcr_restricted", "quotation": "pcr_quotation"}


def forwards(apps, schema_editor):
    Threshold = apps.get_model("opportunities", "Threshold")
    OpportunityPage = apps.get_model("opportunities", "OpportunityPage")
    act.load_shipped_thresholds(Threshold)
    for old, new in RENAMED.items():
        OpportunityPage.objects.filter(procedure=old).update(procedure=new)
    for opportunity in OpportunityPage.objects.select_related("buyer").iterator():
        began = timezone.localdate(opportunity.published_date) if opportunity.published_date else act.ACT_COMMENCEMENT
        buyer_kind = opportunity.buyer.buyer_kind if opportunity.buyer_id else "sub_central"
        thresholds, first = {}, {}
        for row in Threshold.objects.filter(buyer_kind=buyer_kind).order_by("valid_from"):
            first.setdefault(row.kind, row.amount)
            if row.valid_from <= began:
                thresholds[row.kind] = row.amount
        regime = act.regime_for(opportunity.value_max, {**first, **thresholds}, category=opportunity.category)
        OpportunityPage.objects.filter(pk=opportunity.pk).update(regime=regime or "")


def backwards(apps, schema_editor):
    OpportunityPage = apps.get_model("opportunities", "OpportunityPage")
    for old, new in RENAMED.items():
        OpportunityPage.objects.filter(procedure=new).update(procedure=old)


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0005_procurement_act"),
        ("portal", "0006_organisation_identifiers_and_buyer_kind"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
