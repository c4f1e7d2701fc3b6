"""The directory: searched by buyers and primes, listed publicly for suppliers who opted in, embeddable
by business groups, and summed up as market supply by sector."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from events.models import Partner
from portal.headers import embeddable
from portal.models import PortalSettings

from .. import access
from ..directory import DirectoryQuery, market_supply, recent_invitations, search, with_rotation, work_labels
from ..forms import DirectoryForm
from ..models import Supplier
from .common import private

PER_PAGE = 20


class DirectoryPaginator(Paginator):
    """Always reads the page, even an empty one, so every search costs the same queries.

    (Django's Paginator skips the query when there are no results.) The page is the same: out-of-range
    numbers become the last page, and slicing past the end reads what is there.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(list(self.object_list[bottom : bottom + self.per_page]), number, self)


def directory(request):
    organisation = access.buyer_organisation(request.user)
    full = access.can_search_directory(request, organisation)
    form = DirectoryForm(request.GET or None)
    searched = form.is_bound
    if searched and not form.is_valid():
        context = {"form": form, "full": full, "organisation": organisation, "searched": True}
        return render(request, "suppliers/directory.html", context, status=400)
    data = form.cleaned_data if searched else {}
    suppliers = search(DirectoryQuery.from_form(data, public_only=not full), places=form.places)
    if organisation:
        suppliers = with_rotation(suppliers, organisation)
    page = DirectoryPaginator(suppliers, PER_PAGE).get_page(request.GET.get("page"))
    for supplier in page:
        supplier.work_labels = work_labels(supplier.prefixes.split() if supplier.prefixes else [])
        supplier.recent = (
            (supplier.recent_count, supplier.recent_latest) if organisation and supplier.recent_count else None
        )
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
