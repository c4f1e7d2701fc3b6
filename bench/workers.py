"""What each gunicorn worker pays for the finder's in-memory index, with the index loaded in the master
before forking (`gunicorn.conf.py`, the default) and without (WEB_PRELOAD=false).

It runs the real production stack (`bin/serve`, through bench.load's Stack: gunicorn with two workers,
db_worker, its own Redis) on the kept catalogue of `make bench-search` (10,000 opportunities, 40,000
lots), with the page cache off so every request searches. It prints, for each way:
- the first finder request after the workers start, against the median of warm ones (target: at most 3x);
- each worker's own memory (USS: pages no other process shares) and its proportional share (PSS);
- with three workers, whether every answer stays the same while `rebuild_search_index` rewrites every
  row of the search table (same content, one transaction): the totals must never change.

    BENCH_REUSE_DB=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal make bench-search   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal make bench-workers
"""

import itertools
import os
import re
import statistics
import subprocess
import time
from pathlib import Path

from bench.load import PYTHON, ROOT, SERVER_URL, Stack, get, psql

URL = "/opportunities/?cpv=55&sme=1"
WARM_REQUESTS = 30
CONSISTENCY_URLS = [
    "/opportunities/",
    "/opportunities/?cpv=55&sme=1",
    "/opportunities/?q=catering",
    "/opportunities/?value=25k-100k&stage=open&stage=closed",
    "/opportunities/?q=cleaning+or+printing&vcse=1",
]
TOTAL = re.compile(rb"(\d[\d,]*) matching lots? in (\d[\d,]*) opportunit|No matching lots")


def kept_catalogue():
    name = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal").rsplit("/", 1)[-1]
    database = f"bench_search_{name}"
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'") != "1":
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


def finder_total(port, path):
    status, _, body = get(port, path, timeout=60)
    found = TOTAL.search(body)
    return status, found.group(0).decode() if found else None


def stack_for(database, preload, workers):
    stack = Stack()
    stack.env.update(
        DATABASE_URL=f"{SERVER_URL}/{database}",
        WEB_PRELOAD="true" if preload else "false",
        WEB_WORKERS=str(workers),
        PAGE_CACHE="false",
    )
    return stack


def consistency(database):
    """Three workers answer the same while the search table is rebuilt with the same content."""
    stack = stack_for(database, preload=True, workers=3)
    stack.start_redis()
    try:
        stack.start()
        before = {path: finder_total(stack.port, path) for path in CONSISTENCY_URLS}
        unreadable = [path for path, (status, total) in before.items() if status != 200 or total is None]
        if unreadable:
            raise SystemExit(f"bench workers: no total of lots on {', '.join(unreadable)}")
        environment = {
            **stack.env,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "x" * 60,
            "OCDS_PREFIX": "ocds-a1b2c3",
        }
        rebuild = subprocess.Popen(
            [PYTHON, "manage.py", "rebuild_search_index"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        asked, differing, started = 0, [], time.monotonic()
        for path in itertools.cycle(CONSISTENCY_URLS):
            if rebuild.poll() is not None and asked >= 50:
                break
            if time.monotonic() - started > 900:
                rebuild.kill()
                break
            answer = finder_total(stack.port, path)
            asked += 1
            if answer != before[path]:
                differing.append((path, before[path], answer))
        after = {path: finder_total(stack.port, path) for path in CONSISTENCY_URLS}
    finally:
        stack.stop()
    print(
        f"three workers during a rebuild of the search table ({time.monotonic() - started:.0f} s, exit code "
        f"{rebuild.returncode}): {asked} answers, {len(differing)} differing from before; after it, "
        f"{sum(after[path] != before[path] for path in CONSISTENCY_URLS)} of {len(CONSISTENCY_URLS)} differ",
        flush=True,
    )
    print(f"  for example {CONSISTENCY_URLS[0]}: {before[CONSISTENCY_URLS[0]][1]}", flush=True)
    for path, expected, answer in differing[:5]:
        print(f"  {path}: {expected} before, {answer} during", flush=True)


def measure(database, preload):
    stack = stack_for(database, preload, workers=2)
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
    consistency(database)
