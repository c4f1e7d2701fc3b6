"""What the wider impact pages and CSV publish: LM3 and plain-English statements, for the partnership and
each anchor, for one financial year. Only aggregates, and none from fewer than `lm3.MINIMUM_RESPONDENTS`
suppliers: below that a scope says it has too few answers and shows no figures.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from portal.models import PortalSettings

from . import lm3, survey
from .formatting import percent, pounds, whole
from .models import Survey
from .periods import financial_year_label

# (answer, statement with {who}, {n}, {area}, {year})
STATEMENTS = [
    ("jobs", "Suppliers to {who} created or kept an estimated {n} jobs in {area} in {year}."),
    ("apprenticeships", "Suppliers to {who} offered an estimated {n} apprenticeships in {year}."),
    (
        "hard_to_reach",
        "Suppliers to {who} gave an estimated {n} jobs, placements or training places to people far from work "
        "in {year}.",
    ),
    (
        "volunteering_hours",
        "Suppliers to {who} gave an estimated {n} hours of volunteering to charities and community groups in {year}.",
    ),
]
CSV_HEADER = ["scope", "year", "figure", "central", "low", "high", "suppliers", "respondents", "method"]


@dataclass
class Statement:
    key: str
    text: str
    estimate: lm3.Range


@dataclass
class Scope:
    """One anchor's figures for a year, or the partnership's (anchor None)."""

    year: int
    name: str
    anchor: object
    surveys: list
    suppliers: list = field(default_factory=list)
    result: lm3.Result | None = None
    statements: list = field(default_factory=list)

    @property
    def year_label(self):
        return financial_year_label(self.year)

    @property
    def invited(self):
        return len(self.suppliers)

    @property
    def answered(self):
        return sum(1 for supplier in self.suppliers if supplier.responded)

    @property
    def response_rate(self):
        return Decimal(self.answered) / self.invited if self.invited else Decimal(0)

    @property
    def publishable(self):
        return self.answered >= lm3.MINIMUM_RESPONDENTS and self.result is not None

    @property
    def sources(self):
        """ "awards", "payments" or both: where the list of suppliers came from."""
        return sorted({s.supplier_source for s in self.surveys})

    @property
    def area(self):
        names = sorted({s.area_name for s in self.surveys})
        return names[0] if len(names) == 1 else "the local area"

    @property
    def respend_note(self):
        return "; ".join(f"{s.anchor.title}: {s.assumption_note}" for s in self.surveys)

    def caveat(self, estimate=None):
        text = (
            f"Estimated from the answers of {self.answered} of {self.invited} suppliers "
            f"({percent(self.response_rate)}), who received {percent(self.result.spend_covered)} of the spend. "
            "We scaled their answers up by spend."
        )
        if estimate is not None:
            text += (
                f" The suppliers who answered reported {whole(estimate.low)} themselves; if the others did as much "
                f"for each pound as the supplier who did most, it would be {whole(estimate.high)}."
            )
        return text

    @property
    def lm3_statement(self):
        r = self.result
        return (
            f"Each £1 {self.name} spent with suppliers in {self.year_label} was worth an estimated "
            f"£{r.lm3.central:.2f} to the local economy (LM3), somewhere between £{r.lm3.low:.2f} and "
            f"£{r.lm3.high:.2f}."
        )


def respend_share(surveys, suppliers_by_survey):
    """Round 3's re-spend share: each survey's assumption, weighted by its spend when there are several."""
    spends = {x.pk: sum((s.spend for s in suppliers_by_survey[x.pk]), Decimal(0)) for x in surveys}
    total = sum(spends.values(), Decimal(0))
    if not total:
        return Decimal(0)
    return sum((x.local_respend_percent / 100 * spends[x.pk] for x in surveys), Decimal(0)) / total


def build(year, name, anchor, surveys, suppliers_by_survey):
    suppliers = [supplier for x in surveys for supplier in suppliers_by_survey[x.pk]]
    scope = Scope(year=year, name=name, anchor=anchor, surveys=surveys, suppliers=suppliers)
    scope.result = lm3.compute(suppliers, respend_share(surveys, suppliers_by_survey))
    if scope.publishable:
        for key, template in STATEMENTS:
            estimate = lm3.scaled_count(suppliers, key)
            text = template.format(who=name, n=whole(estimate.central), area=scope.area, year=scope.year_label)
            scope.statements.append(Statement(key, text, estimate))
    return scope


def scopes(year):
    """[partnership, each anchor with a survey that year], in a fixed number of queries."""
    surveys = list(Survey.objects.filter(year=year).select_related("anchor").order_by("anchor__title"))
    suppliers_by_survey = {x.pk: survey.lm3_suppliers([x]) for x in surveys}
    partnership_name = PortalSettings.load().brand_name or "the partnership"
    result = [build(year, partnership_name, None, surveys, suppliers_by_survey)]
    result += [build(year, x.anchor.title, x.anchor, [x], suppliers_by_survey) for x in surveys]
    return result


def years():
    return list(Survey.objects.order_by("-year").values_list("year", flat=True).distinct())


def csv_rows(scope):
    """The scope's published figures as CSV rows (none when it has too few answers)."""
    base = [scope.name, scope.year_label]
    counts = [scope.invited, scope.answered]
    if not scope.publishable:
        return [[*base, "not published: fewer than 5 suppliers answered", "", "", "", *counts, ""]]
    r = scope.result
    method = "scaled up by spend; low: non-respondents spent nothing locally; high: as the most local respondent"

    def row(figure, estimate, note):
        ends = (estimate.central, estimate.low, estimate.high)
        return [*base, figure, *(f"{value:.2f}" for value in ends), *counts, note]

    rows = [
        row("round 1: spend with suppliers (£)", lm3.Range(r.r1, r.r1, r.r1), f"from {' and '.join(scope.sources)}"),
        row("round 2: suppliers' local re-spend (£)", r.r2, method),
        row(
            "round 3: local re-spend by local staff and suppliers (£)",
            r.r3,
            f"round 2 times {percent(r.respend_share, 1)} (an assumption)",
        ),
        row("LM3", r.lm3, "(R1 + R2 + R3) / R1"),
    ]
    for statement in scope.statements:
        e = statement.estimate
        rows.append([*base, statement.key, f"{e.central:.0f}", f"{e.low:.0f}", f"{e.high:.0f}", *counts, method])
    return rows


__all__ = ["CSV_HEADER", "Scope", "build", "csv_rows", "pounds", "scopes", "years"]
