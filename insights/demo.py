"""Demo content for insights: the insights page and two years of awarded contracts that tell a story.

Local and SME shares climb quarter by quarter, as they would for a partnership that splits contracts into
lots and talks to local suppliers. Historic opportunities have references starting "HIST-"; one that
already exists is left alone, so seeding twice changes nothing. Random choices come from a generator seeded
with the reference, so every run makes the same data.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from impact import catalogue
from opportunities.models import Award, Lot, OpportunityPage, Procedure, Stage
from portal import clock
from portal.demo import ORGANISATIONS, home_page
from portal.models import CPVCode, OrganisationPage

from .models import InsightsPage
from .periods import Quarter, quarters_between

QUARTERS = 8
OPPORTUNITIES_PER_ORGANISATION = 10

# (CPV division, how a notice title starts, what it is for). The labels come from the shipped CPV codes.
DIVISIONS = [
    ("90000000", "Cleaning of", ["offices", "schools", "depots"]),
    ("72000000", "IT support for", ["staff laptops", "the website", "the phone system"]),
    ("45000000", "Building repairs at", ["the town hall", "two libraries", "the leisure centre"]),
    ("55000000", "Catering for", ["staff canteens", "events", "school meals"]),
    ("77000000", "Grounds care for", ["parks", "playing fields", "housing estates"]),
    ("60000000", "Transport for", ["day centres", "school trips", "patients"]),
    ("79000000", "Printing of", ["leaflets", "reports", "signs"]),
    ("50000000", "Servicing of", ["boilers", "lifts", "fire alarms"]),
]

# (name, number, postcode, size, type). The first group is local to the demo areas (PR1-PR5, BB1-BB4, LA1-LA2).
LOCAL_SUPPLIERS = [
    ("Ribble Cleaning Co-operative", "IP031245", "PR2 5XT", "small", "coop"),
    ("Preston Digital Ltd", "09871234", "PR1 3NQ", "small", "private"),
    ("Blackburn Building Services Ltd", "04567123", "BB1 7AB", "medium", "private"),
    ("Lune Kitchen CIC", "11223344", "LA1 4XQ", "micro", "social_enterprise"),
    ("Northshire Grounds Care Ltd", "08765432", "PR4 2QP", "small", "private"),
    ("Darwen Community Transport", "1098765", "BB3 1JD", "small", "vcse"),
    ("Lancaster Print Works", "07654321", "LA2 0HB", "micro", "employee_owned"),
    ("Chorley Heating and Plumbing Ltd", "06543210", "PR5 6BL", "small", "private"),
    ("Accrington Youth Catering", "1123456", "BB4 5RT", "micro", "vcse"),
]
OTHER_SUPPLIERS = [
    ("Nationwide Facilities plc", "01234567", "M1 2WD", "large", "private"),
    ("Pennine Software Ltd", "05432109", "LS1 4AP", "medium", "private"),
    ("Northern Fleet Services Ltd", "03210987", "WA1 1RG", "large", "private"),
    ("Greenway Social Enterprise", "10987654", "M4 5JD", "small", "social_enterprise"),
    ("UK Building Group plc", "00987654", "B1 1AA", "large", "private"),
    ("Wigan Print and Design Ltd", "09876012", "WN1 1XY", "small", "private"),
]


def first_quarter(today=None):
    current = Quarter.of(today or clock.today())
    quarters = quarters_between(Quarter(current.year - 3, 1), current)
    return quarters[-QUARTERS]


def shipped_divisions():
    """The demo's divisions, as loaded by the CPV migration (the demo runs after migrating)."""
    return CPVCode.objects.in_bulk([code for code, *_ in DIVISIONS], field_name="code")


def ensure_insights_page():
    home = home_page()
    page = InsightsPage.objects.first()
    if page is None:
        page = InsightsPage(title="Where the money goes", slug="insights")
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def seed(progress=print):
    ensure_insights_page()
    codes = shipped_divisions()
    quarters = quarters_between(first_quarter(), Quarter.of(clock.today()))[:QUARTERS]
    organisations = {o.slug: o for o in OrganisationPage.objects.filter(slug__in=[slug for slug, *_ in ORGANISATIONS])}
    created = 0
    for position, (slug, title, *_) in enumerate(ORGANISATIONS, start=1):
        organisation = organisations.get(slug)
        if organisation is None:
            progress(f"  skipped {title}: run the portal demo first")
            continue
        for number in range(1, OPPORTUNITIES_PER_ORGANISATION + 1):
            reference = f"HIST-{position:02d}-{number:03d}"
            if not OpportunityPage.objects.filter(buyer=organisation, reference=reference).exists():
                create_historic(organisation, reference, codes, quarters, random.Random(reference))  # noqa: S311
                created += 1
        progress(f"  historic awards {position}/{len(ORGANISATIONS)}: {title}")
    awards = Award.objects.filter(lot__opportunity__reference__startswith="HIST-").count()
    progress(f"  {created} historic opportunities created, {awards} historic awards in all")


@transaction.atomic
def create_historic(organisation, reference, codes, quarters, rng):
    """One awarded opportunity with one to three lots, each won by one supplier."""
    code, verb, objects = rng.choice(DIVISIONS)
    thing = rng.choice(objects)
    index = rng.randrange(len(quarters))
    quarter = quarters[index]
    progress_through = index / max(1, len(quarters) - 1)  # 0 in the first quarter, 1 in the last
    # Never in the future: the current quarter is only partly over.
    award_date = min(quarter.start + datetime.timedelta(days=rng.randrange(0, 85)), clock.today())
    published = timezone.make_aware(
        datetime.datetime.combine(award_date - datetime.timedelta(days=75), datetime.time(9))
    )
    lot_count = rng.choice([1, 1, 2, 3]) if progress_through < 0.5 else rng.choice([1, 2, 3, 3])
    opportunity = OpportunityPage(
        title=f"{verb} {thing}",
        slug=reference.lower(),
        reference=reference,
        summary=f"We bought {verb.lower()} {thing}. This contract has been awarded.",
        stage=Stage.AWARDED,
        procedure=rng.choice(
            [Procedure.OPEN, Procedure.OPEN, Procedure.BELOW_THRESHOLD_OPEN, Procedure.COMPETITIVE_FLEXIBLE]
        ),
        published_date=published,
        submission_deadline=published + datetime.timedelta(days=rng.choice([14, 21, 28, 30, 35, 42])),
        expected_award_date=award_date,
        main_cpv=codes[code],
    )
    total = Decimal(0)
    lots = []
    for lot_number in range(1, lot_count + 1):
        value = Decimal(rng.randrange(8, 240) * 1000)
        total += value
        lots.append(
            Lot(
                number=lot_number,
                title=f"Part {lot_number}: {thing}" if lot_count > 1 else f"{verb} {thing}",
                value_max=value,
                duration_months=rng.choice([12, 24, 36]),
                suitable_for_sme=rng.random() < 0.5 + 0.4 * progress_through,
                suitable_for_vcse=rng.random() < 0.2 + 0.3 * progress_through,
            )
        )
    opportunity.value_max = total
    opportunity.lots = lots
    organisation.add_child(instance=opportunity)
    opportunity.save_revision().publish()
    for lot in Lot.objects.filter(opportunity=opportunity):
        local = rng.random() < 0.3 + 0.3 * progress_through
        name, number, postcode, size, kind = rng.choice(LOCAL_SUPPLIERS if local else OTHER_SUPPLIERS)
        value = lot.value_max * Decimal(rng.randrange(80, 101)) / 100
        award = Award.objects.create(
            lot=lot,
            supplier_name=name,
            supplier_number=number,
            supplier_postcode=postcode,
            supplier_size=size,
            supplier_type=kind,
            value=value.quantize(Decimal("1")),
            award_date=award_date,
        )
        promised = {
            catalogue.LOCAL_JOBS: rng.randrange(0, 6),
            catalogue.APPRENTICESHIPS: rng.randrange(0, 3),
            catalogue.HARD_TO_REACH: rng.randrange(0, 3),
            catalogue.VOLUNTEERING_HOURS: rng.choice([0, 0, 20, 40, 100]),
        }
        catalogue.record_commitments(award, **{code: number for code, number in promised.items() if number})
