"""The analysis pages: /spend/ for the partnership and /spend/<anchor>/ for each anchor, with CSVs.

Thin views: spend.access says who sees what, spend.analysis builds the figures. An anchor whose figures
the visitor may not see is not found (404), so nothing is revealed about it.
"""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from portal.models import OrganisationPage

from . import access, analysis


def _anchors_with_figures():
    return set(analysis.years_by_anchor())


def _partnership_scope(request):
    """(anchor ids, detail): every anchor for partnership analysts, else those that publish."""
    with_figures = _anchors_with_figures()
    if access.sees_every_anchor(request.user):
        return with_figures, True
    return with_figures & access.public_anchor_ids(), False


def _anchor_scope(request, slug):
    anchor = get_object_or_404(OrganisationPage, slug=slug)
    if access.can_see_detail(request.user, anchor):
        return anchor, True
    if anchor.pk in access.public_anchor_ids():
        return anchor, False
    raise Http404("No spend figures for this organisation")


def _render(request, anchor, anchor_ids, detail):
    context = analysis.build(anchor_ids, request.GET, detail)
    context.update(
        anchor=anchor,
        scope_name=anchor.title if anchor else "The whole partnership",
        anchors=analysis.anchors_named(anchor_ids) if anchor is None else [],
        own_anchors=analysis.anchors_named(access.analysed_anchor_ids(request.user) & _anchors_with_figures())
        if not detail or anchor is not None
        else [],
        query_string=request.GET.urlencode(),
    )
    status = 400 if context.get("form_invalid") else 200
    return render(request, "spend/analysis.html", context, status=status)


@require_GET
def partnership(request):
    anchor_ids, detail = _partnership_scope(request)
    return _render(request, None, anchor_ids, detail)


@require_GET
def anchor_page(request, slug):
    anchor, detail = _anchor_scope(request, slug)
    return _render(request, anchor, {anchor.pk}, detail)


@require_GET
def table_csv(request, table, slug=None):
    if slug is None:
        anchor_ids, detail = _partnership_scope(request)
    else:
        anchor, detail = _anchor_scope(request, slug)
        anchor_ids = {anchor.pk}
    context = analysis.build(anchor_ids, request.GET, detail)
    if context.get("form_invalid"):
        messages = [error for errors in context["form"].errors.values() for error in errors]
        return HttpResponse(" ".join(messages), status=400, content_type="text/plain; charset=utf-8")
    found = analysis.table_by_slug(context, table)
    if found is None:
        raise Http404("No such table")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="spend-{slug or "partnership"}-{table}.csv"'
    writer = csv.writer(response)
    writer.writerow(found.headers)
    writer.writerows(["" if cell is None else cell for cell in row] for row in found.data)
    return response
