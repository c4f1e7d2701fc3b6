"""Insights at scale: 200,000 awards. Prints the partnership dashboard's server time through the full
Django stack (target: under 300 ms) and the time and peak Python memory to stream every OCDS release.

Opportunity pages are created through the page tree (few of them, as that is slow); lots and awards are
bulk-created, as the award table is what the dashboard aggregates. Run it on PostgreSQL for figures that
mean something: DATABASE_URL=postgres://... make bench-insights

Building takes minutes. To iterate, set BENCH_REUSE_DB=1: the first run keeps its database
(`bench_insights_<name>`), later runs reuse it and go straight to the timings. Drop it after changing the
generator or adding a migration that must fill tables from the awards.
"""

import datetime
import random
import resource
import statistics
import time
from decimal import Decimal

from bench._harness import bench_database, report, setup_django, time_requests

AWARDS = 200_000
ORGANISATIONS = 8
OPPORTUNITIES_PER_ORGANISATION = 50
LOTS_PER_OPPORTUNITY = 5
EXPORT_SIZE_MB = 69  # about what the export weighs; memory is sampled after each quarter of it


def build(progress=print):
    from insights.demo import LOCAL_SUPPLIERS, OTHER_SUPPLIERS, shipped_divisions
    from insights.models import InsightsPage
    from insights.summary import rebuild as rebuild_summary
    from opportunities.models import Award, Lot, OpportunityPage
    from portal.factories import OrganisationIndexPageFactory, OrganisationPageFactory
    from portal.models import PortalSettings
    from tests.conftest import ensure_home_page

    rng = random.Random(8)  # noqa: S311
    home = ensure_home_page()
    home.add_child(instance=InsightsPage(title="Where the money goes", slug="insights"))
    settings = PortalSettings.load()
    settings.local_postcode_districts = "PR1, PR2, PR3, PR4, PR5, BB1, BB2, BB3, BB4, LA1, LA2"
    settings.save()
    codes = list(shipped_divisions().values())
    buyers = OrganisationIndexPageFactory(parent=home)
    published = datetime.datetime(2024, 1, 1, 9, tzinfo=datetime.UTC)
    lots = []
    for o in range(ORGANISATIONS):
        organisation = OrganisationPageFactory(parent=buyers, title=f"Anchor {o}")
        for n in range(OPPORTUNITIES_PER_ORGANISATION):
            opportunity = OpportunityPage(
                title=f"Contract {o}-{n}",
                slug=f"contract-{o}-{n}",
                reference=f"BENCH-{o}-{n}",
                summary="We need a local firm to clean our offices three times a week.",
                stage="awarded",
                main_cpv=rng.choice(codes),
                published_date=published + datetime.timedelta(days=rng.randrange(700)),
            )
            opportunity.submission_deadline = opportunity.published_date + datetime.timedelta(
                days=rng.randrange(10, 45)
            )
            organisation.add_child(instance=opportunity)
            lots.extend(
                Lot(
                    opportunity=opportunity, number=k, title=f"Lot {k}", value_max=Decimal(rng.randrange(5, 500) * 1000)
                )
                for k in range(1, LOTS_PER_OPPORTUNITY + 1)
            )
        progress(f"  organisation {o + 1}/{ORGANISATIONS} created")
    lots = Lot.objects.bulk_create(lots)
    opportunities = ORGANISATIONS * OPPORTUNITIES_PER_ORGANISATION
    suppliers = LOCAL_SUPPLIERS + OTHER_SUPPLIERS
    start = datetime.date(2024, 1, 1)
    batch = []
    for i in range(AWARDS):
        name, number, postcode, size, kind = rng.choice(suppliers)
        batch.append(
            Award(
                lot=lots[i % len(lots)],
                supplier_name=name,
                supplier_number=number,
                supplier_postcode=postcode,
                supplier_size=size,
                supplier_type=kind,
                value=Decimal(rng.randrange(1000, 200_000)),
                # One award date per opportunity, as when all its lots are awarded together.
                award_date=start
                + datetime.timedelta(days=(i % len(lots)) // LOTS_PER_OPPORTUNITY * 730 // opportunities),
            )
        )
        if len(batch) == 10_000:
            promise(Award.objects.bulk_create(batch), rng)
            batch = []
            progress(f"  {i + 1:,} awards")
    promise(Award.objects.bulk_create(batch), rng)
    # Bulk inserts send no signals: rebuild the dashboard's summary as `manage.py refresh_insights` would.
    started = time.perf_counter()
    rebuild_summary()
    progress(f"  award summary rebuilt in {time.perf_counter() - started:.1f} s")


def promise(awards, rng):
    """Social value commitments for about two awards in three, as the demo has (bulk-created too)."""
    from impact.catalogue import APPRENTICESHIPS, LOCAL_JOBS, ensure_core_measures
    from impact.models import Commitment

    measures = ensure_core_measures()
    rows = []
    for award in awards:
        for code, most in ((LOCAL_JOBS, 3), (APPRENTICESHIPS, 2)):
            if quantity := rng.randrange(most):
                rows.append(Commitment(award=award, measure=measures[code], quantity=quantity))
    Commitment.objects.bulk_create(rows)


def current_rss_mb():
    """Resident memory now (Linux), unlike ru_maxrss, which only ever grows."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1e6


def consume_bulk_export(client):
    """Read the streamed export; return its size and the resident memory after each quarter of it."""
    response = client.get("/api/ocds/releases/all.json")
    assert response.status_code == 200
    size, samples = 0, []
    for chunk in response.streaming_content:
        size += len(chunk)
        if len(samples) < 3 and size >= (len(samples) + 1) * EXPORT_SIZE_MB * 1e6 / 4:
            samples.append(current_rss_mb())
    return size, [*samples, current_rss_mb()]


def summary_refresh_times():
    """What keeping the dashboard's summary in step costs: a full rebuild, and one buyer after a change."""
    from insights.summary import mark_stale, rebuild, refresh_stale
    from portal.models import OrganisationPage

    started = time.perf_counter()
    rebuild()
    print(f"award summary: full rebuild (refresh_insights) {time.perf_counter() - started:.2f} s", flush=True)
    buyer = OrganisationPage.objects.order_by("pk").first()
    times = []
    for _ in range(5):
        started = time.perf_counter()
        mark_stale([buyer.pk])  # outside a transaction the (immediate) task runs here
        refresh_stale()
        times.append((time.perf_counter() - started) * 1000)
    print(f"award summary: refreshing one buyer after a change p50={statistics.median(times):.0f} ms", flush=True)


def build_or_reuse():
    from django.db import connection

    from opportunities.models import Award

    if Award.objects.count() == AWARDS:
        print("reusing the kept benchmark database (BENCH_REUSE_DB=1)", flush=True)
        return
    if Award.objects.exists():
        raise SystemExit("bench insights: the kept database holds an unfinished build; drop it and run again.")
    started = time.perf_counter()
    build()
    print(f"built {AWARDS:,} awards in {time.perf_counter() - started:.0f} s on {connection.vendor}", flush=True)


def main():
    setup_django()
    from django.db import connection
    from django.test import Client

    with bench_database("insights"):
        build_or_reuse()
        summary_refresh_times()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would after a bulk load; stale statistics mislead the planner
        client = Client()
        report("insights dashboard, whole partnership", *time_requests(client, ["/insights/"] * 20))
        report(
            "insights dashboard, one anchor and a year",
            *time_requests(client, ["/insights/?anchor=anchor-0&start=2024-Q1&end=2024-Q4"] * 20),
        )
        report("insights CSV by quarter", *time_requests(client, ["/insights/data/by-quarter.csv"] * 10))

        rss_before, peak_before = current_rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        size, samples = consume_bulk_export(client)
        seconds = time.perf_counter() - started
        peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            f"OCDS bulk export: {size / 1e6:.1f} MB in {seconds:.1f} s; resident memory {rss_before:.0f} MB before, "
            f"{', '.join(f'{sample:.0f}' for sample in samples)} MB after each quarter (flat = constant memory); "
            f"peak grew by {(peak_after - peak_before) / 1024:.1f} MB",
            flush=True,
        )
        times = []
        for _ in range(5):
            started = time.perf_counter()
            assert client.get("/api/ocds/releases/").status_code == 200
            times.append((time.perf_counter() - started) * 1000)
        print(f"OCDS release package, first page: p50={statistics.median(times):.0f} ms", flush=True)
