"""Spend analysis at scale. Targets: import 1,000,000 payment lines in 60 s or less with flat memory; the
analysis pages at 5 anchors x 3 years x 1,000,000 lines with p95 of 300 ms or less and constant queries.

1. Import: writes a 1,000,000-line Transparency Code CSV (20,000 suppliers, spelled several ways) and
   imports it through `spend.importer.import_payments`, sampling resident memory as it goes.
2. Pages: fills the other anchor-years straight from SQL (copies of the imported lines with shifted
   anchors and years: building 15 million lines through the importer would take a quarter of an hour and
   measure nothing new), rebuilds the summary, then times the pages. The pages read only the summary,
   about one row per anchor, year and supplier, so their timings depend on the 20,000 suppliers rather
   than on the number of lines: a run at SPEND_BENCH_LINES=100000 (19,852 suppliers) reads as many rows.

Set SPEND_BENCH_LINES to scale the file down on a small machine (the report says what it ran).
Run on PostgreSQL: DATABASE_URL=postgres://... make bench-spend
"""

import os
import random
import resource
import tempfile
import time

from bench._harness import bench_database, report, setup_django, time_requests

LINES = int(os.environ.get("SPEND_BENCH_LINES", "1000000"))
ANCHORS = 5
YEARS = (2022, 2023, 2024)
SUPPLIERS = 20_000
DISTRICTS = ["PR1", "PR2", "BB1", "M1", "LS1", "B1", "EC1A", "SW1A", "G1", "CF10", "BS1", "NE1"]
EXPENSES = ["Building Repairs", "Cleaning Services", "ICT Software", "Catering", "PAYE and NI", "Grants"]


def current_rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1e6


def write_file(path):
    rng = random.Random(17)
    names = [f"Supplier {n:05d}" for n in range(SUPPLIERS)]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("Body Name,Date,Transaction Number,Net Amount,Supplier Name,Supplier Postcode,Expense Type\n")
        for line in range(LINES):
            n = rng.randrange(SUPPLIERS)
            spelling = names[n] + rng.choice([" Ltd", " Limited", " LTD.", ""])
            amount = rng.randrange(500, 90_000) / 100 * 10
            postcode = f"{DISTRICTS[n % len(DISTRICTS)]} {n % 9}AB"
            day = f"{1 + line % 28:02d}/{4 + line % 9:02d}/2024"
            handle.write(f'Anchor 0,{day},{line},"{amount:,.2f}",{spelling},{postcode},{EXPENSES[n % 6]}\n')


def build(progress=print):
    from portal.factories import OrganisationIndexPageFactory, OrganisationPageFactory
    from portal.models import PortalSettings
    from spend.access import ensure_partnership_analysts
    from spend.importer import import_payments
    from spend.models import AnchorSpendSettings
    from spend.reading import guess_columns, read_headings
    from spend.uploads import receive, remember_mapping
    from tests.conftest import ensure_home_page

    home = ensure_home_page()
    settings = PortalSettings.load()
    settings.local_postcode_districts = "PR1, PR2, BB1"
    settings.save()
    buyers = OrganisationIndexPageFactory(parent=home)
    anchors = [OrganisationPageFactory(parent=buyers, title=f"Anchor {a}", slug=f"anchor-{a}") for a in range(ANCHORS)]
    for anchor in anchors:
        AnchorSpendSettings.objects.create(anchor=anchor, publish_headlines=True)
    ensure_partnership_analysts()

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "payments.csv")
        started = time.perf_counter()
        write_file(path)
        progress(
            f"wrote {LINES:,} lines ({os.path.getsize(path) / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s"
        )
        with open(path, "rb") as handle:
            payment_file = receive(anchors[0], 2024, handle)
        payment_file.mapping = remember_mapping("Anchor 0", guess_columns(read_headings(payment_file.file.path)))
        payment_file.save()
        samples = []

        def sample(done, total):
            if done % 100_000 == 0:
                samples.append(current_rss_mb())

        rss_before = current_rss_mb()
        started = time.perf_counter()
        report_ = import_payments(payment_file, progress=sample)
        seconds = time.perf_counter() - started
        print(
            f"import: {report_.lines_imported:,} lines in {seconds:.1f} s "
            f"({report_.lines_imported / seconds:,.0f} lines/s), "
            f"{report_.new_suppliers:,} suppliers; resident memory {rss_before:.0f} MB before, "
            f"{', '.join(f'{s:.0f}' for s in samples)} MB every 100,000 lines (flat = constant memory)",
            flush=True,
        )
        payment_file.file.delete(save=False)
    return anchors


def fill_other_years(anchors):
    """Copy the imported year, rules applied as the import applied them, to every other anchor and year in
    SQL, each copy with its own file as an import would leave it; then rebuild the summary."""
    from django.db import connection

    from spend.models import Payment, PaymentFile
    from spend.summary import rebuild_summary

    table = Payment._meta.db_table
    columns = (
        "line_number, date, amount, supplier_id, supplier_key, supplier_name, transaction, "
        "expense_type, service_area, description, cpv_section, opportunity_id, excluded_by_id"
    )
    source = anchors[0].pk
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for anchor in anchors:
            for year in YEARS:
                if anchor.pk == source and year == 2024:
                    continue
                copy = PaymentFile.objects.create(
                    anchor=anchor,
                    year=year,
                    file_name=f"copy-{year}.csv",
                    sha256=f"copy-{anchor.pk}-{year}",
                    status=PaymentFile.Status.IMPORTED,
                )
                # Each copy gets its own fingerprint: a line may be in an anchor's payments only once.
                cursor.execute(
                    f"INSERT INTO {table} (anchor_id, year, file_id, line_hash, {columns}) "  # noqa: S608
                    f"SELECT %s, %s, %s, line_hash || ':' || %s, {columns} FROM {table} "
                    f"WHERE anchor_id = %s AND year = 2024",
                    [anchor.pk, year, copy.pk, year, source],
                )
    print(f"filled {ANCHORS} anchors x {len(YEARS)} years in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    rebuild_summary([anchor.pk for anchor in anchors])
    print(f"summary rebuilt in {time.perf_counter() - started:.0f} s", flush=True)


def main():
    setup_django()
    from django.db import connection
    from django.test import Client

    from portal.factories import UserFactory
    from spend.access import ensure_partnership_analysts

    with bench_database("spend"):
        anchors = build()
        fill_other_years(anchors)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        public = Client()
        report("spend, partnership, public", *time_requests(public, ["/spend/?year=2024&baseline=2022"] * 20))
        report("spend, one anchor, public", *time_requests(public, ["/spend/anchor-1/?year=2024&baseline=2022"] * 20))
        analyst = Client()
        user = UserFactory(username="bench-analyst")
        user.groups.add(ensure_partnership_analysts())
        analyst.force_login(user)
        report("spend, partnership, analyst (top 300)", *time_requests(analyst, ["/spend/?year=2024"] * 20))
        report("spend, one anchor, analyst (top 300)", *time_requests(analyst, ["/spend/anchor-2/"] * 20))
        report("spend CSV, top suppliers", *time_requests(analyst, ["/spend/data/suppliers.csv"] * 10))
        print(f"lines per anchor-year: {LINES:,}", flush=True)
