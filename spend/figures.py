"""The spend figures: a few GROUP BY queries over the summary, whatever the number of payments. Figures
for every anchor read the partnership summary instead, the same sums already added up over the anchors.

Every share is a share of influenceable spend (spend left after the rules take out what an anchor's buying
cannot change), as in the CLES method the partnerships follow. A supplier's place, size and kind are read
from the supplier at query time, so enriching a supplier or changing the local area needs no rebuild.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When

from portal.models import PortalSettings
from portal.reporting import Table
from portal.suppliers import SME_SIZES, VCSE_KINDS

from . import places, sectors
from .models import PartnershipSummary, PartnershipYear, SpendSummary, Supplier, year_label

INFLUENCEABLE = Q(excluded_by__isnull=True)
TOP_SUPPLIERS = 300


def pounds(amount):
    return "£0" if not amount else f"£{amount:,.0f}"


def percent(part, whole):
    if not whole:
        return None
    return round(float(part or 0) * 100 / float(whole), 1)


def percent_text(share):
    return "No data" if share is None else f"{share:.1f}%"


@dataclass(frozen=True)
class Places:
    """What counts as local and regional, from the portal's local area setting."""

    local_districts: frozenset
    region: places.Region
    abroad_areas: frozenset

    @classmethod
    def from_settings(cls):
        districts = frozenset(PortalSettings.load().local_districts())
        return cls(districts, places.region_of(districts), places.abroad_areas())

    @property
    def region_code(self):
        return self.region.code

    @property
    def region_name(self):
        return places.ITL1_NAMES.get(self.region_code, "the region")


def place_of_supplier(p, prefix="supplier__"):
    """The place a payment's supplier is in, as a SQL CASE."""
    return Case(
        When(Q(**{f"{prefix}district__in": sorted(p.local_districts)}), then=Value(places.LOCAL)),
        When(
            Q(**{f"{prefix}outside_uk": True}) | Q(**{f"{prefix}area__in": sorted(p.abroad_areas)}),
            then=Value(places.ABROAD),
        ),
        When(
            Q(**{f"{prefix}area__in": sorted(p.region.areas)})
            & ~Q(**{f"{prefix}district__in": sorted(p.region.left_out)})
            | Q(**{f"{prefix}district__in": sorted(p.region.added)}),
            then=Value(places.REGION),
        ),
        When(~Q(**{f"{prefix}area": ""}), then=Value(places.UK)),
        default=Value(places.UNKNOWN),
        output_field=CharField(),
    )


SECTOR = Case(When(~Q(cpv_section=""), then=F("cpv_section")), default=F("supplier__sector"), output_field=CharField())


@dataclass
class Headline:
    total: Decimal = Decimal(0)
    influenceable: Decimal = Decimal(0)
    local: Decimal = Decimal(0)
    region: Decimal = Decimal(0)
    sme: Decimal = Decimal(0)
    size_unknown: Decimal = Decimal(0)
    vcse: Decimal = Decimal(0)
    suppliers: int = 0

    @property
    def excluded(self):
        return self.total - self.influenceable

    @property
    def local_share(self):
        return percent(self.local, self.influenceable)

    @property
    def region_share(self):
        """Local and the rest of the region together."""
        return percent(self.local + self.region, self.influenceable)

    @property
    def sme_share(self):
        return percent(self.sme, self.influenceable)

    @property
    def vcse_share(self):
        return percent(self.vcse, self.influenceable)

    @property
    def size_unknown_share(self):
        return percent(self.size_unknown, self.influenceable)


def _sum(condition=None):
    return Sum("amount", filter=condition) if condition is not None else Sum("amount")


PENNY = Decimal("0.01")


def to_the_penny(amount):
    """A sum of money as the database returned it, in pounds and pence. SQLite adds decimals up as
    floating point and gives back Decimal("1000") for £1,000.00; PostgreSQL keeps the pence."""
    return None if amount is None else amount.quantize(PENNY)


class Analysis:
    """Figures for some anchors in an update year, beside a baseline year (which may be None)."""

    def __init__(self, anchor_ids, update_year, baseline_year=None, where=None):
        self.anchor_ids = sorted(anchor_ids)
        self.update = update_year
        self.baseline = baseline_year if baseline_year != update_year else None
        self.years = [y for y in (self.baseline, self.update) if y is not None]
        self.places = where or Places.from_settings()

    def summaries(self):
        """The summary rows these figures add up: the partnership's own when they would be the same sums."""
        if self._covers_partnership:
            return PartnershipSummary.objects.filter(year__in=self.years)
        return SpendSummary.objects.filter(anchor_id__in=self.anchor_ids, year__in=self.years)

    @cached_property
    def _covers_partnership(self):
        """True when every anchor added up in each year's partnership summary is one of these anchors."""
        added_up = dict(PartnershipYear.objects.filter(year__in=self.years).values_list("year", "anchor_ids"))
        return all(year in added_up and set(added_up[year]) <= set(self.anchor_ids) for year in self.years)

    def _placed(self):
        return self.summaries().annotate(place=place_of_supplier(self.places))

    @cached_property
    def _facts(self):
        """Spend by year, rule, place, sector, postcode area, size and kind, in one query over the summary.

        Headlines, places, sectors, areas and exclusions are each added up from these rows, so the summary
        is read once for all of them rather than once for each.
        """
        rows = list(
            self._placed()
            .annotate(sector=SECTOR)
            .values(
                "year",
                "excluded_by__name",
                "place",
                "sector",
                "supplier__area",
                "supplier__size",
                "supplier__kind",
            )
            .annotate(amount=_sum())
            .order_by()
        )
        for row in rows:
            row["amount"] = to_the_penny(row["amount"])
        return rows

    def _influenceable_facts(self):
        return [row for row in self._facts if row["excluded_by__name"] is None]

    def headlines(self):
        """{year: Headline}: the facts and one count of suppliers."""
        found = {year: Headline() for year in self.years}
        for row in self._facts:
            headline, amount = found[row["year"]], row["amount"]
            headline.total += amount
            if row["excluded_by__name"] is not None:
                continue
            headline.influenceable += amount
            headline.local += amount if row["place"] == places.LOCAL else 0
            headline.region += amount if row["place"] == places.REGION else 0
            headline.sme += amount if row["supplier__size"] in SME_SIZES else 0
            headline.size_unknown += amount if row["supplier__size"] == "" else 0
            headline.vcse += amount if row["supplier__kind"] in VCSE_KINDS else 0
        named = Supplier.objects.filter(redacted=True).values("pk")
        counts = (
            self.summaries()
            .filter(INFLUENCEABLE)
            .exclude(supplier__in=named)
            .values("year")
            .annotate(suppliers=Count("supplier", distinct=True))
            .order_by()
        )
        for row in counts:
            found[row["year"]].suppliers = row["suppliers"]
        return found

    def by_place(self):
        """{(year, place): influenceable amount}."""
        found = {}
        for row in self._influenceable_facts():
            key = (row["year"], row["place"])
            found[key] = found.get(key, 0) + row["amount"]
        return found

    def by_sector(self):
        """{(year, sector): (influenceable, local)}."""
        found = {}
        for row in self._influenceable_facts():
            key = (row["year"], row["sector"] or "")
            spent, local = found.get(key, (0, 0))
            found[key] = (spent + row["amount"], local + (row["amount"] if row["place"] == places.LOCAL else 0))
        return found

    def by_area(self):
        """{area: influenceable amount} in the update year."""
        found = {}
        for row in self._influenceable_facts():
            if row["year"] == self.update and row["supplier__area"]:
                found[row["supplier__area"]] = found.get(row["supplier__area"], 0) + row["amount"]
        return found

    def exclusions(self):
        """[(rule name, {year: amount})] for the pounds each rule took out, the largest in the update year first."""
        by_rule = {}
        for row in sorted(
            (row for row in self._facts if row["excluded_by__name"] is not None),
            key=lambda row: row["excluded_by__name"],
        ):
            years = by_rule.setdefault(row["excluded_by__name"], {})
            years[row["year"]] = years.get(row["year"], 0) + row["amount"]
        return sorted(by_rule.items(), key=lambda item: -(item[1].get(self.update) or 0))

    def local_suppliers_by_sector(self):
        """{sector: number of suppliers known in the local area}, one query."""
        rows = (
            Supplier.objects.filter(district__in=sorted(self.places.local_districts), merged_into=None, redacted=False)
            .values("sector")
            .annotate(count=Count("pk"))
            .order_by()
        )
        return {row["sector"]: row["count"] for row in rows}

    def top_suppliers(self, limit=TOP_SUPPLIERS):
        """The suppliers with the most influenceable spend in the update year, with the baseline beside it.

        Two queries: the totals per supplier from the summary alone, then the names and places of the few
        hundred at the top. Suppliers tied at the cut are taken in the order they were first seen.
        """
        update = Q(year=self.update)
        baseline = Q(year=self.baseline) if self.baseline else Q(pk__in=[])
        totals = list(
            self.summaries()
            .filter(INFLUENCEABLE)
            .exclude(supplier__in=Supplier.objects.filter(redacted=True).values("pk"))
            .values("supplier_id")
            .annotate(update=_sum(update), baseline=_sum(baseline))
            .filter(update__isnull=False)
            .order_by("-update", "supplier_id")[:limit]
        )
        details = {
            row["pk"]: row
            for row in Supplier.objects.filter(pk__in=[row["supplier_id"] for row in totals])
            .annotate(place=place_of_supplier(self.places, prefix=""))
            .values("pk", "name", "postcode", "size", "kind", "place")
        }
        rows = [
            {
                "supplier_id": row["supplier_id"],
                **{
                    f"supplier__{name}": details[row["supplier_id"]][name]
                    for name in ("name", "postcode", "size", "kind")
                },
                "place": details[row["supplier_id"]]["place"],
                "update": to_the_penny(row["update"]),
                "baseline": to_the_penny(row["baseline"]),
            }
            for row in totals
        ]
        return sorted(rows, key=lambda row: (-row["update"], row["supplier__name"]))


def _year_headers(analysis, *suffixes):
    return [f"{year_label(year)}{suffix}" for year in analysis.years for suffix in suffixes]


def headline_table(analysis, headlines):
    table = Table("headline", "Headline figures", ["Measure", *_year_headers(analysis, "")], numeric={1, 2, 3})
    if analysis.baseline:
        table.headers.append("Change")

    def row(label, amounts, shares=None):
        shown, raw = [label], [label]
        for position in range(len(analysis.years)):
            amount = amounts[position]
            if shares is None:
                shown.append(pounds(amount) if isinstance(amount, Decimal) else f"{amount:,}")
            else:
                shown.append(f"{pounds(amount)} ({percent_text(shares[position])})")
            raw.append(amount if shares is None else shares[position])
        if analysis.baseline:
            first, last = raw[1], raw[2]
            if shares is not None:
                change = None if first is None or last is None else round(last - first, 1)
                shown.append("No data" if change is None else f"{change:+.1f} percentage points")
            else:
                change = last - first
                shown.append(
                    f"{'+' if change >= 0 else '−'}{pounds(abs(change))}"
                    if isinstance(change, Decimal)
                    else f"{change:+,}"
                )
            raw.append(change)
        table.add(shown, raw)

    h = [headlines[year] for year in analysis.years]
    row("Total spend", [x.total for x in h])
    row("Influenceable spend", [x.influenceable for x in h])
    row("Spent in the local area", [x.local for x in h], [x.local_share for x in h])
    row(
        f"Spent in the {analysis.places.region_name} region, local area included",
        [x.local + x.region for x in h],
        [x.region_share for x in h],
    )
    row("Spent with SMEs", [x.sme for x in h], [x.sme_share for x in h])
    row("Spent with suppliers of unknown size", [x.size_unknown for x in h], [x.size_unknown_share for x in h])
    row("Spent with VCSEs, co-ops and social enterprises", [x.vcse for x in h], [x.vcse_share for x in h])
    row("Suppliers paid", [x.suppliers for x in h])
    return table


def place_table(analysis, by_place, headlines):
    table = Table(
        "places",
        "Influenceable spend by where the supplier is",
        ["Where the supplier is", *_year_headers(analysis, "", " share")],
        numeric={1, 2, 3, 4},
    )
    for place in places.PLACES:
        shown, raw = [places.PLACE_LABELS[place]], [places.PLACE_LABELS[place]]
        for year in analysis.years:
            amount = by_place.get((year, place)) or Decimal(0)
            share = percent(amount, headlines[year].influenceable)
            shown += [pounds(amount), percent_text(share)]
            raw += [amount, share]
        table.add(shown, raw)
    return table


def sector_table(analysis, by_sector):
    table = Table(
        "sectors",
        "Influenceable spend by sector",
        ["Sector", *_year_headers(analysis, ""), f"Local in {year_label(analysis.update)}", "Local share"],
        numeric={1, 2, 3, 4},
    )
    keys = sorted({s for (_, s) in by_sector}, key=lambda s: -(by_sector.get((analysis.update, s), (0, 0))[0] or 0))
    for sector in keys:
        label = sectors.label(sector)
        amounts = [by_sector.get((year, sector), (Decimal(0), 0))[0] for year in analysis.years]
        amount, local = by_sector.get((analysis.update, sector), (Decimal(0), 0))
        share = percent(local, amount)
        table.add(
            [label, *(pounds(a) for a in amounts), pounds(local), percent_text(share)],
            [label, *amounts, local, share],
        )
    return table


def leakage_table(analysis, by_sector, local_counts):
    table = Table(
        "leakage",
        f"Influenceable spend leaving the local area in {year_label(analysis.update)}, by sector",
        ["Sector", "Spent outside the local area", "Local suppliers we know of in this sector"],
        numeric={1, 2},
    )
    rows = []
    for (year, sector), (amount, local) in by_sector.items():
        if year == analysis.update and (amount or 0) - (local or 0) > 0:
            rows.append((sector, amount - local))
    for sector, leaving in sorted(rows, key=lambda r: -r[1]):
        label = sectors.label(sector)
        count = local_counts.get(sector, 0) if sector else None
        table.add(
            [label, pounds(leaving), "Not known" if count is None else f"{count:,}"],
            [label, leaving, count],
        )
    return table


def area_table(analysis, by_area):
    table = Table(
        "areas",
        f"Influenceable spend by postcode area in {year_label(analysis.update)}",
        ["Postcode area", "Town or area", "Region", "Spend"],
        numeric={3},
    )
    known = places.postcode_areas()
    for code, amount in sorted(by_area.items(), key=lambda item: -item[1]):
        area = known.get(code)
        region = places.ITL1_NAMES.get(area.itl1, "Outside the UK") if area else ""
        name = area.name if area else ""
        table.add([code, name, region, pounds(amount)], [code, name, region, amount])
    return table


def exclusion_table(analysis, exclusions):
    table = Table(
        "exclusions",
        "Spend that is not influenceable, by the rule that left it out",
        ["Rule", *_year_headers(analysis, "")],
        numeric={1, 2},
    )
    for name, amounts in exclusions:
        values = [amounts.get(year) or Decimal(0) for year in analysis.years]
        table.add([name, *(pounds(v) for v in values)], [name, *values])
    return table


def supplier_table(analysis, suppliers):
    from portal.suppliers import SupplierKind, SupplierSize

    sizes, kinds = dict(SupplierSize.choices), dict(SupplierKind.choices)
    headers = ["Rank", "Supplier", "Postcode", "Where", "Size", "Kind", year_label(analysis.update)]
    if analysis.baseline:
        headers.append(year_label(analysis.baseline))
    table = Table("suppliers", f"Top {TOP_SUPPLIERS} suppliers by influenceable spend", headers, numeric={0, 6, 7})
    for rank, row in enumerate(suppliers, start=1):
        size = sizes.get(row["supplier__size"], "Not known")
        kind = kinds.get(row["supplier__kind"], "Not known")
        place = places.PLACE_LABELS[row["place"]]
        base = [rank, row["supplier__name"], row["supplier__postcode"] or "Not known", place, size, kind]
        amounts = [row["update"]] + ([row["baseline"] or Decimal(0)] if analysis.baseline else [])
        table.add([*base, *(pounds(a) for a in amounts)], [*base, *amounts])
    return table
