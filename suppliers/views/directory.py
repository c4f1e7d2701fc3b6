"""The directory: searched by buyers and primes, listed publicly for suppliers who opted in, embeddable
by business groups, and summed up as market supply by sector."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from events.models import Partner
from portal.headers import embeddable
from portal.models import PortalSettings

from .. import access
from ..directory import DirectoryQuery, market_supply, recent_invitations, search
from ..forms import DirectoryForm
from ..models import Supplier
from .common import private

PER_PAGE = 20


def directory(request):
    organisation = access.buyer_organisation(request.user)
    full = access.can_search_directory(request, organisation)
    form = DirectoryForm(request.GET or None)
    searched = form.is_bound
    if searched and not form.is_valid():
        context = {"form": form, "full": full, "organisation": organisation, "searched": True}
        return render(request, "suppliers/directory.html", context, status=400)
    data = form.cleaned_data if searched else {}
    suppliers = search(DirectoryQuery.from_form(data, public_only=not full))
    page = Paginator(suppliers, PER_PAGE).get_page(request.GET.get("page"))
    rotation = recent_invitations(organisation, [s.pk for s in page]) if organisation else {}
    for supplier in page:
        supplier.recent = rotation.get(supplier.pk)
    context = {
        "form": form,
        "page": page,
        "full": full,
        "organisation": organisation,
        "searched": searched,
        "query_string": query_without_page(request.GET),
    }
    response = render(request, "suppliers/directory.html", context)
    return private(response) if full else response


def query_without_page(params):
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def supplier_detail(request, supplier_id):
    organisation = access.buyer_organisation(request.user)
    full = access.can_search_directory(request, organisation)
    visible = Supplier.objects.filter(findable=True) if full else Supplier.objects.filter(listed_publicly=True)
    supplier = get_object_or_404(visible.prefetch_related("work", "locations", "partners"), pk=supplier_id)
    recent = recent_invitations(organisation, [supplier.pk]).get(supplier.pk) if organisation else None
    context = {"supplier": supplier, "full": full, "organisation": organisation, "recent": recent}
    response = render(request, "suppliers/supplier_detail.html", context)
    return private(response) if full else response


@embeddable
def embed(request):
    """A chamber's or FSB branch's members who opted in to the public listing, for an iframe on its website."""
    partner = get_object_or_404(Partner, slug=request.GET.get("partner", "")[:60])
    suppliers = (
        Supplier.objects.filter(listed_publicly=True, partners=partner)
        .prefetch_related("work")
        .order_by("business_name", "pk")[:100]
    )
    return render(request, "suppliers/embed.html", {"partner": partner, "suppliers": suppliers})


def market(request):
    local = PortalSettings.load(request_or_site=request).local_districts()
    sectors = market_supply(local)
    context = {
        "sectors": sorted(sectors, key=lambda sector: (-sector.suppliers, sector.label)),
        "local": sorted(local),
    }
    return render(request, "suppliers/market.html", context)
