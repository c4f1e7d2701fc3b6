"""Alert matching at scale: 100,000 confirmed subscriptions with varied profiles against 1,000 new lots.

Each subscription is a saved finder search, and the lots are indexed in the finder's search table
before timing. Prints the time to load the searches and match them against the lots with the finder's
rules (`alerts.matching.match_lots`: wall clock and CPU, median of 3 runs), the number of matches and of
distinct searches, and the peak memory (resident set size) of a pass of the same work in a forked
process, so that the test data made beforehand does not set the peak.
Target: the whole match under 10 s. "cpu" is the process's CPU time for the same
work: on a shared machine it is the steadier figure.

Two scenarios are run, each in its own database. "broad" is the worst case kept from the start: lot text
and keywords come from 55 words, so a lot mentions a third of them and a one-word keyword matches a third
of all lots. "realistic" draws lot text from 3,000 words with Zipf's law (the r-th commonest word has
weight 1/r, as in real text) and keywords from the same words with weight 1/sqrt(r) (suppliers name
what they sell, not the commonest words), so that a one-word keyword matches about 4% of lots ("a few
lots in a hundred"). Subscriptions, codes, places, values and business types are made the same way in
both.

Generating the data takes minutes. To iterate on the matcher, set BENCH_REUSE_DB=1: the first run keeps
its databases (`bench_alerts_<name>` and `bench_alerts_realistic_<name>`), later runs reuse them and go
straight to the timings. Drop them (or unset the variable) after changing the generator.
"""

import gc
import itertools
import os
import random
import statistics
import time
from decimal import Decimal

from bench._harness import bench_database, setup_django
from portal import clock

SUBSCRIPTIONS = 100_000
OPPORTUNITIES = 100
LOTS_PER_OPPORTUNITY = 10
WORDS = [
    "website",
    "hosting",
    "catering",
    "school",
    "meals",
    "cleaning",
    "windows",
    "grass",
    "cutting",
    "roofing",
    "plumbing",
    "electrical",
    "training",
    "apprenticeships",
    "transport",
    "minibus",
    "printing",
    "translation",
    "security",
    "guarding",
    "laundry",
    "furniture",
    "recruitment",
    "marketing",
    "consultancy",
    "legal",
    "audit",
    "payroll",
    "software",
    "laptops",
    "telephony",
    "cctv",
    "fencing",
    "painting",
    "decorating",
    "gardening",
    "waste",
    "recycling",
    "composting",
    "carpentry",
    "joinery",
    "scaffolding",
    "surveying",
    "architecture",
    "landscaping",
    "catering",
    "vending",
    "coffee",
    "uniforms",
    "footwear",
    "books",
    "stationery",
    "cycling",
    "parking",
    "lighting",
    "heating",
]


class BroadWords:
    """The worst case: every text and keyword from the same 55 words."""

    name, label = "broad", "broad profiles: 55-word vocabulary, the worst case"

    def text(self, rng, count):
        return " ".join(rng.sample(WORDS, count))

    keyword = text


class ZipfWords:
    """Lot text by Zipf's law over 3,000 words; keywords from the same words, flatter (see the module doc)."""

    name, label = "realistic", "realistic profiles: 3,000-word Zipf vocabulary"
    words = [f"word{n}" for n in range(1, 3001)]
    text_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    keyword_weights = list(itertools.accumulate(1 / rank**0.5 for rank in range(1, len(words) + 1)))

    def text(self, rng, count):
        return " ".join(rng.choices(self.words, cum_weights=self.text_weights, k=count))

    def keyword(self, rng, count):
        return " ".join(rng.choices(self.words, cum_weights=self.keyword_weights, k=count))


SCENARIOS = [BroadWords(), ZipfWords()]


def make_reference_data(rng):
    from alerts.criteria import CPV_DIVISIONS
    from portal.models import CPVCode, Location

    regions = [
        Location.objects.create(name=f"Region {n}", slug=f"region-{n}", kind=Location.Kind.REGION) for n in range(12)
    ]
    areas = [Location.objects.create(name=f"Area {n}", slug=f"area-{n}", region=rng.choice(regions)) for n in range(30)]
    codes = [f"{division}{suffix}" for division in CPV_DIVISIONS for suffix in ("000000", "200000", "210000", "300000")]
    # The divisions and groups ship with the migrations; add the rest, and use exactly these codes.
    CPVCode.objects.bulk_create([CPVCode(code=code, label=f"Code {code}") for code in codes], ignore_conflicts=True)
    return regions + areas, list(CPVCode.objects.filter(code__in=codes))


def make_lots(rng, words, places, cpv_codes, progress):
    from opportunities.factories import OpportunityPageFactory
    from opportunities.models import Lot
    from portal.factories import OrganisationIndexPageFactory, OrganisationPageFactory
    from tests.conftest import ensure_home_page

    index = OrganisationIndexPageFactory(parent=ensure_home_page())
    buyers = [OrganisationPageFactory(parent=index) for _ in range(8)]
    lots = []
    for n in range(OPPORTUNITIES):
        opportunity = OpportunityPageFactory(parent=rng.choice(buyers), summary=words.text(rng, 6))
        for number in range(1, LOTS_PER_OPPORTUNITY + 1):
            low = Decimal(rng.choice([5_000, 20_000, 60_000, 150_000, 400_000, 1_000_000]))
            lots.append(
                Lot(
                    opportunity=opportunity,
                    number=number,
                    title=words.text(rng, 3).capitalize(),
                    description=words.text(rng, 12),
                    value_min=low,
                    value_max=low * 2,
                    suitable_for_sme=rng.random() < 0.7,
                    suitable_for_vcse=rng.random() < 0.3,
                )
            )
        if (n + 1) % 25 == 0:
            progress(f"  {n + 1}/{OPPORTUNITIES} opportunities")
    Lot.objects.bulk_create(lots)
    lots = list(Lot.objects.all())
    Lot.cpv_codes.through.objects.bulk_create(
        [
            Lot.cpv_codes.through(lot=lot, cpvcode=code)
            for lot in lots
            for code in rng.sample(cpv_codes, rng.randint(1, 2))
        ]
    )
    Lot.locations.through.objects.bulk_create(
        [Lot.locations.through(lot=lot, location=place) for lot in lots for place in rng.sample(places, 2)]
    )
    return [lot.pk for lot in lots]


def make_subscriptions(rng, words, places, buyers, progress):
    """Searches as the alerts form or the finder saves them (the finder's parameters)."""
    from alerts.criteria import CPV_DIVISIONS
    from alerts.models import Subscription

    divisions = list(CPV_DIVISIONS)
    bands = ["under-25k", "25k-100k", "100k-500k", "500k-plus"]
    now = clock.now()
    rows = []
    for n in range(SUBSCRIPTIONS):
        # Everyone says what they do (types of work, keywords or both); places, business type, a buyer
        # and value bands narrow it down, as the form encourages.
        used = {
            name for name, chance in (("kw", 0.45), ("cpv", 0.7), ("loc", 0.6), ("type", 0.4)) if rng.random() < chance
        }
        if not used & {"kw", "cpv"}:
            used.add(rng.choice(["kw", "cpv"]))
        if rng.random() < 0.03:
            used.add("buyer")
        search = {}
        if "kw" in used:
            search["q"] = " or ".join(words.keyword(rng, rng.choice([1, 1, 2])) for _ in range(rng.randint(1, 2)))
        if "cpv" in used:
            search["cpv"] = sorted({rng.choice(divisions) for _ in range(rng.randint(1, 2))})
        if "loc" in used:
            search["location"] = sorted(place.slug for place in rng.sample(places, rng.randint(1, 2)))
        if "type" in used:
            search[rng.choice(["sme", "vcse"])] = "1"
        if "buyer" in used:
            search["buyer"] = [rng.choice(buyers)]
        limit = rng.choice([None, None, 1, 2, 3])
        if limit:
            search["value"] = bands[:limit]
        rows.append(
            Subscription(
                email=f"supplier{n}@example.org",
                search=search,
                frequency=rng.choice(["immediate", "daily", "weekly"]),
                consent_text="I agree.",
                confirmed_at=now,
            )
        )
        if (n + 1) % 25_000 == 0:
            progress(f"  {n + 1:,}/{SUBSCRIPTIONS:,} subscription profiles")
    Subscription.objects.bulk_create(rows, batch_size=5000)


def run_match(lot_ids):
    from alerts.matching import match_lots

    wall, cpu = time.perf_counter(), time.process_time()
    matches = match_lots(lot_ids)
    return {
        "total": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "matches": len(matches),
        "searches": len(matches.queries),
    }


def main():
    setup_django()
    for words in SCENARIOS:
        print(f"-- scenario: {words.label} --", flush=True)
        # The broad scenario keeps the database name it had before there were two.
        with bench_database("alerts" if words.name == "broad" else f"alerts_{words.name}"):
            run_scenario(words)


def run_scenario(words):
    from alerts.models import Subscription
    from opportunities.models import Lot
    from portal.models import OrganisationPage

    rng = random.Random(5)
    if Subscription.objects.count() == SUBSCRIPTIONS and Lot.objects.count() == OPPORTUNITIES * LOTS_PER_OPPORTUNITY:
        print("reusing the kept benchmark database (BENCH_REUSE_DB=1)", flush=True)
        lot_ids = list(Lot.objects.order_by("pk").values_list("pk", flat=True))
    else:
        if Subscription.objects.exists():
            raise SystemExit("bench alerts: the kept database holds unfinished data; drop it and run again.")
        print("Creating test data…", flush=True)
        places, cpv_codes = make_reference_data(rng)
        lot_ids = make_lots(rng, words, places, cpv_codes, lambda line: print(line, flush=True))
        buyers = list(OrganisationPage.objects.values_list("slug", flat=True))
        make_subscriptions(rng, words, places, buyers, lambda line: print(line, flush=True))

    from finder import indexing
    from finder.models import LotEntry

    if LotEntry.objects.count() != len(lot_ids):
        # Alerts send what the finder shows, so the lots must be in its search table (not timed).
        print("Indexing the lots for the finder…", flush=True)
        indexing.rebuild()

    # Memory first: once a pass has run, the freed index stays resident and hides the next pass's growth.
    start, peak = peak_memory_of(lambda: run_match(lot_ids))
    runs = [run_match(lot_ids) for _ in range(3)]
    for key in ("total", "cpu"):
        print(
            f"{key:>6}: median {statistics.median(r[key] for r in runs):.2f} s "
            f"(runs: {', '.join(f'{r[key]:.2f}' for r in runs)})",
            flush=True,
        )
    print(f"subscriptions: {SUBSCRIPTIONS:,}  lots: {len(lot_ids):,}", flush=True)
    print(
        f"matches: {runs[0]['matches']:,} ({runs[0]['matches'] / len(lot_ids):,.0f} per lot)  "
        f"distinct searches: {runs[0]['searches']:,}",
        flush=True,
    )
    print(
        f"peak memory (RSS) of a forked pass loading, indexing and matching: {peak:.0f} MiB "
        f"({peak - start:.0f} MiB more than at the start of the pass)",
        flush=True,
    )


def peak_memory_of(work):
    """(RSS at the start, peak RSS) in MiB of `work` run in a forked copy of this process.

    A forked child inherits its parent's high-water mark, which the test data or earlier passes set, so
    the child resets it to its current RSS first (/proc/self/clear_refs, Linux 4.0+) and reads VmHWM.
    """
    gc.collect()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(reader)
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        before = status_kib("VmRSS")
        work()
        os.write(writer, f"{before} {status_kib('VmHWM')}".encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        before, peak = (int(kib) / 1024 for kib in pipe.read().split())
    os.waitpid(child, 0)
    return before, peak


def status_kib(field):
    """A memory figure of this process from /proc/self/status, in KiB."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(f"{field}:"))
