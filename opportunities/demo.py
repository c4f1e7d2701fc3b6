"""Demo opportunities: about 40 notices across the eight demo anchors, every stage, some awarded.

Deterministic (a seeded random generator decides values and dates relative to today) and idempotent:
an opportunity is found again by its buyer and reference, its lots by number, its awards by supplier.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from portal import clock
from portal.models import CPVCode, Location, OrganisationPage, SocialValueTheme

from . import procurement_act as act
from .models import Award, Lot, Notice, OpportunityPage, Procedure, Stage
from .procurement_act import NoticeType

SEED = 20260301

# (organisation slug, reference, title, main CPV group, summary, [(lot title, CPV group), ...])
CATALOGUE = [
    (
        "northshire-borough-council",
        "NBC-0101",
        "Grounds maintenance for parks and open spaces",
        "77300000",
        "We need firms to cut grass, look after flower beds and keep our parks tidy from April to October.",
        [
            ("North parks", "77300000"),
            ("South parks", "77300000"),
            ("Cemeteries and churchyards", "77300000"),
            ("Tree surgery", "77200000"),
        ],
    ),
    (
        "northshire-borough-council",
        "NBC-0102",
        "Cleaning of council offices and libraries",
        "90900000",
        "Regular cleaning of the town hall, two office buildings and six branch libraries.",
        [("Town hall and civic centre", "90900000"), ("Branch libraries", "90900000"), ("Window cleaning", "90900000")],
    ),
    (
        "northshire-borough-council",
        "NBC-0103",
        "Small building repairs framework",
        "45400000",
        "Repairs and small works to council buildings: joinery, plastering, decorating and roofing.",
        [
            ("Joinery and carpentry", "45400000"),
            ("Painting and decorating", "45400000"),
            ("Roofing repairs", "45200000"),
            ("Plumbing", "45300000"),
            ("Electrical work", "45300000"),
            ("Plastering", "45400000"),
        ],
    ),
    (
        "northshire-borough-council",
        "NBC-0104",
        "School meals for primary schools",
        "55500000",
        "Healthy school lunches for 14 primary schools, using local produce where possible.",
        [("Schools in Northshire town", "55500000"), ("Village schools", "55500000")],
    ),
    (
        "northshire-borough-council",
        "NBC-0105",
        "Website content design support",
        "72400000",
        "Help to rewrite our website's service pages in plain English and test them with residents.",
        [("Content design and user research", "72400000")],
    ),
    (
        "westmoor-county-council",
        "WCC-2201",
        "Winter gritting support",
        "90600000",
        "Extra gritting and snow clearing for rural roads and school routes when the weather turns.",
        [("Upland routes", "90600000"), ("Market towns", "90600000"), ("Farm tractors with ploughs", "77100000")],
    ),
    (
        "westmoor-county-council",
        "WCC-2202",
        "Home care in rural areas",
        "85300000",
        "Care and support at home for older and disabled people in the county's rural areas.",
        [
            ("East Westmoor", "85300000"),
            ("West Westmoor", "85300000"),
            ("Night-time support", "85300000"),
            ("Reablement after hospital", "85100000"),
        ],
    ),
    (
        "westmoor-county-council",
        "WCC-2203",
        "Highway verge cutting",
        "77300000",
        "Cutting grass verges on A and B roads twice a year, with wildlife-friendly timing.",
        [("North area", "77300000"), ("South area", "77300000")],
    ),
    (
        "westmoor-county-council",
        "WCC-2204",
        "Library courier service",
        "64100000",
        "Moving books and equipment between 22 libraries and the county store every week.",
        [("Weekly courier rounds", "64100000")],
    ),
    (
        "westmoor-county-council",
        "WCC-2205",
        "Youth activities in the summer holidays",
        "92000000",
        "Sport, arts and outdoor activities with healthy food for children on free school meals.",
        [
            ("Sport and outdoor activities", "92600000"),
            ("Arts and crafts", "92300000"),
            ("Holiday lunches", "55500000"),
            ("Activities for children with special needs", "85300000"),
            ("Transport to activities", "60100000"),
        ],
    ),
    (
        "university-of-northshire",
        "UON-3301",
        "Laboratory consumables",
        "33000000",
        "Gloves, glassware, pipette tips and other everyday supplies for teaching and research labs.",
        [("Gloves and protective wear", "18100000"), ("Glassware", "38000000"), ("Plastic consumables", "19500000")],
    ),
    (
        "university-of-northshire",
        "UON-3302",
        "Campus catering and coffee bars",
        "55300000",
        "Running three coffee bars and a food hall on the main campus during term time.",
        [("Coffee bars", "55400000"), ("Food hall", "55300000"), ("Hospitality for events", "55500000")],
    ),
    (
        "university-of-northshire",
        "UON-3303",
        "Student wellbeing counselling",
        "85100000",
        "Short-term counselling for students, face to face and online, including evenings.",
        [("Face-to-face counselling", "85100000"), ("Online counselling", "85100000")],
    ),
    (
        "university-of-northshire",
        "UON-3304",
        "Refurbishment of the library ground floor",
        "45200000",
        "Turning the library ground floor into a flexible study space with better access.",
        [("Building works", "45200000"), ("Furniture", "39100000"), ("Audio-visual equipment", "32300000")],
    ),
    (
        "university-of-northshire",
        "UON-3305",
        "Graduation photography",
        "79900000",
        "Photographs of graduates and guests at the summer and winter ceremonies.",
        [("Graduation photography", "79900000")],
    ),
    (
        "northshire-college",
        "NC-4401",
        "Training kitchen equipment",
        "39700000",
        "Ovens, fridges and equipment for our new catering training kitchen.",
        [("Cooking equipment", "39700000"), ("Refrigeration", "42500000")],
    ),
    (
        "northshire-college",
        "NC-4402",
        "Cleaning of college campuses",
        "90900000",
        "Daily cleaning of two campuses, with extra cleaning before open days and exams.",
        [("Town centre campus", "90900000"), ("Riverside campus", "90900000")],
    ),
    (
        "northshire-college",
        "NC-4403",
        "Apprenticeship end-point assessment",
        "80500000",
        "Independent assessment of apprentices in construction, care and hospitality.",
        [("Construction trades", "80500000"), ("Health and social care", "80500000"), ("Hospitality", "80500000")],
    ),
    (
        "northshire-college",
        "NC-4404",
        "Minibus hire",
        "60100000",
        "Minibuses with drivers for student trips and work placements.",
        [("Minibus hire with driver", "60100000")],
    ),
    (
        "northshire-college",
        "NC-4405",
        "Printing of the course guide",
        "79800000",
        "Design and print of our yearly course guide and leaflets for adult learners.",
        [("Design", "79800000"), ("Printing and delivery", "22100000")],
    ),
    (
        "riverside-sixth-form-college",
        "RSF-5501",
        "Laptops for students",
        "30200000",
        "Laptops on loan for students who do not have one at home, with support.",
        [("Laptops", "30200000"), ("Repairs and support", "50300000")],
    ),
    (
        "riverside-sixth-form-college",
        "RSF-5502",
        "Cleaning services",
        "90900000",
        "Cleaning of the college building, sports hall and grounds.",
        [("Cleaning", "90900000")],
    ),
    (
        "riverside-sixth-form-college",
        "RSF-5503",
        "Residential trips",
        "63500000",
        "Field trips for geography and biology students, with travel and accommodation.",
        [("Geography field trip", "63500000"), ("Biology field trip", "63500000")],
    ),
    (
        "riverside-sixth-form-college",
        "RSF-5504",
        "Careers guidance sessions",
        "80400000",
        "One-to-one careers advice for every student in their first year.",
        [("Careers guidance", "80400000")],
    ),
    (
        "riverside-sixth-form-college",
        "RSF-5505",
        "Sports coaching",
        "92600000",
        "Coaches for netball, football and climbing after college.",
        [("Netball", "92600000"), ("Football", "92600000"), ("Climbing", "92600000")],
    ),
    (
        "northshire-police",
        "NP-6601",
        "Vehicle servicing and repairs",
        "50100000",
        "Servicing, MOTs and repairs for about 300 police cars and vans.",
        [
            ("Cars", "50100000"),
            ("Vans and specialist vehicles", "50100000"),
            ("Tyres", "34300000"),
            ("Windscreens", "34300000"),
        ],
    ),
    (
        "northshire-police",
        "NP-6602",
        "Custody suite cleaning",
        "90900000",
        "Specialist cleaning of custody suites, including bodily fluid clean-ups, day and night.",
        [("North custody suite", "90900000"), ("South custody suite", "90900000")],
    ),
    (
        "northshire-police",
        "NP-6603",
        "Uniform alterations",
        "18100000",
        "Alterations and repairs to officers' uniforms, collected and returned each week.",
        [("Alterations and repairs", "18100000")],
    ),
    (
        "northshire-police",
        "NP-6604",
        "Victim support services",
        "85300000",
        "Emotional and practical support for victims of crime, including young people.",
        [
            ("Support for adult victims", "85300000"),
            ("Support for young victims", "85300000"),
            ("Domestic abuse advocacy", "85300000"),
        ],
    ),
    (
        "northshire-police",
        "NP-6605",
        "Interpreting and translation",
        "79500000",
        "Face-to-face and phone interpreting in more than 40 languages, all day every day.",
        [
            ("Face-to-face interpreting", "79500000"),
            ("Phone and video interpreting", "79500000"),
            ("Written translation", "79500000"),
        ],
    ),
    (
        "homes-for-northshire",
        "HFN-7701",
        "Empty homes repairs",
        "45400000",
        "Getting empty homes ready for new tenants: repairs, cleaning and decorating.",
        [
            ("North estates", "45400000"),
            ("South estates", "45400000"),
            ("Cleaning and clearance", "90900000"),
            ("Decorating", "45400000"),
            ("Kitchen replacements", "45400000"),
            ("Bathroom replacements", "45300000"),
        ],
    ),
    (
        "homes-for-northshire",
        "HFN-7702",
        "Gas servicing and repairs",
        "50700000",
        "Yearly gas safety checks and boiler repairs for 12,000 homes.",
        [("Servicing", "50700000"), ("Boiler repairs", "50700000"), ("Boiler replacements", "45300000")],
    ),
    (
        "homes-for-northshire",
        "HFN-7703",
        "Communal area cleaning",
        "90900000",
        "Cleaning stairs, corridors and bin stores in our blocks of flats.",
        [("Blocks in Northshire town", "90900000"), ("Blocks in Westmoor", "90900000")],
    ),
    (
        "homes-for-northshire",
        "HFN-7704",
        "Tenant digital skills",
        "80400000",
        "Helping tenants get online: devices, data and friendly training in community centres.",
        [("Training sessions", "80400000"), ("Devices and data", "30200000")],
    ),
    (
        "homes-for-northshire",
        "HFN-7705",
        "Energy efficiency upgrades",
        "45300000",
        "Insulation, heat pumps and solar panels for 400 older homes.",
        [("Loft and wall insulation", "45300000"), ("Heat pumps", "45300000"), ("Solar panels", "09300000")],
    ),
    (
        "northshire-teaching-hospitals-nhs-trust",
        "NTH-8801",
        "Patient transport",
        "60100000",
        "Non-emergency transport for patients to and from hospital appointments.",
        [
            ("Wheelchair transport", "60100000"),
            ("Stretcher transport", "60100000"),
            ("Volunteer car scheme", "60100000"),
        ],
    ),
    (
        "northshire-teaching-hospitals-nhs-trust",
        "NTH-8802",
        "Linen and laundry",
        "98300000",
        "Washing and delivering bed linen, towels and staff uniforms for three hospitals.",
        [("Laundry service", "98300000")],
    ),
    (
        "northshire-teaching-hospitals-nhs-trust",
        "NTH-8803",
        "Staff wellbeing programme",
        "85100000",
        "Physiotherapy, counselling and fitness sessions for hospital staff.",
        [("Physiotherapy", "85100000"), ("Counselling", "85100000"), ("Fitness sessions", "92600000")],
    ),
    (
        "northshire-teaching-hospitals-nhs-trust",
        "NTH-8804",
        "Hospital food",
        "15800000",
        "Fresh local food for patient meals: bread, dairy, fruit and vegetables.",
        [
            ("Bread and bakery", "15800000"),
            ("Milk and dairy", "15500000"),
            ("Fruit and vegetables", "03200000"),
            ("Meat", "15100000"),
        ],
    ),
    (
        "northshire-teaching-hospitals-nhs-trust",
        "NTH-8805",
        "Grounds and car park maintenance",
        "77300000",
        "Looking after gardens, paths and car parks at three hospital sites.",
        [("Gardens", "77300000"), ("Car park repairs", "45200000")],
    ),
]

STAGE_CYCLE = [
    Stage.OPEN,
    Stage.PIPELINE,
    Stage.AWARDED,
    Stage.OPEN,
    Stage.MARKET_ENGAGEMENT,
    Stage.EVALUATION,
    Stage.OPEN,
    Stage.CANCELLED,
]
SUPPLIERS = [
    ("Brightwash Co-operative", "PR1 3NX", Award.SupplierSize.SMALL, Award.SupplierType.COOP),
    ("Greenway Gardens Ltd", "PR2 6AB", Award.SupplierSize.MICRO, Award.SupplierType.PRIVATE),
    ("Moorland Community Interest Company", "BB2 1JD", Award.SupplierSize.SMALL, Award.SupplierType.SOCIAL_ENTERPRISE),
    ("Riverside Builders Ltd", "LA1 4XQ", Award.SupplierSize.MEDIUM, Award.SupplierType.PRIVATE),
    ("Northern Facilities plc", "M1 2HY", Award.SupplierSize.LARGE, Award.SupplierType.PRIVATE),
    ("Westmoor Care Partnership", "BB4 7PL", Award.SupplierSize.MEDIUM, Award.SupplierType.EMPLOYEE_OWNED),
    ("Open Door Trust", "PR5 2QT", Award.SupplierSize.SMALL, Award.SupplierType.VCSE),
    ("Pennine Print and Design", "LS1 5AE", Award.SupplierSize.MICRO, Award.SupplierType.PRIVATE),
]
PROCEDURES = [
    Procedure.OPEN,
    Procedure.BELOW_THRESHOLD_OPEN,
    Procedure.OPEN,
    Procedure.COMPETITIVE_FLEXIBLE,
    Procedure.FRAMEWORK_CALL_OFF,
]
ACCREDITATIONS = ["", "", "SafeContractor, CHAS or a similar health and safety scheme.", "ISO 9001 or similar.", ""]
INSURANCE = [
    "Public liability £5 million and employer's liability £10 million.",
    "Public liability £2 million.",
    "",
]


def at_noon(day):
    """Deadlines are at 12 noon UK time, the usual practice."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def key_dates(stage, rng, today):
    """Dates that make sense for the stage, relative to today."""
    if stage in (Stage.PIPELINE, Stage.MARKET_ENGAGEMENT):
        award = today + datetime.timedelta(days=rng.randint(90, 200))
        return {
            "published_date": at_noon(today - datetime.timedelta(days=rng.randint(3, 30))),
            "submission_deadline": None,
            "clarification_deadline": None,
            "expected_award_date": award,
            "contract_start": award + datetime.timedelta(days=30),
        }
    if stage == Stage.OPEN:
        closes = today + datetime.timedelta(days=rng.randint(6, 45))
        opened = today - datetime.timedelta(days=rng.randint(2, 20))
    else:  # evaluation, awarded, cancelled: the deadline has passed
        closes = today - datetime.timedelta(days=rng.randint(5, 90))
        opened = closes - datetime.timedelta(days=rng.randint(28, 42))
    award = closes + datetime.timedelta(days=rng.randint(30, 60))
    return {
        "published_date": at_noon(opened),
        "clarification_deadline": at_noon(closes - datetime.timedelta(days=7)),
        "submission_deadline": at_noon(closes),
        "expected_award_date": award,
        "contract_start": award + datetime.timedelta(days=30),
    }


def stored_stage(stage):
    """Evaluation is shown by leaving an opportunity open past its deadline: the stage is derived."""
    return Stage.OPEN if stage == Stage.EVALUATION else stage


# One procurement still runs under the Public Contracts Regulations 2015: its contract notice went out
# before the Act began, so it keeps the 2015 procedure and notice forms to the end.
LEGACY_REFERENCE = "NTH-8805"
LEGACY_NOTICE_DAY = datetime.date(2025, 2, 10)
VAT = Decimal("1.2")


def demo_regime(organisation, lot_specs_high_total, today):
    """The regime the demo opportunity falls under (services with VAT at 20%), to reserve lots lawfully."""
    thresholds = act.thresholds_on(today, organisation.buyer_kind)
    return act.regime_for(lot_specs_high_total * VAT, thresholds, category=act.ContractCategory.SERVICES)


def build_lots(opportunity, lot_specs, codes, areas, rng, above_threshold=False):
    """Lots by number: existing ones are updated in place so their awards survive a re-run.

    Above the threshold the Act allows no SME, VCSE or local reservation, so those lots are not reserved.
    """
    existing = {lot.number: lot for lot in opportunity.lots.all()} if opportunity.pk else {}
    lots = []
    for number, (title, cpv) in enumerate(lot_specs, start=1):
        lot = existing.get(number) or Lot(number=number)
        high = Decimal(rng.choice([15, 25, 40, 60, 80, 120, 180, 250, 400])) * 1000
        lot.title = title
        lot.description = f"{title}: see the specification for the sites, volumes and service levels."
        lot.value_min = (high * Decimal("0.6")).quantize(Decimal("1"))
        lot.value_max = high
        lot.value_min_inc_vat, lot.value_max_inc_vat = lot.value_min * VAT, high * VAT
        lot.duration_months = rng.choice([12, 24, 36, 48])
        lot.suitable_for_sme = high <= 250000 or rng.random() < 0.3
        lot.suitable_for_vcse = rng.random() < 0.35
        lot.reserved, lot.reserved_area = "", None
        roll = rng.random()
        if roll < 0.12:
            lot.reserved = Lot.Reserved.SME
        elif roll < 0.2:
            lot.reserved = Lot.Reserved.VCSE
        elif roll < 0.28 and areas:
            lot.reserved, lot.reserved_area = Lot.Reserved.LOCAL, rng.choice(areas)
        if above_threshold and lot.reserved in act.BELOW_THRESHOLD_ONLY_RESERVATIONS:
            lot.reserved, lot.reserved_area = "", None
        # A lot reserved for VCSEs or a local area is not open to every SME.
        lot.suitable_for_sme = act.suitable_for_sme(lot.suitable_for_sme, lot.reserved)
        lot.sort_order = number - 1
        lot.cpv_codes = [codes[cpv]] if cpv in codes else []
        lot.locations = [rng.choice(areas)] if areas else []
        lots.append(lot)
    return lots


def upsert_opportunity(organisation, index, entry, codes, areas, themes, rng, today):
    _, reference, title, main_cpv, summary, lot_specs = entry
    legacy = reference == LEGACY_REFERENCE
    stage = Stage.EVALUATION if legacy else STAGE_CYCLE[index % len(STAGE_CYCLE)]
    opportunity = OpportunityPage.objects.filter(buyer=organisation, reference=reference).first()
    created = opportunity is None
    if created:
        opportunity = OpportunityPage(reference=reference, slug=reference.lower())
    fields = {
        "title": title,
        "summary": summary,
        "stage": stored_stage(stage),
        "procedure": Procedure.PCR_RESTRICTED if legacy else PROCEDURES[index % len(PROCEDURES)],
        "main_cpv": codes.get(main_cpv),
        "minimum_turnover": Decimal(rng.choice([0, 0, 50, 100, 250])) * 1000 or None,
        "accreditations": ACCREDITATIONS[index % len(ACCREDITATIONS)],
        "insurance": INSURANCE[index % len(INSURANCE)],
        "how_to_bid_url": f"https://tenders.example.org/{organisation.slug}/{reference.lower()}",
        "how_to_bid": "Register on the tender website for free, then download the documents and send your bid there.",
        "contact_name": "Procurement team",
        "contact_email": organisation.contact_email or "procurement@example.org",
        "no_lots_reason": (
            "The work is small and needs one supplier to be responsible for all of it." if len(lot_specs) == 1 else ""
        ),
        **key_dates(stage, rng, today),
    }
    if legacy:
        fields["published_date"] = at_noon(LEGACY_NOTICE_DAY)
    for name, value in fields.items():
        setattr(opportunity, name, value)
    rng_state = rng.getstate()
    lots = build_lots(opportunity, lot_specs, codes, areas, rng)
    total = sum(lot.value_max for lot in lots)
    if demo_regime(organisation, total, today) in act.ABOVE_THRESHOLD_REGIMES:
        rng.setstate(rng_state)  # the same lots again, without the reservations the Act forbids
        lots = build_lots(opportunity, lot_specs, codes, areas, rng, above_threshold=True)
    opportunity.lots = lots
    opportunity.value_min, opportunity.value_max = sum(lot.value_min for lot in lots), total
    opportunity.value_min_inc_vat, opportunity.value_max_inc_vat = opportunity.value_min * VAT, total * VAT
    opportunity.category = act.ContractCategory.SERVICES
    opportunity.notices = demo_notices(opportunity, stage, reference, legacy)
    opportunity.locations = sorted({location for lot in lots for location in lot.locations.all()}, key=str)
    opportunity.social_value_themes = rng.sample(themes, k=min(2, len(themes)))
    if created:
        organisation.add_child(instance=opportunity)
    opportunity.save_revision().publish()
    if stage == Stage.AWARDED:
        record_awards(opportunity, rng, today)
    return created


def demo_notices(opportunity, stage, reference, legacy):
    """The notices the stage implies, as the buyer would have published them on the CDP (made-up identifiers)."""
    opened = timezone.localdate(opportunity.published_date) if opportunity.published_date else clock.today()
    number = sum(ord(char) for char in reference)

    def notice(notice_type, day, order, **fields):
        identifier = f"{number * 10 + order:06d}-{day.year}"
        return Notice(
            notice_type=notice_type,
            identifier=identifier,
            url=f"https://www.find-tender.service.gov.uk/Notice/{identifier}",
            published=day,
            sort_order=order,
            **fields,
        )

    if legacy:
        return [notice(NoticeType.F02, opened, 1)]
    if stage == Stage.PIPELINE:
        return [notice(NoticeType.UK3, opened, 1)]
    if stage == Stage.MARKET_ENGAGEMENT:
        return [notice(NoticeType.UK2, opened, 1)]
    notices = [notice(NoticeType.UK4, opened, 1)]
    if stage == Stage.AWARDED:
        awarded = max(opened, clock.today() - datetime.timedelta(days=30))
        notices.append(
            notice(NoticeType.UK6, awarded, 2, standstill_end=awarded + datetime.timedelta(days=12)),
        )
    elif stage == Stage.CANCELLED:
        notices.append(notice(NoticeType.UK12, clock.today() - datetime.timedelta(days=3), 2))
    return notices


def record_awards(opportunity, rng, today):
    for lot in opportunity.lots.all():
        name, postcode, size, kind = rng.choice(SUPPLIERS)
        Award.objects.update_or_create(
            lot=lot,
            supplier_name=name,
            defaults={
                "supplier_postcode": postcode,
                "supplier_size": size,
                "supplier_type": kind,
                "value": (lot.value_max * Decimal(rng.choice(["0.8", "0.9", "0.95"]))).quantize(Decimal("1")),
                "award_date": today - datetime.timedelta(days=rng.randint(3, 40)),
            },
        )


@transaction.atomic
def seed(progress=print):
    rng = random.Random(SEED)
    today = clock.today()
    codes = {
        code.code: code
        for code in CPVCode.objects.filter(
            code__in={e[3] for e in CATALOGUE} | {cpv for e in CATALOGUE for _, cpv in e[5]}
        )
    }
    areas = list(Location.objects.filter(kind=Location.Kind.LOCAL_AREA).order_by("name"))
    themes = list(SocialValueTheme.objects.order_by("name"))
    organisations = {page.slug: page for page in OrganisationPage.objects.all()}
    created = 0
    for index, entry in enumerate(CATALOGUE):
        organisation = organisations.get(entry[0])
        if organisation is None:
            progress(f"  skipped {entry[1]}: organisation {entry[0]} is missing (run the portal seed first)")
            continue
        created += upsert_opportunity(organisation, index, entry, codes, areas, themes, rng, today)
        if (index + 1) % 10 == 0 or index + 1 == len(CATALOGUE):
            progress(f"  opportunity {index + 1}/{len(CATALOGUE)}")
    progress(
        f"  {OpportunityPage.objects.count()} opportunities ({created} new), {Lot.objects.count()} lots, "
        f"{Award.objects.count()} awards"
    )
