"""One analysis page's worth of figures: who it covers, which years, and every table, chart and map.

The view decides who may see what (spend.access); this module turns that scope into tables. A table is the
single source for its chart, its HTML table and its CSV download, so the three always agree.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Exists, OuterRef

from portal.models import OrganisationPage
from portal.reporting import Table, bar_chart

from . import figures, maps, places
from .models import PaymentFile, SpendSummary, year_label


class YearsForm(forms.Form):
    """?year=2024&baseline=2022: the update year and the baseline year, from those with figures."""

    year = forms.TypedChoiceField(label="Update year", coerce=int, required=False)
    baseline = forms.TypedChoiceField(label="Baseline year", coerce=int, required=False, empty_value=None)

    def __init__(self, data, years):
        super().__init__(data)
        choices = [(str(y), year_label(y)) for y in sorted(years, reverse=True)]
        self.fields["year"].choices = choices
        self.fields["year"].error_messages["invalid_choice"] = "Choose an update year from the list."
        self.fields["baseline"].choices = [("", "No baseline"), *choices]
        self.fields["baseline"].error_messages["invalid_choice"] = "Choose a baseline year from the list."

    def clean(self):
        cleaned = super().clean()
        year, baseline = cleaned.get("year"), cleaned.get("baseline")
        if year and baseline and baseline >= year:
            self.add_error("baseline", "The baseline year must be before the update year.")
        return cleaned


def years_by_anchor():
    """{anchor id: {years with figures}}.

    Payments only come in through files, so each file's anchor and year is a candidate, and an index look-up
    in the summary keeps those with figures: a few file rows are read rather than the whole summary.
    """
    found = {}
    pairs = (
        PaymentFile.objects.filter(
            Exists(SpendSummary.objects.filter(anchor_id=OuterRef("anchor_id"), year=OuterRef("year")))
        )
        .values_list("anchor_id", "year")
        .distinct()
        .order_by()
    )
    for anchor_id, year in pairs:
        found.setdefault(anchor_id, set()).add(year)
    return found


def years_with_figures(anchor_ids):
    by_anchor = years_by_anchor()
    return sorted({year for anchor_id in anchor_ids for year in by_anchor.get(anchor_id, ())})


@dataclass
class Section:
    table: Table
    chart: object = None
    map: dict = None


def build(anchor_ids, params, detail):
    """The page context for these anchors, or a form with errors (status 400 in the view)."""
    years = years_with_figures(anchor_ids)
    form = YearsForm(params, years)
    context = {"form": form, "years": years, "detail": detail, "sections": []}
    if not years:
        return context
    if not form.is_valid():
        context["form_invalid"] = True
        return context
    update = form.cleaned_data.get("year") or years[-1]
    baseline = form.cleaned_data.get("baseline")
    if baseline is None and "baseline" not in params and len(years) > 1:
        baseline = years[0]
    analysis = figures.Analysis(anchor_ids, update, baseline)
    context.update(tables(analysis, detail))
    context["analysis"] = analysis
    context["selected"] = {"year": str(update), "baseline": str(analysis.baseline or "")}
    context["update_label"] = year_label(update)
    context["baseline_label"] = year_label(analysis.baseline) if analysis.baseline else ""
    return context


def tables(analysis, detail):
    headlines = analysis.headlines()
    by_place = analysis.by_place()
    by_sector = analysis.by_sector()
    by_area = analysis.by_area()
    update = analysis.update
    headline = figures.headline_table(analysis, headlines)
    place = figures.place_table(analysis, by_place, headlines)
    sector = figures.sector_table(analysis, by_sector)
    leakage = figures.leakage_table(analysis, by_sector, analysis.local_suppliers_by_sector())
    area = figures.area_table(analysis, by_area)
    exclusion = figures.exclusion_table(analysis, analysis.exclusions())
    influenceable = headlines[update].influenceable
    sections = [
        Section(
            place,
            bar_chart(
                "places",
                f"Where influenceable spend went in {year_label(update)}",
                "Bars show each place's share of influenceable spend. The table below gives the figures.",
                [
                    (
                        places.PLACE_LABELS[p],
                        by_place.get((update, p)),
                        figures.percent_text(figures.percent(by_place.get((update, p)), influenceable)),
                    )
                    for p in places.PLACES
                ],
            ),
        ),
        Section(
            area,
            map=maps.area_map(by_area, analysis.places, figures.pounds),
        ),
        Section(
            sector,
            bar_chart(
                "sectors",
                f"Influenceable spend by sector in {year_label(update)}",
                "Bars show the spend in each sector. The table below gives the figures.",
                [(row[0], row[len(analysis.years)], figures.pounds(row[len(analysis.years)])) for row in sector.data],
            ),
        ),
        Section(
            leakage,
            bar_chart(
                "leakage",
                f"Spend leaving the local area in {year_label(update)}, by sector",
                "Bars show the influenceable spend with suppliers outside the local area in each sector. "
                "The table below also gives the number of local suppliers we know of in each sector.",
                [(row[0], row[1], figures.pounds(row[1])) for row in leakage.data],
            ),
        ),
        Section(exclusion),
    ]
    if detail:
        sections.append(Section(figures.supplier_table(analysis, analysis.top_suppliers())))
    return {"headline": headline, "headlines": headlines, "sections": sections}


def table_by_slug(context, slug):
    if slug == "headline":
        return context.get("headline")
    return next((s.table for s in context.get("sections", []) if s.table.slug == slug), None)


def anchors_named(anchor_ids):
    return list(OrganisationPage.objects.filter(pk__in=anchor_ids).order_by("title").only("pk", "title", "slug"))
