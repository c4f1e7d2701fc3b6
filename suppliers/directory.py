"""The local supplier directory: one query type, one search, and the counts built on it.

A search costs the same queries whatever it asks: the places (for the form and for a region's areas),
the count, and the page of suppliers, which carries each one's CPV codes and, for a buyer, its recent
invitations as subqueries. Filters are indexed equalities (`findable`/`listed_publicly`, kind, size,
postcode district; partial indexes in name order cover them, so a count reads only the index) and EXISTS
subqueries on indexed tables (CPV division, places). Keywords use PostgreSQL full-text search (a weighted
vector with a GIN index, `websearch_to_tsquery`, so no input is a syntax error); on SQLite every word
must appear in the profile's text, enough for the local demo.
"""

import dataclasses
import datetime

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Aggregate, CharField, Count, Exists, F, IntegerField, Max, OuterRef, Q, Subquery

from alerts.criteria import CPV_DIVISIONS, cpv_label
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


def place_filter(location, places=None):
    """Works in this place, or is based in it (its postcode district is one of the place's districts).

    A region counts its local areas too: found in `places` (every location, as the directory form loads
    them) when given, else with one query.
    """
    if location.kind != Location.Kind.REGION:
        areas = [location]
    elif places is not None:
        areas = [location, *(place for place in places if place.region_id == location.pk)]
    else:
        areas = [location, *Location.objects.filter(region=location)]
    districts = {district for area in areas for district in area.district_list()}
    works_there = Exists(
        Supplier.locations.through.objects.filter(supplier=OuterRef("pk"), location__in=[area.pk for area in areas])
    )
    return works_there | Q(postcode_district__in=districts) if districts else works_there


class GroupConcat(Aggregate):
    """SQLite's GROUP_CONCAT with a space between values (the demo's stand-in for STRING_AGG)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ' ')"
    output_field = CharField()


def work_prefixes():
    """A subquery for a supplier's CPV prefixes, space-separated in the order given, so a page needs no
    second query for them."""
    joined = StringAgg("prefix", " ", order_by="pk") if connection.vendor == "postgresql" else GroupConcat("prefix")
    work = SupplierWork.objects.filter(supplier=OuterRef("pk")).order_by().values("supplier").annotate(joined=joined)
    return Subquery(work.values("joined"), output_field=CharField())


def search(query, places=None):
    """Suppliers matching the query, best first (by relevance with keywords, by name without).

    Each carries `prefixes` (its CPV codes, space-separated). `places` is every location, if the caller
    has them, so a region's areas need no query.
    """
    suppliers = (
        Supplier.objects.filter(listed_publicly=True) if query.public_only else Supplier.objects.filter(findable=True)
    )
    if query.division:
        suppliers = suppliers.filter(
            Exists(SupplierWork.objects.filter(supplier=OuterRef("pk"), division=query.division))
        )
    if query.location is not None:
        suppliers = suppliers.filter(place_filter(query.location, places))
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
    return suppliers.order_by(*ordering).defer("search_text", "search_vector").annotate(prefixes=work_prefixes())


def with_rotation(suppliers, organisation, now=None):
    """Add `recent_count` and `recent_latest` (this organisation's invitations to each supplier in the last
    ROTATION_DAYS) as subqueries on the rotation index: what `recent_invitations` answers, in the same query."""
    since = (now or clock.now()) - datetime.timedelta(days=ROTATION_DAYS)
    sent = (
        QuoteInvitation.objects.filter(organisation=organisation, supplier=OuterRef("pk"), sent_at__gte=since)
        .order_by()
        .values("supplier")
    )
    return suppliers.annotate(
        recent_count=Subquery(sent.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        recent_latest=Subquery(sent.annotate(latest=Max("sent_at")).values("latest")),
    )


def work_labels(prefixes):
    """'CPV 55 Hotel, catering and retail services; CPV 5552 (Hotel, catering and retail services)'."""
    return "; ".join(cpv_label(prefix) for prefix in prefixes) or "Not given"


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
