"""Shared benchmark plumbing: a throwaway database, request timing and query counting."""

import statistics
import time
from contextlib import contextmanager

import django
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


def setup_django():
    django.setup()


@contextmanager
def test_database():
    """Create a fresh test database (on DATABASE_URL's server), migrate it, and drop it afterwards."""
    from django.test.utils import setup_databases, teardown_databases

    old = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(old, verbosity=0)


def time_requests(client, urls, warmup=3):
    """GET each URL through the full Django stack; return server times (ms) and query counts."""
    for url in urls[:warmup]:
        client.get(url)
    times, queries = [], []
    for url in urls:
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured.captured_queries))
    return times, queries


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


def report(label, times, queries):
    print(
        f"{label}: n={len(times)} p50={statistics.median(times):.1f} ms p95={percentile(times, 0.95):.1f} ms "
        f"queries/request min={min(queries)} max={max(queries)}",
        flush=True,
    )


@contextmanager
def bench_database(name):
    """A fresh database, or with BENCH_REUSE_DB=1 a kept one (`bench_<name>_<database>`) that the next run reuses."""
    import os

    if os.environ.get("BENCH_REUSE_DB") != "1":
        with test_database():
            yield
        return
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = f"bench_{name}_{database['NAME']}"
    # No serialising: Django would dump the whole kept database to a string before every run.
    old = setup_databases(verbosity=0, interactive=False, keepdb=True, serialized_aliases=[])
    try:
        yield
    finally:
        teardown_databases(old, verbosity=0, keepdb=True)
