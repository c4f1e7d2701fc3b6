"""The insights dashboard: filters from the query string, then each table, chart and CSV built from them.

A table is the single source for its chart, its HTML table and its CSV download, so the three always agree.
"""

from decimal import Decimal
from urllib.parse import urlencode

from impact.formatting import plain_quantity, quantity
from portal.models import OrganisationPage, PortalSettings
from portal.reporting import Table, bar_chart

from . import figures
from .formatting import days, number, percent, pounds
from .forms import InsightsFilterForm
from .scorecard import scorecards

PENNY = Decimal("0.01")
SHORT_GROUP_LABELS = {"local": "Local area", "sme": "SMEs", "social": "VCSEs, co-ops and similar"}


def _money(amount):
    """Pounds and pence, the same on every database (SQLite drops trailing zeros)."""
    return Decimal(amount).quantize(PENNY)


def _round(share):
    return None if share is None else round(share, 1)


def anchors():
    return list(OrganisationPage.objects.live().order_by("title").only("pk", "title", "slug"))


class Dashboard:
    """Figures for one set of filters. Each table method runs a fixed number of queries."""

    def __init__(self, params):
        self.anchors = anchors()
        self.form = InsightsFilterForm(params, anchors=self.anchors)
        self.valid = self.form.is_valid()
        cleaned = self.form.cleaned_data if self.valid else {}
        self.anchor = cleaned.get("anchor")
        self.start, self.end = cleaned.get("start"), cleaned.get("end")
        self.settings = PortalSettings.load()
        self.local_districts = self.settings.local_districts()
        self.awards = figures.awards(self.anchor, self.start, self.end)
        self._totals = None

    @property
    def scope(self):
        """Who and when the figures cover, in words."""
        who = self.anchor.title if self.anchor else "The whole partnership"
        # Months, not quarter names, at either end: "from January to March to April to June" is hard to read.
        if self.start and self.start == self.end:
            when = f"in {self.start.label}"
        elif self.start and self.end:
            when = f"from {self.start.start:%B %Y} to {self.end.end:%B %Y}"
        elif self.start:
            when = f"from {self.start.start:%B %Y} onwards"
        elif self.end:
            when = f"up to the end of {self.end.end:%B %Y}"
        else:
            when = "all time"
        return f"{who}, {when}"

    def query_string(self):
        """The filters in force, to carry over to the CSV links."""
        params = {
            "anchor": self.anchor.slug if self.anchor else "",
            "start": str(self.start) if self.start else "",
            "end": str(self.end) if self.end else "",
        }
        return urlencode({name: value for name, value in params.items() if value})

    def totals(self):
        if self._totals is None:
            self._totals = figures.totals(self.awards, self.local_districts)
        return self._totals

    def quarter_table(self):
        table = Table(
            "by-quarter",
            "Contracts awarded and their value, by quarter",
            [
                "Quarter",
                "Contracts",
                "Value",
                "Local share of value",
                "SME share of value",
                "VCSE and co-op share of value",
            ],
            numeric=[1, 2, 3, 4, 5],
        )
        for row in figures.by_quarter(self.awards, self.local_districts):
            shares = [row.share(group) for group, _ in figures.SUPPLIER_GROUPS]
            table.add(
                [row.label, number(row.count), pounds(row.value), *map(percent, shares)],
                [row.key, row.count, _money(row.value), *map(_round, shares)],
            )
        return table

    def supplier_table(self):
        total = self.totals()
        table = Table(
            "suppliers",
            "Who won the contracts: share of value and of contracts by kind of supplier",
            ["Kind of supplier", "Value", "Share of value", "Contracts", "Share of contracts"],
            numeric=[1, 2, 3, 4],
        )
        for group, label in figures.SUPPLIER_GROUPS:
            value, count = getattr(total, f"{group}_value"), getattr(total, f"{group}_count")
            value_share, count_share = total.share(group), total.share(group, of="count")
            table.add(
                [label, pounds(value), percent(value_share), number(count), percent(count_share)],
                [label, _money(value), _round(value_share), count, _round(count_share)],
            )
        return table

    def division_table(self):
        table = Table(
            "by-division",
            "Value awarded by type of work (CPV division)",
            ["Type of work (CPV division)", "Contracts", "Value", "Local share of value"],
            numeric=[1, 2, 3],
        )
        for row in figures.by_division(self.awards, self.local_districts):
            share = row.share("local")
            table.add(
                [row.label, number(row.count), pounds(row.value), percent(share)],
                [row.label, row.count, _money(row.value), _round(share)],
            )
        return table

    def social_value_table(self):
        table = Table(
            "social-value", "Social value that suppliers committed to", ["Commitment", "Unit", "Total"], numeric=[2]
        )
        # figures.awards() has just brought the summaries up to date.
        for label, unit, total in figures.commitments(self.anchor, self.start, self.end, refresh=False):
            table.add([label, unit, quantity(total)], [label, unit, plain_quantity(total)])
        return table

    def scorecard_table(self):
        table = Table(
            "scorecard",
            "How easy each organisation makes it to bid",
            [
                "Organisation",
                "Opportunities",
                "Divided into lots",
                "Middle lot value",
                "Middle time given to bid",
                "Lots suitable for SMEs",
                "Lots suitable for VCSEs",
                "Summaries in plain English",
            ],
            numeric=[1, 2, 3, 4, 5, 6, 7],
        )
        for card in scorecards(self.anchors, self.settings.reading_age_target):
            shares = [card.lotted_share, card.sme_share, card.vcse_share, card.plain_share]
            table.add(
                [
                    card.title,
                    number(card.opportunities),
                    percent(shares[0]),
                    pounds(card.median_lot_value) if card.median_lot_value is not None else "No data",
                    days(card.median_days),
                    percent(shares[1]),
                    percent(shares[2]),
                    percent(shares[3]),
                ],
                [
                    card.title,
                    card.opportunities,
                    _round(shares[0]),
                    None if card.median_lot_value is None else _money(card.median_lot_value),
                    None if card.median_days is None else round(card.median_days, 1),
                    _round(shares[1]),
                    _round(shares[2]),
                    _round(shares[3]),
                ],
            )
        return table

    TABLES = {
        "by-quarter": "quarter_table",
        "suppliers": "supplier_table",
        "by-division": "division_table",
        "social-value": "social_value_table",
        "scorecard": "scorecard_table",
    }

    def table(self, slug):
        return getattr(self, self.TABLES[slug])()


def charts_for(dashboard, quarters, suppliers, divisions):
    """The three charts, each drawn from its table's unformatted figures."""
    scope = dashboard.scope
    quarter_chart = bar_chart(
        "by-quarter",
        "Value awarded each quarter",
        f"{scope}. Bar chart of the value of contracts awarded in each quarter. The table below has the figures.",
        [(shown[0], raw[2], shown[2]) for raw, shown in zip(quarters.data, quarters.rows, strict=True)],
    )
    supplier_chart = bar_chart(
        "suppliers",
        "Share of value by kind of supplier",
        f"{scope}. Bar chart of the percentage of the value awarded that went to each kind of supplier, out of 100. "
        "The table below has the figures.",
        [
            (SHORT_GROUP_LABELS[group], raw[2] or 0, shown[2])
            for (group, _), raw, shown in zip(figures.SUPPLIER_GROUPS, suppliers.data, suppliers.rows, strict=True)
        ],
        maximum=100,
    )
    division_chart = bar_chart(
        "by-division",
        "Value awarded by type of work",
        f"{scope}. Bar chart of the value awarded for each type of work (CPV division), largest first. "
        "The table below has the figures.",
        [(raw[0], raw[2], shown[2]) for raw, shown in zip(divisions.data, divisions.rows, strict=True)],
    )
    return quarter_chart, supplier_chart, division_chart


def dashboard_context(params):
    dashboard = Dashboard(params)
    context = {"dashboard": dashboard, "form": dashboard.form, "filters_invalid": not dashboard.valid}
    if not dashboard.valid:
        return context
    total = dashboard.totals()
    quarters, suppliers, divisions = dashboard.quarter_table(), dashboard.supplier_table(), dashboard.division_table()
    quarter_chart, supplier_chart, division_chart = charts_for(dashboard, quarters, suppliers, divisions)
    context.update(
        total=total,
        sections=[
            {"chart": quarter_chart, "table": quarters},
            {"chart": supplier_chart, "table": suppliers},
            {"chart": division_chart, "table": divisions},
        ],
        social_value=dashboard.social_value_table(),
        scorecard=dashboard.scorecard_table(),
        query_string=dashboard.query_string(),
    )
    return context
