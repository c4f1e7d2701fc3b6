"""Demo supplier profiles, a quick-quote request with answers, and a prime's subcontract. Idempotent, offline.

Profiles are looked up by email, the quote request by title and the subcontract by title, then updated.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from events.models import Partner
from opportunities.models import Award
from portal import clock
from portal.models import Location, OrganisationPage
from portal.suppliers import SupplierKind, SupplierSize

from .directory import refresh_search, save_work
from .finder_entries import index_subcontract
from .models import (
    PrimeAccess,
    QuoteInvitation,
    QuoteRequest,
    Subcontract,
    SubcontractAward,
    SubcontractLot,
    Supplier,
)

# (email, name, postcode, size, kind, CPV prefixes, places, own words, public listing, partner slugs)
SUPPLIERS = [
    (
        "hello@ribble-kitchen.example.org",
        "Ribble Kitchen Co-operative",
        "PR1 3AX",
        SupplierSize.MICRO,
        SupplierKind.COOP,
        ["55", "5552"],
        ["northshire"],
        "We cook school meals and cater for meetings and events.",
        True,
        ["northshire-chamber"],
    ),
    (
        "orders@preston-platters.example.org",
        "Preston Platters",
        "PR2 8QT",
        SupplierSize.SMALL,
        SupplierKind.PRIVATE,
        ["55"],
        ["northshire"],
        "Buffets, sandwich platters and hot lunches delivered across Preston.",
        True,
        ["fsb-north-west"],
    ),
    (
        "team@moorland-catering.example.org",
        "Moorland Community Catering",
        "BB2 4LT",
        SupplierSize.SMALL,
        SupplierKind.SOCIAL_ENTERPRISE,
        ["55", "80"],
        ["westmoor", "northshire"],
        "A social enterprise cafe and catering service that trains young people as chefs.",
        True,
        [],
    ),
    (
        "info@lune-valley-foods.example.org",
        "Lune Valley Foods",
        "LA1 2RE",
        SupplierSize.MICRO,
        SupplierKind.PRIVATE,
        ["15", "55"],
        ["riverside"],
        "Local bakery: bread, cakes and packed lunches.",
        False,
        [],
    ),
    (
        "hello@brightwash.example.org",
        "Brightwash Co-operative",
        "PR1 3NX",
        SupplierSize.SMALL,
        SupplierKind.COOP,
        ["90", "909"],
        ["northshire"],
        "Office and school cleaning by a worker co-operative.",
        True,
        ["northshire-chamber"],
    ),
    (
        "jobs@greenway-gardens.example.org",
        "Greenway Gardens",
        "PR2 6AB",
        SupplierSize.MICRO,
        SupplierKind.PRIVATE,
        ["77"],
        ["northshire"],
        "Grounds maintenance, grass cutting and tree care.",
        True,
        ["fsb-north-west"],
    ),
    (
        "office@westmoor-care.example.org",
        "Westmoor Care Partnership",
        "BB4 7PL",
        SupplierSize.MEDIUM,
        SupplierKind.EMPLOYEE_OWNED,
        ["85"],
        ["westmoor"],
        "Home care and day services, owned by our staff.",
        False,
        [],
    ),
    (
        "help@open-door.example.org",
        "Open Door Trust",
        "PR5 2QT",
        SupplierSize.SMALL,
        SupplierKind.VCSE,
        ["85", "80"],
        ["northshire"],
        "A charity running employment support and training for people far from work.",
        True,
        [],
    ),
    (
        "studio@pixel-co-op.example.org",
        "Pixel Co-op",
        "LA1 1PX",
        SupplierSize.MICRO,
        SupplierKind.COOP,
        ["72", "48"],
        ["riverside", "northshire"],
        "Websites, accessible digital services and IT support.",
        True,
        ["northshire-chamber"],
    ),
    (
        "sparks@riverside-electrical.example.org",
        "Riverside Electrical",
        "LA2 6EE",
        SupplierSize.MICRO,
        SupplierKind.PRIVATE,
        ["45", "4531"],
        ["riverside"],
        "Electrical installation, testing and repairs.",
        False,
        [],
    ),
]


def seed(progress=print):
    with transaction.atomic():
        suppliers = seed_suppliers()
        progress(f"  {len(suppliers)} supplier profiles")
        seed_quotes(suppliers)
        seed_subcontracts()


def seed_suppliers():
    places = {location.slug: location for location in Location.objects.all()}
    partners = {partner.slug: partner for partner in Partner.objects.all()}
    suppliers = []
    for email, name, postcode, size, kind, prefixes, place_slugs, words, public, partner_slugs in SUPPLIERS:
        supplier, _ = Supplier.objects.update_or_create(
            email=email,
            defaults={
                "business_name": name,
                "postcode": postcode,
                "size": size,
                "kind": kind,
                "description": words,
                "findable": True,
                "listed_publicly": public,
            },
        )
        save_work(supplier, prefixes)
        supplier.locations.set([places[slug] for slug in place_slugs if slug in places])
        supplier.partners.set([partners[slug] for slug in partner_slugs if slug in partners])
        suppliers.append(supplier)
    refresh_search(Supplier.objects.filter(pk__in=[s.pk for s in suppliers]).prefetch_related("work"))
    return suppliers


def seed_quotes(suppliers):
    council = OrganisationPage.objects.filter(slug="northshire-borough-council").first()
    if council is None:
        return
    request, _ = QuoteRequest.objects.update_or_create(
        organisation=council,
        title="Buffet lunch for 60 people",
        defaults={
            "message": "A buffet lunch for 60 people at the town hall, with vegetarian and halal choices.",
            "reply_by": clock.today() + datetime.timedelta(days=10),
        },
    )
    caterers = [
        s
        for s in suppliers
        if s.business_name in {"Ribble Kitchen Co-operative", "Preston Platters", "Moorland Community Catering"}
    ]
    answers = [QuoteInvitation.Response.WILL_QUOTE, QuoteInvitation.Response.DECLINED, QuoteInvitation.Response.WAITING]
    for supplier, answer in zip(caterers, answers, strict=False):
        QuoteInvitation.objects.update_or_create(
            request=request,
            supplier=supplier,
            defaults={
                "organisation": council,
                "business_name": supplier.business_name,
                "response": answer,
                "responded_at": None if answer == QuoteInvitation.Response.WAITING else clock.now(),
            },
        )


def seed_subcontracts():
    # The largest contract won by a large firm: the kind of prime that subcontracts to local firms.
    award = (
        Award.objects.filter(supplier_size=SupplierSize.LARGE).order_by("-value", "pk").first()
        or Award.objects.order_by("-value", "pk").first()
    )
    if award is None:
        return
    PrimeAccess.objects.get_or_create(award=award, email="bids@prime.example.org")
    subcontract, _ = Subcontract.objects.update_or_create(
        award=award,
        title="Window cleaning for council buildings",
        defaults={
            "description": "We are looking for local firms to clean windows at 12 council buildings every month.",
            "deadline": clock.now() + datetime.timedelta(days=21),
            "contact_name": "Jo Prime",
            "contact_email": "subcontracts@prime.example.org",
        },
    )
    for number, title, value in ((1, "Buildings in Preston", Decimal("18000")), (2, "Buildings in Leyland", None)):
        SubcontractLot.objects.update_or_create(
            subcontract=subcontract, number=number, defaults={"title": title, "value": value, "division": "90"}
        )
    index_subcontract(subcontract.pk)  # in the finder, whichever app's demo ran first
    SubcontractAward.objects.update_or_create(
        award=award,
        supplier_name="Brightwash Co-operative",
        defaults={
            "subcontract": subcontract,
            "supplier_postcode": "PR1 3NX",
            "supplier_size": SupplierSize.SMALL,
            "supplier_kind": SupplierKind.COOP,
            "value": Decimal("12500"),
            "awarded_on": clock.today() - datetime.timedelta(days=30),
        },
    )
