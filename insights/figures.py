"""Where the money goes: award aggregates, every one computed by the database from the award summary.

Each function runs one query over `AwardSummary` (see `insights/summary.py`), a few thousand rows however
many awards there are. A supplier is local when its postcode district (PR1 in "PR1 2AB"), a column of the
summary, is one of the districts in the portal settings, so changing the local area needs no rebuild.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from portal.models import CPVCode

from .models import AwardSummary, CommitmentSummary
from .periods import Quarter
from .summary import refresh_stale

SUPPLIER_GROUPS = [
    ("local", "Suppliers in the local area"),
    ("sme", "Small and medium-sized businesses (SMEs)"),
    ("social", "Charities, co-ops, social enterprises and employee-owned businesses"),
]
MONEY = DecimalField(max_digits=16, decimal_places=2)


def local_supplier(local_districts):
    """A condition true when the supplier's postcode district is one of the local ones."""
    return Q(district__in=sorted(local_districts))


def group_conditions(local_districts):
    return {"local": local_supplier(local_districts), "sme": Q(sme=True), "social": Q(social=True)}


def measures(local_districts):
    """The sums every breakdown shares: value and count overall and for each supplier group."""
    result = {
        "total_value": Coalesce(Sum("value"), Value(Decimal(0)), output_field=MONEY),
        "count": Coalesce(Sum("awards"), Value(0)),
    }
    for name, condition in group_conditions(local_districts).items():
        # FILTER (WHERE …) on PostgreSQL; Django writes it as CASE WHEN on other databases.
        result[f"{name}_value"] = Coalesce(Sum("value", filter=condition), Value(Decimal(0)), output_field=MONEY)
        result[f"{name}_count"] = Coalesce(Sum("awards", filter=condition), Value(0))
    return result


def _scoped(model, anchor, start, end):
    queryset = model.objects.all()
    if anchor is not None:
        queryset = queryset.filter(buyer=anchor)
    if start is not None:
        queryset = queryset.filter(quarter__gte=start.start)
    if end is not None:
        queryset = queryset.filter(quarter__lte=end.end)  # summary quarters are first days: same as award dates
    return queryset.order_by()


def awards(anchor=None, start=None, end=None):
    """Award figures on published opportunities, for one anchor (or all) between two quarters (inclusive).

    Brings the summary up to date first, so the figures include every committed change.
    """
    refresh_stale()
    return _scoped(AwardSummary, anchor, start, end)


def commitments(anchor=None, start=None, end=None, refresh=True):
    """Social value committed at award, one (measure name, unit, total) per measure with any, in catalogue order.

    Same scope as `awards` (one query, after bringing the summaries up to date unless told they are).
    """
    if refresh:
        refresh_stale()
    rows = (
        _scoped(CommitmentSummary, anchor, start, end)
        .values("measure__name", "measure__unit")
        .annotate(total=Sum("quantity"))
        .order_by("measure__theme__name", "measure__sort_order", "measure__name")
    )
    return [(row["measure__name"], row["measure__unit"], row["total"]) for row in rows]


@dataclass
class Breakdown:
    """One row of figures: a label and the sums from `measures`."""

    label: str
    value: Decimal
    count: int
    local_value: Decimal = Decimal(0)
    local_count: int = 0
    sme_value: Decimal = Decimal(0)
    sme_count: int = 0
    social_value: Decimal = Decimal(0)
    social_count: int = 0
    key: str = ""

    def share(self, group, of="value"):
        """Percentage of value (or of contracts) going to a supplier group, or None when there is nothing."""
        whole = getattr(self, of)
        return None if not whole else float(getattr(self, f"{group}_{of}")) * 100 / float(whole)


def _breakdown(label, row, key=""):
    # The sum of all values is "total_value" in the query: "value" would clash with the field's name.
    row = {**row, "value": row["total_value"]}
    fields = {name: row[name] for name in Breakdown.__dataclass_fields__ if name in row}
    return Breakdown(label=label, key=key, **fields)


def totals(queryset, local_districts):
    """The whole period in one row (one query)."""
    return _breakdown("All awards", queryset.aggregate(**measures(local_districts)))


def by_quarter(queryset, local_districts):
    """One row per quarter that has awards, oldest first (one query)."""
    rows = queryset.values("quarter").annotate(**measures(local_districts)).order_by("quarter")
    result = []
    for row in rows:
        quarter = Quarter.of(row["quarter"])
        result.append(_breakdown(quarter.label, row, key=str(quarter)))
    return result


def division_labels(divisions):
    """{"72": "IT services"}: the label of each division's `NN000000` CPV code, where there is one (one query)."""
    codes = CPVCode.objects.filter(code__in=[f"{division}000000" for division in divisions if division])
    return {code[:2]: label for code, label in codes.values_list("code", "label")}


def by_division(queryset, local_districts):
    """One row per CPV division of the opportunity's main code, largest value first (two queries)."""
    rows = list(queryset.values("division").annotate(**measures(local_districts)).order_by("-total_value", "division"))
    labels = division_labels(row["division"] for row in rows)
    return [
        _breakdown(
            f"{row['division']} {labels.get(row['division'], '')}".strip() if row["division"] else "Not classified",
            row,
            key=row["division"] or "",
        )
        for row in rows
    ]
