"""Supplier directory: searches by a signed-in buyer through the full stack, at 20,000 suppliers.

Target: p95 ≤ 50 ms on PostgreSQL (set DATABASE_URL). Each supplier does one to three types of work,
a third name places they work in, and they are spread over 60 postcode districts; searches mix words,
CPV divisions, places, kinds and sizes, and include the first page and a later page.
"""

import random
import time

from bench._harness import bench_database, report, setup_django, time_requests

SUPPLIERS = 20_000
WORDS = [
    "catering", "cleaning", "buffets", "school meals", "grounds", "gardening", "electrical", "plumbing",
    "roofing", "printing", "web design", "IT support", "training", "care", "transport", "security",
    "bakery", "furniture", "painting", "joinery", "laundry", "events", "coffee", "recycling",
]  # fmt: skip
DIVISIONS = ["15", "30", "45", "48", "50", "55", "60", "72", "77", "79", "80", "85", "90", "92", "98"]
DISTRICTS = [f"{area}{n}" for area in ("PR", "BB", "LA", "M", "L", "BL") for n in range(1, 11)]


def build(progress=print):
    from portal.models import Location
    from portal.suppliers import SupplierKind, SupplierSize
    from suppliers.directory import refresh_search
    from suppliers.models import Supplier, SupplierWork

    rng = random.Random(19)
    region = Location.objects.create(name="North West", slug="tld", kind=Location.Kind.REGION, itl_code="TLD")
    places = [
        Location.objects.create(
            name="Northshire", slug="northshire", region=region, postcode_districts="PR1, PR2, PR3"
        ),
        Location.objects.create(name="Westmoor", slug="westmoor", region=region, postcode_districts="BB1, BB2"),
        Location.objects.create(name="Riverside", slug="riverside", region=region, postcode_districts="LA1, LA2"),
    ]
    kinds, sizes = SupplierKind.values, SupplierSize.values
    started = time.perf_counter()
    for start in range(0, SUPPLIERS, 5000):
        batch = []
        for i in range(start, min(start + 5000, SUPPLIERS)):
            district = rng.choice(DISTRICTS)
            words = rng.sample(WORDS, 3)
            batch.append(
                Supplier(
                    email=f"supplier{i}@example.com",
                    business_name=f"{words[0].title()} {i} Ltd",
                    postcode=f"{district} {rng.randrange(1, 9)}AB",
                    postcode_district=district,
                    size=rng.choice(sizes),
                    kind=rng.choice(kinds),
                    description=f"We do {words[0]}, {words[1]} and {words[2]} for public bodies and businesses.",
                    findable=rng.random() < 0.95,
                    listed_publicly=rng.random() < 0.4,
                )
            )
        created = Supplier.objects.bulk_create(batch)
        work, through = [], []
        for supplier in created:
            for division in rng.sample(DIVISIONS, rng.randrange(1, 4)):
                work.append(SupplierWork(supplier=supplier, prefix=division, division=division))
            if rng.random() < 0.33:
                through.append(Supplier.locations.through(supplier=supplier, location=rng.choice(places)))
        SupplierWork.objects.bulk_create(work)
        Supplier.locations.through.objects.bulk_create(through)
        refresh_search(Supplier.objects.filter(pk__in=[s.pk for s in created]).prefetch_related("work"))
        progress(f"  {start + len(batch):,} suppliers")
    progress(f"built in {time.perf_counter() - started:.0f} s")


def invite_some(organisation):
    """The bench buyer has asked 600 of the first 3,000 suppliers by name for quotes, a third of them over
    90 days ago, so pages show the fair-rotation tags."""
    import datetime

    from portal import clock
    from suppliers.models import QuoteInvitation, QuoteRequest, Supplier

    if QuoteRequest.objects.filter(organisation=organisation).exists():
        return
    rng = random.Random(90)
    now = clock.now()
    suppliers = rng.sample(list(Supplier.objects.order_by("business_name", "pk")[:3000]), 600)
    for start in range(0, 600, 20):
        sent_at = now - datetime.timedelta(days=rng.randrange(1, 135))
        request = QuoteRequest.objects.create(
            organisation=organisation, title="Bench quote", message="A bench quote.", reply_by=now.date()
        )
        QuoteInvitation.objects.bulk_create(
            QuoteInvitation(
                request=request,
                organisation=organisation,
                supplier=supplier,
                business_name=supplier.business_name,
                sent_at=sent_at,
            )
            for supplier in suppliers[start : start + 20]
        )


def urls():
    queries = [
        "/suppliers/",
        "/suppliers/?division=55",
        "/suppliers/?q=catering",
        "/suppliers/?q=catering&location=northshire",
        "/suppliers/?q=school+meals&division=55&location=tld",
        "/suppliers/?division=90&location=westmoor&kind=coop&kind=social_enterprise",
        "/suppliers/?size=micro&size=small&location=riverside",
        "/suppliers/?q=web+design+IT&kind=coop",
        "/suppliers/?division=45&page=5",
        "/suppliers/?q=nothing+matches+this",
    ]
    return queries * 10


def main():
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from portal.factories import OrganisationIndexPageFactory, OrganisationPageFactory, UserFactory
    from portal.models import OrganisationIndexPage, OrganisationPage
    from suppliers.models import Supplier
    from tests.conftest import ensure_home_page

    with bench_database("suppliers"):
        built = not Supplier.objects.exists()
        if built:
            build()
        home = ensure_home_page()
        index = OrganisationIndexPage.objects.first() or OrganisationIndexPageFactory(parent=home)
        # One bench buyer, kept with the database: a new one each run would clash with the last run's slug.
        organisation = OrganisationPage.objects.filter(slug="bench-buyers").first() or OrganisationPageFactory(
            parent=index, title="Bench buyers", slug="bench-buyers"
        )
        buyer = get_user_model().objects.filter(username="bench-buyer").first() or UserFactory(username="bench-buyer")
        buyer.groups.add(organisation.buyers_group)
        invite_some(organisation)
        if connection.vendor == "postgresql":
            # The bulk build writes every row three times (insert, search text, vector); a live table is kept
            # compact, its statistics fresh and its visibility map set (so a count can read only an index) by
            # autovacuum, which this stands in for. VACUUM FULL leaves the visibility map empty: VACUUM sets it.
            with connection.cursor() as cursor:
                if built:
                    cursor.execute("VACUUM FULL suppliers_supplier")
                cursor.execute("VACUUM ANALYZE")
        print(f"{Supplier.objects.count():,} suppliers on {connection.vendor}", flush=True)
        client = Client()
        client.force_login(buyer)
        report("directory search, signed-in buyer", *time_requests(client, urls()))
        report("public directory", *time_requests(Client(), urls()[:30]))
