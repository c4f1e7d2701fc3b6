"""Load and faults against the real production stack (`bin/serve`): gunicorn, db_worker, PostgreSQL, Redis.

It starts its own stack so that it disturbs nothing else on the machine: a private redis-server on
BENCH_REDIS_PORT (6391), a database of its own (bench_load, demo content), and gunicorn on a free high
port of 127.0.0.1. It then drives each page type with wrk (Debian's package) at 50 connections and
prints requests/s, p50, p99 and errors; runs four faults under load, each followed by a check that no
page answers 5xx; and sends 50 registrations at once for an event with 20 places.

    make bench-load                      # 60 s per page type, as the targets are stated
    BENCH_LOAD_SECONDS=10 make bench-load
    BENCH_REUSE_DB=1 make bench-load      # keep the seeded database between runs
    PAGE_CACHE=false make bench-load      # the same, without the page cache ("before")

Every loop here is bounded in count and time, and everything targets 127.0.0.1.
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "50"))
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6391"))
DATABASE = os.environ.get("BENCH_LOAD_DATABASE", "bench_load")
SERVER_URL = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
TARGETS = {"cached": 1000, "finder": 150}
FINDER_WORDS = ["cleaning", "catering", "grounds", "IT support", "repairs", "transport", "training", "printing"]
FINDER_FILTERS = ["", "&sme=on", "&status=open", "&sort=deadline", "&sort=value"]


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def psql(sql, database="postgres"):
    result = subprocess.run(
        ["psql", f"{SERVER_URL}/{database}", "-tAc", sql], check=True, capture_output=True, text=True, timeout=60
    )
    return result.stdout.strip()


def get(port, path, headers=None, timeout=10):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Stack:
    """The private Redis and the `bin/serve` process group, started and stopped by this benchmark only."""

    def __init__(self):
        self.port = free_port()
        self.redis = None
        self.serve = None
        self.log = tempfile.NamedTemporaryFile(prefix="bench-load-", suffix=".log", delete=False)  # noqa: SIM115
        self.env = {
            **os.environ,
            "DATABASE_URL": f"{SERVER_URL}/{DATABASE}",
            "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/0",
            "PORT": str(self.port),
            "HOST": HOST,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
        }

    def start_redis(self):
        if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, timeout=5).returncode == 0:
            raise SystemExit(f"Something already listens on port {REDIS_PORT}; set BENCH_REDIS_PORT to a free one.")
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", HOST, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        raise SystemExit("The benchmark's Redis did not start.")

    def stop_redis(self):
        if self.redis and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=10)

    def prepare_database(self):
        exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'") == "1"
        if exists and os.environ.get("BENCH_REUSE_DB") != "1":
            terminate_connections()
            psql(f'DROP DATABASE "{DATABASE}"')
            exists = False
        if not exists:
            print(f"Creating {DATABASE} and loading the demo content (a few minutes)…", flush=True)

    def start(self):
        self.serve = subprocess.Popen(
            [str(ROOT / "bin" / "serve")],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops gunicorn and the worker
        )
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            if self.serve.poll() is not None:
                raise SystemExit(f"bin/serve stopped; see {self.log.name}")
            try:
                if get(self.port, "/health/", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(1)
        raise SystemExit(f"bin/serve did not answer within 15 minutes; see {self.log.name}")

    def stop(self):
        if self.serve and self.serve.poll() is None:
            os.killpg(self.serve.pid, signal.SIGTERM)
            try:
                self.serve.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.serve.pid, signal.SIGKILL)
        self.stop_redis()

    def gunicorn_workers(self):
        master = subprocess.run(
            ["pgrep", "-g", str(self.serve.pid), "-f", "gunicorn portal.wsgi"], capture_output=True, text=True
        ).stdout.split()
        pids = [int(pid) for pid in master]
        parents = {pid: int(Path(f"/proc/{pid}/stat").read_text().split()[3]) for pid in pids}
        return [pid for pid, parent in parents.items() if parent in pids]

    def manage(self, code):
        """Run Python in the stack's Django (production settings, the benchmark's database)."""
        result = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env={
                **self.env,
                "DJANGO_SETTINGS_MODULE": "portal.settings.production",
                "SECRET_KEY": "x" * 60,
                "OCDS_PREFIX": "ocds-a1b2c3",
            },
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            raise SystemExit(f"manage.py shell failed:\n{result.stderr[-2000:]}")
        return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def terminate_connections():
    """End connections to the benchmark's own database only (others are other people's work)."""
    return psql(
        f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        f"WHERE datname = '{DATABASE}' AND pid <> pg_backend_pid()"
    )


WRK_LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""
# Appended for the faults' load: counts answers by kind (wrk itself only counts "non-2xx or 3xx"),
# so the report can tell a page that was briefly unpublished (404) from a failure (5xx). Each wrk
# thread has its own Lua state; `done` adds them up.
COUNT_STATUSES_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) server_errors = 0; not_found = 0 end
function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 elseif status == 404 then not_found = not_found + 1 end
end
function done(summary, latency, requests)
  local errors, missing = 0, 0
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("server_errors")
    missing = missing + thread:get("not_found")
  end
  io.write(string.format("5xx answers: %d\\n404 answers: %d\\n", errors, missing))
end
"""


def wrk(port, paths, seconds, connections=CONNECTIONS, count_statuses=False):
    """Drive the paths (cycled) with wrk; return requests/s, p50 and p99 in ms, and error counts.

    count_statuses also counts 5xx and 404 answers (slower: wrk hands every response to Lua)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_LUA % listing.name + (COUNT_STATUSES_LUA if count_statuses else ""))
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency", "-s", script.name]
    output = subprocess.run(
        [*command, f"http://{HOST}:{port}"], capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    os.unlink(listing.name)
    os.unlink(script.name)
    return parse_wrk(output)


def to_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:  # wrk prints no figure when nothing was answered
        print(f"(wrk printed a latency this cannot read: {text!r})", flush=True)
        return float("nan")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output):
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    # Anchored to a line of its own: the "Latency" line above ends in a "+/- Stdev" figure like 87.50%.
    for name, line in (("p50", r"^\s*50%\s+(\S+)\s*$"), ("p99", r"^\s*99%\s+(\S+)\s*$")):
        found = re.search(line, output, re.MULTILINE)
        if not found:
            print(f"(no {name} line in wrk's output:\n{output})", flush=True)
        figures[name] = to_ms(found.group(1)) if found else float("nan")
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    figures["errors"] = sum(int(n) for n in socket_errors.groups()[:3]) if socket_errors else 0
    figures["timeouts"] = int(socket_errors.group(4)) if socket_errors else 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    figures["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    figures["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    for name, line in (("5xx", r"^5xx answers: (\d+)$"), ("404", r"^404 answers: (\d+)$")):
        found = re.search(line, output, re.MULTILINE)
        if found:
            figures[name] = int(found.group(1))
    return figures


def row(label, figures, target=None):
    verdict = ""
    if target:
        verdict = "meets" if figures["rps"] >= target else f"BELOW {target}"
    errors = figures["errors"] + figures["non_2xx"]
    print(
        f"| {label:<34} | {figures['rps']:>9.0f} | {figures['p50']:>7.1f} | {figures['p99']:>7.1f} | "
        f"{errors:>6} | {figures['timeouts']:>8} | {verdict}",
        flush=True,
    )


def discover(stack):
    """One page of each type from the demo content (paths), and an event to register for."""
    code = """
import json
from opportunities.models import OpportunityPage
from events.models import EventPage
from portal.models import OrganisationPage
from guidance.models import GuidancePage
pick = lambda model: model.objects.live().public().order_by("pk").first().url
print(json.dumps({"opportunity page": pick(OpportunityPage), "event page": pick(EventPage),
                  "buyer page": pick(OrganisationPage), "guidance page": pick(GuidancePage)}))
"""
    pages = json.loads(stack.manage(code))
    return {"home page": "/", **pages, "events listing": "/events/", "insights": "/insights/"}


def finder_paths(count=200):
    paths = []
    for index in range(count):
        word = FINDER_WORDS[index % len(FINDER_WORDS)]
        extra = FINDER_FILTERS[(index // len(FINDER_WORDS)) % len(FINDER_FILTERS)]
        page = "" if index < 80 else f"&page={1 + index % 3}"
        paths.append(f"/opportunities/?q={urllib.parse.quote_plus(word)}{extra}{page}")
    return paths


def status_of(port, path):
    """The HTTP status of a GET, or what went wrong instead."""
    try:
        return get(port, path, timeout=30)[0]
    except OSError as error:
        return f"no answer ({error})"


def check_pages(port, paths, rounds=3):
    """GET each path a few times; return the 5xx answers (path, status)."""
    failures = []
    for _ in range(rounds):
        for path in paths:
            try:
                status = get(port, path)[0]
            except OSError as error:
                failures.append((path, str(error)))
                continue
            if status >= 500:
                failures.append((path, status))
    return failures


def background_load(port, paths, seconds):
    """wrk in a thread, for the faults to happen under."""
    result = {}
    thread = threading.Thread(
        target=lambda: result.update(wrk(port, paths, seconds, connections=20, count_statuses=True))
    )
    thread.start()
    return thread, result


def run_faults(stack, pages):
    port = stack.port
    paths = list(pages.values())
    print("\nFaults under load (20 connections), then every page type checked for 5xx:", flush=True)
    thread, load = background_load(port, paths + finder_paths(40), seconds=45)
    time.sleep(3)
    outcomes = []

    # 1. Unpublish and republish an opportunity; its page must go and come back, never stale.
    opportunity = pages["opportunity page"]
    slug = opportunity.split("/")[-2]
    find = f"from opportunities.models import OpportunityPage as O; p = O.objects.get(slug='{slug}')"
    stack.manage(f"{find}; p.unpublish()")
    gone = status_of(port, opportunity)
    stack.manage(f"{find}; p.get_latest_revision().publish()")
    back = status_of(port, opportunity)
    outcomes.append(("unpublish then publish an opportunity", f"page {gone} then {back}", (gone, back) == (404, 200)))

    # 2. Kill one gunicorn worker; the master starts another.
    workers = stack.gunicorn_workers()
    os.kill(workers[0], signal.SIGKILL)
    time.sleep(3)
    outcomes.append(("kill one gunicorn worker", f"{len(workers)} workers, killed {workers[0]}", True))

    # 3. End every connection to the benchmark's database.
    ended = terminate_connections()
    time.sleep(1)
    outcomes.append(("pg_terminate_backend", f"{ended} connections ended", True))

    # 4. Stop the benchmark's own Redis for 10 seconds.
    stack.stop_redis()
    during = check_pages(port, paths, rounds=1)
    time.sleep(10)
    stack.start_redis()
    time.sleep(1)
    outcomes.append(("stop Redis for 10 s", f"{len(during)} pages failed while it was down", not during))

    thread.join(timeout=120)
    failures = check_pages(port, paths + finder_paths(10))
    for label, detail, good in outcomes:
        print(f"- {label}: {detail}{'' if good else ' (WRONG)'}", flush=True)
    if load:
        print(
            f"- during the faults: {load['requests']} requests, {load.get('5xx', '?')} answered 5xx, "
            f"{load.get('404', '?')} answered 404 (the opportunity while unpublished), {load['non_2xx']} non-2xx "
            f"in all, {load['errors']} socket errors (connections the killed worker held), {load['timeouts']} timeouts",
            flush=True,
        )
    print(f"- afterwards: {len(failures)} 5xx answers in {3 * (len(paths) + 10)} requests {failures[:3]}", flush=True)


REGISTRATION_FIELDS = {
    "name": "Load Test",
    "business_name": "Bench Ltd",
    "business_size": "micro",
    "business_type": "private",
    "sector": "Office cleaning",
    "postcode": "PR1 2AB",
    "access_needs": "",
    "consent": "on",
    "ref": "",
}


def register_once(port, event_id, number):
    """One person: GET the form (CSRF cookie and token), POST it. Returns the HTTP status of the POST."""
    status, headers, body = get(port, f"/events/{event_id}/register/", timeout=120)
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = {
        **REGISTRATION_FIELDS,
        "email": f"person{number}@example.com",
        "submission_key": str(uuid.uuid4()),
        "csrfmiddlewaretoken": token,
    }
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request(
            "POST",
            f"/events/{event_id}/register/",
            body=urllib.parse.urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"},
        )
        return connection.getresponse().status
    finally:
        connection.close()


def run_registrations(stack, places=20, people=50):
    code = f"""
import datetime
from events.factories import EventPageFactory
from portal.clock import now
from portal.models import OrganisationPage
organiser = OrganisationPage.objects.live().first()
event = EventPageFactory(parent=organiser, title="Load test event {uuid.uuid4().hex[:6]}", capacity={places},
                         start=now() + datetime.timedelta(days=30), end=now() + datetime.timedelta(days=30, hours=2))
event.save_revision().publish()
print(event.pk)
"""
    event_id = int(stack.manage(code))
    with ThreadPoolExecutor(max_workers=people) as pool:
        statuses = list(pool.map(lambda n: register_once(stack.port, event_id, n), range(people)))
    counts = stack.manage(
        f"from events.models import Registration as R; q = R.objects.filter(event_id={event_id}); "
        f"print(q.filter(status='confirmed').count(), q.filter(status='waitlisted').count())"
    ).split()
    confirmed, waitlisted = int(counts[0]), int(counts[1])
    good = (confirmed, waitlisted) == (places, people - places)
    print(
        f"\n{people} registrations at once for {places} places: {confirmed} confirmed, {waitlisted} on the waiting "
        f"list, POST answers {sorted(set(statuses))}{'' if good else ' (WRONG)'}",
        flush=True,
    )


def main():
    for tool in ("wrk", "redis-server", "redis-cli", "psql"):
        if not shutil.which(tool):
            raise SystemExit(f"bench-load needs {tool} (apt-get install wrk redis-server postgresql-client).")
    stack = Stack()
    cache_state = "on" if os.environ.get("PAGE_CACHE", "true").lower() in {"1", "true", "yes", "on"} else "off"
    print(
        f"Load benchmark: {CONNECTIONS} connections, {SECONDS} s per page type, page cache {cache_state}, "
        f"load average before {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    stack.start_redis()
    try:
        stack.prepare_database()
        stack.start()
        pages = discover(stack)
        for path in list(pages.values()) + finder_paths(5):  # warm the cache and each process's finder
            status_of(stack.port, path)
        print(f"\n| {'page':<34} | {'req/s':>9} | {'p50 ms':>7} | {'p99 ms':>7} | {'errors':>6} | timeouts |")
        print(f"|{'-' * 36}|{'-' * 11}|{'-' * 9}|{'-' * 9}|{'-' * 8}|{'-' * 10}|")
        for label, path in pages.items():
            row(label, wrk(stack.port, [path], SECONDS), TARGETS["cached"] if cache_state == "on" else None)
        row(
            f"finder, {len(finder_paths())} varied searches",
            wrk(stack.port, finder_paths(), SECONDS),
            TARGETS["finder"],
        )
        fresh = [f"/opportunities/?q=cleaning&n={uuid.uuid4().hex[:8]}" for _ in range(5000)]
        row("finder, every search new (uncached)", wrk(stack.port, fresh, SECONDS))
        print(f"load average after the page types: {os.getloadavg()[0]:.1f}", flush=True)
        run_faults(stack, pages)
        run_registrations(stack)
    finally:
        stack.stop()
        if os.environ.get("BENCH_REUSE_DB") != "1":
            terminate_connections()
            psql(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        print(f"(server log: {stack.log.name})", flush=True)


if __name__ == "__main__":
    main()
