"""Demo content: guidance, the glossary, the support directory, the statement and the standard pages.

Idempotent and offline. Pages are found by slug and updated; the statement is created and published
once, signed by every demo anchor, and left alone after that so that editors' versions survive a re-seed.
"""

import datetime

from django.db import transaction

from guidance.content import glossary, guides, standard_pages, support
from guidance.models import (
    CommonStatement,
    GlossaryPage,
    GlossaryTerm,
    GuidanceIndexPage,
    GuidancePage,
    RelatedGuidance,
    Signatory,
    StatementPage,
    SupportDirectoryPage,
    SupportProvider,
    SupportService,
)
from portal import clock
from portal.demo import ORGANISATIONS, STANDARD_PAGES, home_page, upsert_child
from portal.models import Location, OrganisationPage, PortalSettings, StandardPage

OWNER = "Partnership procurement team"


@transaction.atomic
def seed(progress=print):
    home = home_page()
    seed_glossary(progress)
    index = upsert_child(
        home,
        GuidanceIndexPage,
        "guidance",
        title="Guidance for small businesses",
        intro="Plain-English help with selling to public bodies: how buying works, how to find and win "
        "contracts, and how to get paid.",
    )
    upsert_child(
        index,
        GlossaryPage,
        "glossary",
        title="Words used in public buying",
        intro="Public buying has its own words. Here is what they mean, in plain English.",
    )
    seed_guides(index, progress)
    seed_support(home, progress)
    seed_statement(home, progress)
    seed_standard_pages(home, progress)


def seed_glossary(progress):
    for term, definition in glossary.TERMS:
        slug = term.lower().replace(" ", "-")
        GlossaryTerm.objects.update_or_create(slug=slug, defaults={"term": term, "definition": definition})
    progress(f"  {GlossaryTerm.objects.count()} glossary terms")


def with_term_ids(body):
    """Swap glossary slugs in the guides' bodies for the terms' ids."""
    ids = dict(GlossaryTerm.objects.values_list("slug", "id"))
    return [
        {**block, "value": {"terms": [ids[slug] for slug in block["value"]["terms"]]}}
        if block["type"] == "glossary_terms"
        else block
        for block in body
    ]


def seed_guides(index, progress):
    today = clock.today()
    pages = {}
    for position, guide in enumerate(guides.GUIDES, start=1):
        pages[guide["slug"]] = upsert_child(
            index,
            GuidancePage,
            guide["slug"],
            title=guide["title"],
            topic=guide["topic"],
            summary=guide["summary"],
            body=with_term_ids(guide["body"]),
            last_reviewed=today,
            next_review_due=today + datetime.timedelta(days=365),
            content_owner=OWNER,
            opportunity_stage=guide.get("stage", ""),
            opportunity_procedure=guide.get("procedure", ""),
        )
        progress(f"  guide {position}/{len(guides.GUIDES)}: {guide['title']}")
    for guide in guides.GUIDES:
        page = pages[guide["slug"]]
        page.related_links = [
            RelatedGuidance(guidance=pages[slug], sort_order=order) for order, slug in enumerate(guide["related"])
        ]
        page.save_revision().publish()


def seed_support(home, progress):
    upsert_child(
        home,
        SupportDirectoryPage,
        "support",
        title="Free and low-cost business support",
        intro="These organisations help small businesses, co-ops and social enterprises find and win public "
        "contracts. Choose your area and the help you need.",
    )
    services = {
        slug: SupportService.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in support.SERVICES
    }
    areas = {location.slug: location for location in Location.objects.all()}
    for name, kind, summary, service_slugs, area_slugs, free, website, email, phone in support.PROVIDERS:
        provider, _ = SupportProvider.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "summary": summary,
                "free_to_use": free,
                "website": website,
                "email": email,
                "phone": phone,
            },
        )
        provider.services.set([services[slug] for slug in service_slugs])
        provider.areas.set([areas[slug] for slug in area_slugs if slug in areas])
    progress(f"  {SupportProvider.objects.count()} support providers")


def seed_statement(home, progress):
    upsert_child(
        home,
        StatementPage,
        "statement",
        title="Our common procurement statement",
        intro="Every public body in the partnership has signed this statement. It says how we will buy.",
    )
    if CommonStatement.objects.exists():
        progress("  common statement already exists: left as editors last published it")
        return
    statement = CommonStatement(
        title="Our common procurement statement",
        summary=standard_pages.STATEMENT_SUMMARY,
        commitments=[
            {"type": "commitment", "value": {"promise": promise, "detail": detail}}
            for promise, detail in standard_pages.COMMITMENTS
        ],
        change_note="First version, agreed by every member of the partnership.",
        live=False,
    )
    anchors = OrganisationPage.objects.filter(slug__in=[slug for slug, *_ in ORGANISATIONS]).order_by("title")
    signed = clock.today() - datetime.timedelta(days=30)
    statement.signatories = [
        Signatory(organisation=anchor, date_signed=signed, sort_order=order) for order, anchor in enumerate(anchors)
    ]
    statement.save()
    statement.save_revision().publish()
    progress(f"  common statement published, signed by {len(statement.signatories.all())} organisations")


def seed_standard_pages(home, progress):
    settings = PortalSettings.load()
    brand, email, phone = settings.brand_name, settings.contact_email, settings.contact_phone
    bodies = {
        "accessibility": standard_pages.accessibility(brand, email, phone, clock.today()),
        "privacy": standard_pages.privacy(brand, email),
        "cookies": standard_pages.cookies(),
    }
    for slug, title, summary in STANDARD_PAGES:
        upsert_child(home, StandardPage, slug, title=title, summary=summary, body=bodies[slug])
    progress("  accessibility statement, privacy notice and cookies page written")
