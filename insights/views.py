"""Routes that are not pages: CSV downloads of the dashboard tables, and the OCDS API."""

import csv
import json

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .dashboard import Dashboard
from .ocds import api
from .ocds.records import compile_record
from .ocds.releases import (
    in_batches,
    load_lots_and_awards,
    package_metadata,
    prefix,
    published_opportunities,
    releases_for,
    within_budget,
)

PAGE_SIZE = 100  # contracting processes per page of the releases API, fewer when they have many awards


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streamed response."""

    def write(self, value):
        return value


@require_GET
def table_csv(request, slug):
    if slug not in Dashboard.TABLES:
        raise Http404("No such table")
    dashboard = Dashboard(request.GET)
    if not dashboard.valid:
        messages = [error for errors in dashboard.form.errors.values() for error in errors]
        return HttpResponse(" ".join(messages), status=400, content_type="text/plain; charset=utf-8")
    table = dashboard.table(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insights-{slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(table.headers)
    writer.writerows(["" if cell is None else cell for cell in row] for row in table.data)
    return response


def _bad_request(error):
    return JsonResponse({"error": str(error)}, status=400)


@require_GET
def release_package(request):
    """A page of releases, oldest contracting process first, with a `links.next` cursor."""
    try:
        start, end = api.date_range(request.GET)
        after = api.read_cursor(request.GET)
    except api.BadRequest as error:
        return _bad_request(error)
    opportunities = published_opportunities().filter(api.touched_between(start, end))
    if after is not None:
        opportunities = opportunities.filter(pk__gt=after)
    candidates = list(opportunities[: PAGE_SIZE + 1])
    page = load_lots_and_awards(within_budget(candidates[:PAGE_SIZE]))
    releases = [
        item for opportunity in page for item in releases_for(opportunity) if api.release_in_range(item, start, end)
    ]
    package = {**package_metadata(request.build_absolute_uri()), "releases": releases}
    if len(page) < len(candidates):
        params = request.GET.copy()
        params["cursor"] = api.make_cursor(page[-1].pk)
        package["links"] = {
            "next": request.build_absolute_uri(f"{reverse('insights:ocds-releases')}?{params.urlencode()}")
        }
    return JsonResponse(package, json_dumps_params={"ensure_ascii": False})


def _opportunity_for_ocid(ocid):
    queryset = published_opportunities()
    found = queryset.filter(ocds_identity__ocid=ocid).first()
    if found is not None:
        return found
    own = f"{prefix()}-"
    if ocid.startswith(own) and ocid[len(own) :].isdigit():
        return queryset.filter(pk=int(ocid[len(own) :]), ocds_identity__isnull=True).first()
    return None


@require_GET
def record_package(request, ocid):
    opportunity = _opportunity_for_ocid(ocid)
    if opportunity is None:
        return JsonResponse({"error": f"We have no contracting process with the ocid '{ocid}'."}, status=404)
    load_lots_and_awards([opportunity])
    package = {**package_metadata(request.build_absolute_uri()), "records": [compile_record(releases_for(opportunity))]}
    return JsonResponse(package, json_dumps_params={"ensure_ascii": False})


def stream_all_releases(uri):
    """The whole release package as JSON text, one release at a time.

    Opportunities come from a database cursor and their lots and awards are loaded in batches of a bounded
    number of awards, so memory stays flat however many opportunities there are.
    """
    header = json.dumps(package_metadata(uri), ensure_ascii=False)
    yield header[:-1] + ', "releases": ['
    first = True
    for opportunity in in_batches(published_opportunities().iterator(chunk_size=500)):
        for item in releases_for(opportunity):
            yield ("" if first else ",") + json.dumps(item, ensure_ascii=False)
            first = False
    yield "]}"


@require_GET
def bulk_releases(request):
    response = StreamingHttpResponse(
        stream_all_releases(request.build_absolute_uri()), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="ocds-releases.json"'
    return response
