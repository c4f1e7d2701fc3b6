"""The local supplier directory: one query type, one search, and the counts built on it.

A search costs the same few queries whatever it asks: the count, the page of suppliers, and their CPV
codes and places (prefetched). Filters are indexed equalities (`findable`/`listed_publicly`, kind, size,
postcode district) and EXISTS subqueries on indexed tables (CPV division, places). Keywords use
PostgreSQL full-text search (a weighted vector with a GIN index, `websearch_to_tsquery`, so no input is
a syntax error); on SQLite every word must appear in the profile's text, enough for the local demo.
"""

import dataclasses
import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Q

from alerts.criteria import CPV_DIVISIONS
from portal import clock
from portal.models import Location

from .models import QuoteInvitation, Supplier, SupplierWork

# How far back "invited recently" looks, for fair rotation of quick-quote invitations.
ROTATION_DAYS = 90


@dataclasses.dataclass(frozen=True)
class DirectoryQuery:
    text: str = ""
    division: str = ""
    location: Location | None = None
    kinds: tuple = ()
    sizes: tuple = ()
    # True for everyone but signed-in buyers and primes: only suppliers who opted in to the public listing.
    public_only: bool = True

    @classmethod
    def from_form(cls, data, public_only):
        return cls(
            text=data.get("q", "").strip(),
            division=data.get("division", ""),
            location=data.get("location"),
            kinds=tuple(data.get("kind", ())),
            sizes=tuple(data.get("size", ())),
            public_only=public_only,
        )


def place_filter(location):
    """Works in this place, or is based in it (its postcode district is one of the place's districts).

    A region counts its local areas too. One query, for the local areas of a region.
    """
    areas = (
        [location, *Location.objects.filter(region=location)] if location.kind == Location.Kind.REGION else [location]
    )
    districts = {district for area in areas for district in area.district_list()}
    works_there = Exists(
        Supplier.locations.through.objects.filter(supplier=OuterRef("pk"), location__in=[area.pk for area in areas])
    )
    return works_there | Q(postcode_district__in=districts) if districts else works_there


def search(query):
    """Suppliers matching the query, best first (by relevance with keywords, by name without)."""
    suppliers = (
        Supplier.objects.filter(listed_publicly=True) if query.public_only else Supplier.objects.filter(findable=True)
    )
    if query.division:
        suppliers = suppliers.filter(
            Exists(SupplierWork.objects.filter(supplier=OuterRef("pk"), division=query.division))
        )
    if query.location is not None:
        suppliers = suppliers.filter(place_filter(query.location))
    if query.kinds:
        suppliers = suppliers.filter(kind__in=query.kinds)
    if query.sizes:
        suppliers = suppliers.filter(size__in=query.sizes)
    ordering = ["business_name", "pk"]
    if query.text:
        if connection.vendor == "postgresql":
            words = SearchQuery(query.text, config="english", search_type="websearch")
            suppliers = suppliers.filter(search_vector=words).annotate(rank=SearchRank(F("search_vector"), words))
            ordering = ["-rank", *ordering]
        else:
            for word in query.text.lower().split():
                suppliers = suppliers.filter(search_text__contains=word)
    # The search columns only serve matching; a page of results never reads them.
    return suppliers.order_by(*ordering).defer("search_text", "search_vector").prefetch_related("work", "locations")


def index_text(supplier):
    """Every word the keyword search looks at, lower case."""
    prefixes = [work.prefix for work in supplier.work.all()]
    labels = sorted({CPV_DIVISIONS.get(prefix[:2], "") for prefix in prefixes})
    parts = [supplier.business_name, supplier.description, *labels, supplier.certificates, supplier.kind]
    return " ".join(part for part in parts if part).lower()


def refresh_search(suppliers):
    """Rewrite the search text (and, on PostgreSQL, the weighted vector) of these suppliers."""
    suppliers = list(suppliers)
    for supplier in suppliers:
        supplier.search_text = index_text(supplier)
    Supplier.objects.bulk_update(suppliers, ["search_text"], batch_size=1000)
    if connection.vendor == "postgresql":
        Supplier.objects.filter(pk__in=[s.pk for s in suppliers]).update(
            search_vector=SearchVector("business_name", weight="A", config="english")
            + SearchVector("search_text", weight="B", config="english")
        )


def save_work(supplier, prefixes):
    """Replace what a supplier says it does with these CPV prefixes."""
    supplier.work.all().delete()
    SupplierWork.objects.bulk_create(
        [SupplierWork(supplier=supplier, prefix=prefix, division=prefix[:2]) for prefix in prefixes]
    )


def recent_invitations(organisation, supplier_ids, now=None):
    """{supplier id: (invitations from this organisation in the last ROTATION_DAYS, the latest)}, one query."""
    if organisation is None or not supplier_ids:
        return {}
    since = (now or clock.now()) - datetime.timedelta(days=ROTATION_DAYS)
    rows = (
        QuoteInvitation.objects.filter(organisation=organisation, supplier_id__in=supplier_ids, sent_at__gte=since)
        .values("supplier_id")
        .annotate(count=Count("pk"), latest=Max("sent_at"))
        .order_by()
    )
    return {row["supplier_id"]: (row["count"], row["latest"]) for row in rows}


@dataclasses.dataclass
class SectorSupply:
    division: str
    label: str
    suppliers: int


def market_supply(local_districts):
    """How many findable suppliers work in each CPV division; local ones only when the area is set.

    One query. Sectors with no supplier are listed too (with 0), because a gap is what a buyer needs to see.
    """
    work = SupplierWork.objects.filter(supplier__findable=True)
    if local_districts:
        work = work.filter(supplier__postcode_district__in=sorted(local_districts))
    counts = dict(
        work.values("division")
        .annotate(suppliers=Count("supplier", distinct=True))
        .values_list("division", "suppliers")
    )
    return [SectorSupply(code, label, counts.get(code, 0)) for code, label in CPV_DIVISIONS.items()]
