"""The influenceable-spend rules applied to payments, and the summary the analysis pages read.

`refresh` does both for some anchors: every payment loses its old exclusion, then each active rule, in
order, claims the payments it matches that no earlier rule claimed. So each excluded pound carries the one
rule that excluded it. Then the anchors' summary rows are rewritten from their payments with one
INSERT … SELECT … GROUP BY: one row per anchor, year, supplier, excluding rule and contract sector.
"""

from django.db import connection, transaction
from django.db.models import Q

from .models import InfluenceRule, Payment, SpendSummary, Supplier


def rule_condition(rule):
    """The payments a rule matches, as a filter on Payment."""
    value = rule.value.strip()
    if rule.field == InfluenceRule.Field.SUPPLIER_KIND:
        return Q(supplier__kind=value.lower())
    if rule.field == InfluenceRule.Field.SUPPLIER_NAME:
        return Q(supplier_name__icontains=value) | Q(
            supplier__in=Supplier.objects.filter(name__icontains=value).values("pk")
        )
    if rule.field == InfluenceRule.Field.EXPENSE_TYPE:
        return Q(expense_type__icontains=value)
    return Q(service_area__icontains=value)


def apply_rules(anchor_ids):
    payments = Payment.objects.filter(anchor_id__in=anchor_ids)
    payments.exclude(excluded_by=None).update(excluded_by=None)
    for rule in InfluenceRule.objects.filter(active=True).exclude(value=""):
        payments.filter(excluded_by=None).filter(rule_condition(rule)).update(excluded_by=rule)


def rebuild_summary(anchor_ids):
    SpendSummary.objects.filter(anchor_id__in=anchor_ids).delete()
    if not anchor_ids:
        return
    summary, payment = SpendSummary._meta.db_table, Payment._meta.db_table
    placeholders = ", ".join(["%s"] * len(anchor_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {summary} (anchor_id, year, supplier_id, excluded_by_id, cpv_section, payments, amount) "  # noqa: S608
            f"SELECT anchor_id, year, supplier_id, excluded_by_id, cpv_section, COUNT(*), SUM(amount) FROM {payment} "
            f"WHERE anchor_id IN ({placeholders}) GROUP BY anchor_id, year, supplier_id, excluded_by_id, cpv_section",
            list(anchor_ids),
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {summary}")


@transaction.atomic
def refresh(anchor_ids=None, progress=None):
    """Re-apply the rules and rebuild the summary for these anchors (all anchors with payments if None)."""
    if anchor_ids is None:
        anchor_ids = list(Payment.objects.values_list("anchor_id", flat=True).distinct().order_by())
        SpendSummary.objects.exclude(anchor_id__in=anchor_ids).delete()
    anchor_ids = sorted(set(anchor_ids))
    for position, anchor_id in enumerate(anchor_ids, start=1):
        apply_rules([anchor_id])
        rebuild_summary([anchor_id])
        if progress is not None:
            progress(position, len(anchor_ids))
    return len(anchor_ids)
