"""Demo spend: payment files for three anchors, a baseline year and an update year, with messy names.

The files look like real "spending over £500" files: several spellings of one supplier, a credit note, a
redacted name, an unreadable amount, payments to HMRC and the pension fund. Between the baseline and the
update, more of the money goes to local small firms, as it would after a partnership's work. The files go
in through the importer, as an analyst's would; a year already imported is left alone, so seeding twice
changes nothing. Random choices come from generators seeded with the anchor and year.
"""

import io
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from portal import clock
from portal.demo import BUYER_PASSWORD
from portal.models import OrganisationPage

from .access import ensure_anchor_analysts, ensure_partnership_analysts
from .importer import import_payments
from .models import AnchorSpendSettings, InfluenceRule, PaymentFile, Supplier
from .reading import guess_columns, read_headings
from .rules import add_default_rules
from .uploads import receive, remember_mapping

ANCHORS = ["northshire-borough-council", "university-of-northshire", "northshire-teaching-hospitals-nhs-trust"]
LINES_PER_FILE = 160

# (spellings, postcode, size, kind, SIC section, expense type, local weight in the baseline, in the update)
SUPPLIERS = [
    (
        ["Ribble Cleaning Co-operative Ltd", "RIBBLE CLEANING CO-OPERATIVE LIMITED"],
        "PR2 5XT",
        "small",
        "coop",
        "N",
        "Cleaning Services",
        2,
        6,
    ),
    (
        ["Preston Digital Ltd", "PRESTON DIGITAL LTD.", "Preston Digital Limited"],
        "PR1 3NQ",
        "small",
        "private",
        "J",
        "ICT Software",
        2,
        5,
    ),
    (
        ["Blackburn Building Services Ltd", "Blackburn Building Services"],
        "BB1 7AB",
        "medium",
        "private",
        "F",
        "Building Repairs",
        3,
        6,
    ),
    (["Lune Kitchen CIC", "LUNE KITCHEN C.I.C."], "LA1 4XQ", "micro", "social_enterprise", "I", "Catering", 1, 4),
    (
        ["Northshire Grounds Care Ltd", "Northshire Ground Care"],
        "PR4 2QP",
        "small",
        "private",
        "N",
        "Grounds Maintenance",
        2,
        4,
    ),
    (["Darwen Community Transport"], "BB3 1JD", "small", "vcse", "H", "Transport", 1, 3),
    (
        ["Nationwide Facilities plc", "NATIONWIDE FACILITIES PLC"],
        "M1 2WD",
        "large",
        "private",
        "N",
        "Facilities Management",
        8,
        5,
    ),
    (["Pennine Software Ltd", "Pennine Software Limited"], "LS1 4AP", "medium", "private", "J", "ICT Software", 5, 3),
    (["UK Building Group plc"], "B1 1AA", "large", "private", "F", "Building Repairs", 6, 3),
    (["Wigan Print and Design Ltd", "Wigan Print & Design"], "WN1 1XY", "", "", "C", "Printing", 3, 2),
    (["Northern Fleet Services Ltd"], "WA1 1RG", "large", "private", "G", "Vehicle Hire", 4, 3),
]
NOT_INFLUENCEABLE = [
    ("HM Revenue & Customs", "PAYE and NI"),
    ("Lancashire County Pension Fund", "Employer Pension Contributions"),
    ("Northshire Citizens Advice", "Voluntary Sector Grants"),
]
HEADER = "Body Name,Date,Transaction Number,Net Amount,Supplier Name,Expense Type,Service Area\n"


def demo_years():
    """The last full financial year is the update; the one two years before it is the baseline."""
    today = clock.today()
    current = today.year if today.month >= 4 else today.year - 1
    return current - 3, current - 1


def payment_file(anchor, year, baseline):
    rng = random.Random(f"{anchor.slug}-{year}")  # noqa: S311
    weights = [s[6] if baseline else s[7] for s in SUPPLIERS]
    lines = [HEADER]
    for number in range(1, LINES_PER_FILE + 1):
        day = f"{rng.randrange(1, 28):02d}/{rng.choice([4, 5, 6, 7, 8, 9, 10, 11, 12]):02d}/{year}"
        if number % 20 == 0:
            name, expense = rng.choice(NOT_INFLUENCEABLE)
            amount = Decimal(rng.randrange(5_000, 40_000))
        else:
            spellings, _, _, _, _, expense, *_ = rng.choices(SUPPLIERS, weights)[0]
            name = rng.choice(spellings)
            amount = Decimal(rng.randrange(500, 12_000)) + Decimal(rng.randrange(100)) / 100
        amount_text = f"{amount:,.2f}"
        if number == 7:
            amount_text = f"-{amount:,.2f}"  # a credit note
        if number == 11:
            name = "REDACTED - PERSONAL DATA"
        if number == 13:
            amount_text = "1,2O0.00"  # a typing slip: the letter O
        lines.append(f'{anchor.title},{day},{year}{number:05d},"{amount_text}",{name},{expense},Services\n')
    return "".join(lines).encode("utf-8")


def seed(progress=print):
    baseline, update = demo_years()
    anchors = list(OrganisationPage.objects.filter(slug__in=ANCHORS).order_by("title"))
    if not anchors:
        progress("  skipped spend: run the portal demo first")
        return
    add_default_rules(InfluenceRule)
    for anchor in anchors:
        ensure_anchor_analysts(anchor)
        AnchorSpendSettings.objects.filter(anchor=anchor).update(publish_headlines=True)
        for year in (baseline, update):
            if PaymentFile.objects.filter(anchor=anchor, year=year, status="imported").exists():
                continue
            handle = io.BytesIO(payment_file(anchor, year, year == baseline))
            handle.name = f"{anchor.slug}-spend-over-500-{year}.csv"
            received = receive(anchor, year, handle)
            received.mapping = remember_mapping(anchor.title, guess_columns(read_headings(received.file.path)))
            received.save()
            report = import_payments(received)
            progress(f"  {anchor.title} {year}: {report.lines_imported} payments, {report.lines_left_out} left out")
    describe_suppliers()
    create_demo_analyst(progress)


def describe_suppliers():
    """What an analyst would add from Companies House and the charity register, for the demo's suppliers."""
    from .names import normalise
    from .places import split_postcode
    from .summary import refresh

    for spellings, postcode, size, kind, sector, *_ in SUPPLIERS:
        district, area = split_postcode(postcode)
        Supplier.objects.filter(key=normalise(spellings[0])).update(
            postcode=postcode,
            district=district,
            area=area,
            size=size,
            kind=kind,
            sector=sector,
            size_source="Demo data" if size else "",
        )
    refresh()


def create_demo_analyst(progress):
    User = get_user_model()
    analyst, created = User.objects.get_or_create(
        username="spend-analyst",
        defaults={"email": "analyst@example.org", "first_name": "Alex", "last_name": "Analyst"},
    )
    if created:
        analyst.set_password(BUYER_PASSWORD)
        analyst.save()
    analyst.groups.add(ensure_partnership_analysts())
    progress(f"  spend analyst login: spend-analyst / {BUYER_PASSWORD if created else '(unchanged)'}")
