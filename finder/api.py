"""A read-only JSON API of published opportunities and their lots, with the finder's filters and paging."""

from django.http import JsonResponse
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET

from .views import run_search


def lot_json(lot):
    return {
        "number": lot.number,
        "title": lot.title,
        "value_min": str(lot.value_min) if lot.value_min is not None else None,
        "value_max": str(lot.value) if lot.value is not None else None,
        "suitable_for_sme": lot.suitable_for_sme,
        "suitable_for_vcse": lot.suitable_for_vcse,
        "reserved": lot.reserved or None,
    }


def opportunity_json(hit, request):
    return {
        "id": hit.opportunity_id,
        # "opportunity", or "subcontract" (a prime's, with its headline; its id is below 0)
        "kind": hit.source or "opportunity",
        "headline": hit.headline or None,
        "title": hit.title,
        "url": request.build_absolute_uri(hit.url),
        "reference": hit.reference,
        "buyer": {"name": hit.buyer_name, "slug": hit.buyer_slug},
        "summary": strip_tags(hit.summary_html),
        "stage": hit.stage,
        "procedure": hit.procedure,
        "published": hit.published_date.isoformat() if hit.published_date else None,
        "submission_deadline": hit.submission_deadline.isoformat() if hit.submission_deadline else None,
        "lot_count": hit.lot_count,
        "matching_lots": [lot_json(lot) for lot in hit.lots],
    }


def page_link(request, number):
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@require_GET
def opportunities(request):
    """GET /api/opportunities/?<finder parameters>: one page of opportunities with their matching lots."""
    _, results, notices = run_search(request.GET)
    page = results.query.page
    return JsonResponse(
        {
            "count": results.total_opportunities,
            "lot_count": results.total_lots,
            "page": page,
            "pages": results.pages,
            "next": page_link(request, page + 1) if page < results.pages else None,
            "previous": page_link(request, page - 1) if page > 1 else None,
            "notices": notices,
            "results": [opportunity_json(hit, request) for hit in results.hits],
        },
        json_dumps_params={"ensure_ascii": False},
    )
