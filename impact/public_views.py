"""The published wider impact pages and CSV: aggregates only (see `impact.figures`)."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from . import figures
from .periods import financial_year_label


def partnership(request, year=None):
    years = figures.years()
    if year is None:
        if not years:
            return render(request, "impact/wider_impact.html", {"years": [], "scopes": []})
        return redirect("impact:partnership_year", year=years[0])
    if year not in years:
        raise Http404("We have no supplier survey for that year.")
    scopes = figures.scopes(year)
    context = {
        "years": [(y, financial_year_label(y)) for y in years],
        "year": year,
        "year_label": financial_year_label(year),
        "scope": scopes[0],
        "anchors": scopes[1:],
    }
    return render(request, "impact/wider_impact.html", context)


def anchor(request, year, anchor):
    scopes = figures.scopes(year)
    found = next((s for s in scopes[1:] if s.anchor.slug == anchor), None)
    if found is None:
        raise Http404("That organisation has no supplier survey for that year.")
    context = {"year": year, "year_label": financial_year_label(year), "scope": found, "anchors": []}
    return render(request, "impact/wider_impact_anchor.html", context)


def figures_csv(request, year):
    if year not in figures.years():
        raise Http404("We have no supplier survey for that year.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wider-impact-{year}.csv"'
    writer = csv.writer(response)
    writer.writerow(figures.CSV_HEADER)
    for scope in figures.scopes(year):
        writer.writerows(figures.csv_rows(scope))
    return response
