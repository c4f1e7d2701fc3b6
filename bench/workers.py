"""What each gunicorn worker pays for the finder's in-memory index, with the index loaded in the master
before forking (`gunicorn.conf.py`, the default) and without (WEB_PRELOAD=false).

It runs the real production stack (`bin/serve`, through bench.load's Stack: gunicorn with two workers,
db_worker, its own Redis) on the kept catalogue of `make bench-search` (10,000 opportunities, 40,000
lots), with the page cache off so every request searches. It prints, for each way:
- the first finder request after the workers start, against the median of warm ones (target: at most 3x);
- each worker's own memory (USS: pages no other process shares) and its proportional share (PSS).

    BENCH_REUSE_DB=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal make bench-search   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal make bench-workers
"""

import os
import statistics
import time
from pathlib import Path

from bench.load import SERVER_URL, Stack, get, psql

URL = "/opportunities/?cpv=55&sme=1"
WARM_REQUESTS = 30


def kept_catalogue():
    name = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal").rsplit("/", 1)[-1]
    database = f"bench_search_{name}"
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'") != "1":  # noqa: S608 - our own name
        print(f"bench workers: skipped, no {database}; run `BENCH_REUSE_DB=1 make bench-search` first.")
        return None
    return database


def timed(port, path):
    started = time.perf_counter()
    status, _, _ = get(port, path, timeout=60)
    assert status == 200, (path, status)
    return (time.perf_counter() - started) * 1000


def memory(pid):
    """(USS, PSS) of a process in MB, from the kernel's summary of its memory map."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        fields[key] = int(value.split()[0])
    uss = fields["Private_Clean"] + fields["Private_Dirty"]
    return uss / 1024, fields["Pss"] / 1024


def measure(database, preload):
    stack = Stack()
    stack.env.update(
        DATABASE_URL=f"{SERVER_URL}/{database}",
        WEB_PRELOAD="true" if preload else "false",
        WEB_WORKERS="2",
        PAGE_CACHE="false",
    )
    stack.start_redis()
    try:
        stack.start()
        first = timed(stack.port, URL)
        warm = [timed(stack.port, URL) for _ in range(WARM_REQUESTS)]
        workers = [memory(pid) for pid in stack.gunicorn_workers()]
    finally:
        stack.stop()
    label = "loaded in the master before forking" if preload else "each worker loads its own (WEB_PRELOAD=false)"
    median = statistics.median(warm)
    print(f"index {label}:", flush=True)
    print(f"  first finder request {first:.0f} ms, warm median {median:.0f} ms ({first / median:.1f}x; target 3x)")
    print(f"  slowest of the next {WARM_REQUESTS} requests {max(warm):.0f} ms (the other worker's first)")
    for number, (uss, pss) in enumerate(workers, 1):
        print(f"  worker {number}: own memory (USS) {uss:.1f} MB, proportional share (PSS) {pss:.1f} MB", flush=True)


def main():
    database = kept_catalogue()
    if database is None:
        return
    print(f"catalogue: {database}; load average {os.getloadavg()[0]:.1f}", flush=True)
    for preload in (True, False):
        measure(database, preload)
