"""Where the money goes: award aggregates, every one computed by the database.

Each function runs one query. A supplier is local when the district of its postcode (PR1 in "PR1 2AB")
is one of the districts in the portal settings; that is checked inside the query, the same way as
`Award.postcode_district`, so no extra table has to be kept in step.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Concat, Substr, TruncQuarter

from opportunities.models import Award
from portal.models import CPVCode

from .periods import Quarter

SME_SIZES = [Award.SupplierSize.MICRO, Award.SupplierSize.SMALL, Award.SupplierSize.MEDIUM]
SOCIAL_ECONOMY_TYPES = [
    Award.SupplierType.VCSE,
    Award.SupplierType.COOP,
    Award.SupplierType.SOCIAL_ENTERPRISE,
    Award.SupplierType.EMPLOYEE_OWNED,
]
SOCIAL_VALUE_FIELDS = [
    ("local_jobs", "Local jobs"),
    ("apprenticeships", "Apprenticeships"),
    ("hard_to_reach_opportunities", "Jobs, placements or training for people far from work"),
    ("volunteering_hours", "Volunteering hours"),
]
SUPPLIER_GROUPS = [
    ("local", "Suppliers in the local area"),
    ("sme", "Small and medium-sized businesses (SMEs)"),
    ("social", "Charities, co-ops, social enterprises and employee-owned businesses"),
]
MONEY = DecimalField(max_digits=16, decimal_places=2)


def local_supplier(local_districts):
    """A condition true when the supplier's postcode district is one of the local ones.

    The district is the text before the first space, ignoring case and surrounding spaces, the same rule
    as `Award.postcode_district`. One regular expression per row is several times cheaper than
    upper-casing, trimming and splitting the postcode in SQL.
    """
    if not local_districts:
        return Q(pk__in=[])
    districts = "|".join(re.escape(district) for district in sorted(local_districts))
    return Q(supplier_postcode__iregex=rf"^\s*({districts})(\s|$)")


def group_conditions(local_districts):
    return {
        "local": local_supplier(local_districts),
        "sme": Q(supplier_size__in=SME_SIZES),
        "social": Q(supplier_type__in=SOCIAL_ECONOMY_TYPES),
    }


def measures(local_districts):
    """The sums every breakdown shares: value and count overall and for each supplier group."""
    result = {
        "total_value": Coalesce(Sum("value"), Value(Decimal(0)), output_field=MONEY),
        "count": Count("pk"),
    }
    for name, condition in group_conditions(local_districts).items():
        # FILTER (WHERE …) on PostgreSQL; Django writes it as CASE WHEN on other databases.
        result[f"{name}_value"] = Coalesce(Sum("value", filter=condition), Value(Decimal(0)), output_field=MONEY)
        result[f"{name}_count"] = Count("pk", filter=condition)
    return result


def awards(anchor=None, start=None, end=None):
    """Awards on published opportunities, for one anchor (or all) between two quarters (inclusive)."""
    queryset = Award.objects.filter(lot__opportunity__live=True)
    if anchor is not None:
        queryset = queryset.filter(lot__opportunity__buyer=anchor)
    if start is not None:
        queryset = queryset.filter(award_date__gte=start.start)
    if end is not None:
        queryset = queryset.filter(award_date__lte=end.end)
    return queryset.order_by()


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
    """The whole period in one row, plus the social value committed (one query)."""
    row = queryset.aggregate(
        **measures(local_districts),
        **{name: Coalesce(Sum(name), Value(0)) for name, _ in SOCIAL_VALUE_FIELDS},
    )
    social_value = [(label, row[name]) for name, label in SOCIAL_VALUE_FIELDS]
    return _breakdown("All awards", row), social_value


def by_quarter(queryset, local_districts):
    """One row per quarter that has awards, oldest first (one query)."""
    rows = (
        queryset.annotate(period=TruncQuarter("award_date"))
        .values("period")
        .annotate(**measures(local_districts))
        .order_by("period")
    )
    result = []
    for row in rows:
        quarter = Quarter.of(row["period"])
        result.append(_breakdown(quarter.label, row, key=str(quarter)))
    return result


def by_division(queryset, local_districts):
    """One row per CPV division of the opportunity's main code, largest value first (one query)."""
    division = Substr("lot__opportunity__main_cpv__code", 1, 2)
    label = CPVCode.objects.filter(code=Concat(OuterRef("division"), Value("000000"))).values("label")[:1]
    rows = (
        queryset.annotate(division=division)
        .values("division")
        .annotate(**measures(local_districts), division_label=Subquery(label))
        .order_by("-total_value", "division")
    )
    return [
        _breakdown(
            f"{row['division']} {row['division_label'] or ''}".strip() if row["division"] else "Not classified",
            row,
            key=row["division"] or "",
        )
        for row in rows
    ]
