"""The influenceable-spend rules applied to payments, and the summary the analysis pages read.

`refresh` does both for some anchors: every payment loses its old exclusion, then each active rule, in
order, claims the payments it matches that no earlier rule claimed. So each excluded pound carries the one
rule that excluded it. Then the anchors' summary rows are rewritten from their payments with one
INSERT … SELECT … GROUP BY: one row per anchor, year, supplier, excluding rule and contract sector.
An import needs neither step for the whole anchor: its lines come in with the same rules worked out as one
expression (`exclusion`), and only its year's summary rows are rewritten. After either, the partnership
summary is added up again from the summary for the years that changed: the same rows over every anchor.
"""

from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When

from .models import InfluenceRule, PartnershipSummary, PartnershipYear, Payment, SpendSummary, Supplier


def rule_condition(rule):
    """The payments a rule matches, as a filter on Payment (or on StagedPayment, which has the same fields)."""
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


def active_rules():
    """The rules in the order they are tried: the first that matches a payment excludes it."""
    return list(InfluenceRule.objects.filter(active=True).exclude(value=""))


def apply_rules(anchor_ids):
    payments = Payment.objects.filter(anchor_id__in=anchor_ids)
    payments.exclude(excluded_by=None).update(excluded_by=None)
    for rule in active_rules():
        payments.filter(excluded_by=None).filter(rule_condition(rule)).update(excluded_by=rule)


def exclusion():
    """The id of the rule that excludes a line, or NULL: the same rules in the same order as apply_rules, as
    one expression, so the import can set it on lines as they go in."""
    rules = active_rules()
    if not rules:
        return Value(None, output_field=IntegerField())
    return Case(*(When(rule_condition(rule), then=Value(rule.pk)) for rule in rules), output_field=IntegerField())


def rebuild_summary(anchor_ids, years=None, partnership=True):
    """Rewrite the summary rows of these anchors, in every year or only in `years`, and then the
    partnership's rows for the same years (unless the caller will rebuild those once for many calls)."""
    if not anchor_ids:
        return
    where, params = "anchor_id IN ({})".format(", ".join(["%s"] * len(anchor_ids))), list(anchor_ids)
    if years is not None:
        where += " AND year IN ({})".format(", ".join(["%s"] * len(years)))
        params += list(years)
    summary, payment = SpendSummary._meta.db_table, Payment._meta.db_table
    with connection.cursor() as cursor:
        # In SQL, not with QuerySet.delete(): nothing refers to summary rows, and Django would first read
        # tens of thousands of ids to delete them by id.
        cursor.execute(f"DELETE FROM {summary} WHERE {where}", params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {summary} (anchor_id, year, supplier_id, excluded_by_id, cpv_section, payments, amount) "  # noqa: S608
            f"SELECT anchor_id, year, supplier_id, excluded_by_id, cpv_section, COUNT(*), SUM(amount) FROM {payment} "
            f"WHERE {where} GROUP BY anchor_id, year, supplier_id, excluded_by_id, cpv_section",
            params,
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {summary}")
    if partnership:
        rebuild_partnership(years)


def rebuild_partnership(years=None):
    """Add the summary up over every anchor, for these years (all years if None), noting which anchors."""
    if years is None:
        years = set(SpendSummary.objects.values_list("year", flat=True).distinct().order_by())
        years |= set(PartnershipYear.objects.values_list("year", flat=True))
    years = sorted(set(years))
    if not years:
        return
    partnership, summary = PartnershipSummary._meta.db_table, SpendSummary._meta.db_table
    placeholders = ", ".join(["%s"] * len(years))
    with connection.cursor() as cursor:
        for table in (partnership, PartnershipYear._meta.db_table):
            cursor.execute(f"DELETE FROM {table} WHERE year IN ({placeholders})", years)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {partnership} (year, supplier_id, excluded_by_id, cpv_section, payments, amount) "  # noqa: S608
            f"SELECT year, supplier_id, excluded_by_id, cpv_section, SUM(payments), SUM(amount) FROM {summary} "
            f"WHERE year IN ({placeholders}) GROUP BY year, supplier_id, excluded_by_id, cpv_section",
            years,
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {partnership}")
    anchors = {}
    pairs = SpendSummary.objects.filter(year__in=years).values_list("year", "anchor_id").distinct().order_by()
    for year, anchor_id in pairs:
        anchors.setdefault(year, []).append(anchor_id)
    PartnershipYear.objects.bulk_create(
        PartnershipYear(year=year, anchor_ids=sorted(anchors.get(year, []))) for year in years
    )


@transaction.atomic
def refresh(anchor_ids=None, progress=None):
    """Re-apply the rules and rebuild the summary for these anchors (all anchors with payments if None)."""
    if anchor_ids is None:
        anchor_ids = list(Payment.objects.values_list("anchor_id", flat=True).distinct().order_by())
        SpendSummary.objects.exclude(anchor_id__in=anchor_ids).delete()
    anchor_ids = sorted(set(anchor_ids))
    for position, anchor_id in enumerate(anchor_ids, start=1):
        apply_rules([anchor_id])
        rebuild_summary([anchor_id], partnership=False)
        if progress is not None:
            progress(position, len(anchor_ids))
    rebuild_partnership()
    return len(anchor_ids)
