"""Demo content for the shared app, and the runner that calls every app's demo module.

Each app that has demo content provides `<app>/demo.py` with a `seed(progress)` function. They run
in dependency order, each idempotent (looked up by slug or natural key, then updated).
"""

import importlib
import os

from django.contrib.auth import get_user_model
from django.db import transaction

from wagtail.models import Page, Site

from portal.buyers import BuyerKind
from portal.models import (
    HomePage,
    Location,
    OrganisationIndexPage,
    OrganisationPage,
    PortalSettings,
    SocialValueTheme,
    StandardPage,
)

DEMO_APPS = [
    "portal",
    "opportunities",
    "events",
    "guidance",
    "finder",
    "alerts",
    "insights",
    "spend",
    "suppliers",
    "impact",
]

ADMIN_USERNAME = "admin"
# A local demo needs a known login; production never runs seed_demo. Override with DEMO_ADMIN_PASSWORD.
ADMIN_PASSWORD = os.environ.get("DEMO_ADMIN_PASSWORD", "change-me-demo-admin")
BUYER_PASSWORD = os.environ.get("DEMO_BUYER_PASSWORD", "change-me-demo-buyer")

ORGANISATIONS = [
    (
        "northshire-borough-council",
        "Northshire Borough Council",
        "council",
        "We buy everything from grounds maintenance and building repairs to IT, care services and school meals. "
        "We break big contracts into smaller lots so that local firms can bid.",
    ),
    (
        "westmoor-county-council",
        "Westmoor County Council",
        "council",
        "We look after roads, social care and schools across the county. We want more of our spending to stay "
        "with businesses in the county.",
    ),
    (
        "university-of-northshire",
        "University of Northshire",
        "university",
        "We buy laboratory equipment, catering, building works, IT and student services. Our suppliers help us "
        "train the next generation.",
    ),
    (
        "northshire-college",
        "Northshire College",
        "college",
        "We are a further education college. We buy catering, cleaning, training equipment and building maintenance.",
    ),
    (
        "riverside-sixth-form-college",
        "Riverside Sixth Form College",
        "college",
        "A sixth form college buying small contracts for IT, cleaning, printing and school trips.",
    ),
    (
        "northshire-police",
        "Northshire Police",
        "police",
        "We buy vehicles, uniforms, IT, forensic services and building maintenance for stations across the area.",
    ),
    (
        "homes-for-northshire",
        "Homes for Northshire",
        "housing",
        "A housing association with 12,000 homes. We buy repairs, voids, gas servicing, grounds maintenance "
        "and community investment programmes.",
    ),
    (
        "northshire-teaching-hospitals-nhs-trust",
        "Northshire Teaching Hospitals NHS Trust",
        "nhs",
        "We run three hospitals and community services. We buy medical supplies, facilities services, "
        "transport and digital services.",
    ),
]

REGIONS = [
    ("North East", "TLC"),
    ("North West", "TLD"),
    ("Yorkshire and The Humber", "TLE"),
    ("East Midlands", "TLF"),
    ("West Midlands", "TLG"),
    ("East of England", "TLH"),
    ("London", "TLI"),
    ("South East", "TLJ"),
    ("South West", "TLK"),
    ("Wales", "TLL"),
    ("Scotland", "TLM"),
    ("Northern Ireland", "TLN"),
]
LOCAL_AREAS = [
    ("Northshire", "PR1, PR2, PR3, PR4, PR5"),
    ("Westmoor", "BB1, BB2, BB3, BB4"),
    ("Riverside", "LA1, LA2"),
]
SOCIAL_VALUE_THEMES = [
    ("Local jobs and skills", "Jobs, apprenticeships and training for local people."),
    ("Supporting local business", "Spending with local small firms, co-ops and social enterprises."),
    ("Net zero and the environment", "Cutting carbon, waste and pollution."),
    ("Healthier, safer communities", "Volunteering, community projects and wellbeing."),
    ("Fair work", "Paying the real Living Wage and treating staff fairly."),
]

STANDARD_PAGES = [
    ("accessibility", "Accessibility statement", "How accessible this website is, and how to tell us about a problem."),
    ("privacy", "Privacy notice", "What personal information we collect, why, and how long we keep it."),
    ("cookies", "Cookies", "We only use cookies that the website needs to work."),
]


def seed_all(progress=print):
    """Run every app's demo seeder in order."""
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.demo":
                raise
            continue
        progress(f"Seeding {app}…")
        module.seed(progress)


def upsert_child(parent, model, slug, **fields):
    """Create or update a published child page of `parent` by slug."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page


def home_page():
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title="Home", slug="home")
        root.add_child(instance=home)
        Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    return home


@transaction.atomic
def seed(progress=print):
    settings = PortalSettings.load()
    settings.brand_name = "Northshire Buying Partnership"
    settings.local_postcode_districts = ", ".join(d for _, districts in LOCAL_AREAS for d in [districts])
    settings.save()

    for name, code in REGIONS:
        Location.objects.update_or_create(
            slug=code.lower(), defaults={"name": name, "kind": Location.Kind.REGION, "itl_code": code}
        )
    north_west = Location.objects.get(itl_code="TLD")
    for name, districts in LOCAL_AREAS:
        Location.objects.update_or_create(
            slug=name.lower(),
            defaults={
                "name": name,
                "kind": Location.Kind.LOCAL_AREA,
                "region": north_west,
                "postcode_districts": districts,
            },
        )
    for name, description in SOCIAL_VALUE_THEMES:
        SocialValueTheme.objects.update_or_create(
            slug=name.lower().replace(" ", "-").replace(",", ""), defaults={"name": name, "description": description}
        )
    progress(f"  {Location.objects.count()} locations, {SocialValueTheme.objects.count()} social value themes")

    home = home_page()
    home.title = "Home"
    home.save_revision().publish()

    buyers = upsert_child(
        home,
        OrganisationIndexPage,
        "buyers",
        title="Buyers",
        intro="The public bodies in the partnership, and what each of them buys.",
    )
    for position, (slug, title, kind, intro) in enumerate(ORGANISATIONS, start=1):
        upsert_child(
            buyers,
            OrganisationPage,
            slug,
            title=title,
            organisation_type=kind,
            buyer_kind=BuyerKind.SUB_CENTRAL,
            # Made-up PPONs in the platform's format, marked DEMO so nobody mistakes them for real ones.
            ppon=f"PDMO-{position:04d}-DEMO",
            intro=intro,
            contact_name="Procurement team",
            contact_email=f"procurement@{slug.split('-')[0]}.example.org",
            website=f"https://{slug}.example.org",
        )
        progress(f"  organisation {position}/{len(ORGANISATIONS)}: {title}")

    for slug, title, summary in STANDARD_PAGES:
        if not StandardPage.objects.child_of(home).filter(slug=slug).exists():
            upsert_child(home, StandardPage, slug, title=title, summary=summary)

    create_demo_users(progress)


def create_demo_users(progress):
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username=ADMIN_USERNAME, defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(ADMIN_PASSWORD)
        admin.save()
    council = OrganisationPage.objects.get(slug="northshire-borough-council")
    buyer, created = User.objects.get_or_create(
        username="council-buyer",
        defaults={"email": "buyer@northshire.example.org", "first_name": "Sam", "last_name": "Buyer"},
    )
    if created:
        buyer.set_password(BUYER_PASSWORD)
        buyer.save()
    buyer.groups.add(council.buyers_group)
    progress(f"  admin login: {ADMIN_USERNAME} / {ADMIN_PASSWORD if created else '(unchanged)'}")
    progress(f"  buyer login for {council.title}: council-buyer / {BUYER_PASSWORD}")
