"""OCDS 1.1 releases (with the lots extension) built from the portal's opportunities.

The portal stores the current state of each opportunity, not its history, so releases are derived from
it: one per notice event the state shows (planning for a pipeline notice; tender once published; one award
release per award date; a cancellation). Their ids are built from the ocid and the event, so the same
opportunity always gives the same release ids.
"""

import datetime
from collections import deque
from itertools import islice

from django.conf import settings
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.utils.text import slugify

from impact.models import Commitment
from opportunities.models import Award, Lot, Notice, OpportunityPage, Procedure, Stage
from opportunities.procurement_act import ABOVE_THRESHOLD_REGIMES, OCDS_METHODS, NoticeType, standstill_end
from portal import clock

DEFAULT_PREFIX = "ocds-xxxxxx"
CURRENCY = "GBP"
LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"
)

PROCUREMENT_METHODS = OCDS_METHODS
# OCDS "scale" (from the party scale extension) has no small/medium split; `size` keeps the portal's value.
SCALES = {"micro": "micro", "small": "sme", "medium": "sme", "large": "large"}


def prefix():
    return getattr(settings, "OCDS_PREFIX", DEFAULT_PREFIX)


def ocid_for(opportunity):
    """The imported ocid when the opportunity came from elsewhere, otherwise the prefix and page id."""
    identity = getattr(opportunity, "ocds_identity", None)
    return identity.ocid if identity is not None else f"{prefix()}-{opportunity.pk}"


def buyer_party_id(organisation):
    return f"{prefix()}-buyer-{organisation.slug}"


def supplier_party_id(award):
    """The supplier's register and number when both are known; never a number given a register it is not from."""
    if award.supplier_number and award.supplier_scheme:
        return f"{award.supplier_scheme}-{award.supplier_number}"
    return f"{prefix()}-supplier-{slugify(award.supplier_name)}"


def buyer_identifiers(organisation):
    """The buyer's PPON as its identifier (how the CDP joins notices to it) and its other registers' numbers."""
    identifiers = [{"scheme": scheme, "id": number} for scheme, number in organisation.identifier_list()]
    return (identifiers[0] if identifiers else None), identifiers[1:]


# Awards held in memory at once when building many releases (the bulk export, a page of the API): memory
# then stays the same however many opportunities there are, unless a single opportunity has more awards.
AWARDS_PER_BATCH = 5_000


def published_opportunities():
    """Published opportunities in a fixed order, without their lots (see `load_lots_and_awards`)."""
    return (
        OpportunityPage.objects.live()
        .filter(buyer__isnull=False)
        .select_related("buyer", "main_cpv", "ocds_identity")
        .order_by("pk")
    )


def count_awards(opportunities):
    """Set `award_count` on each opportunity, in one grouped query.

    Not a correlated subquery in the listing: its cost estimate made PostgreSQL JIT-compile the query, which
    took seconds at 200,000 awards.
    """
    awards = Award.objects.filter(lot__opportunity__in=[opportunity.pk for opportunity in opportunities])
    counts = dict(awards.order_by().values_list("lot__opportunity").annotate(n=Count("pk")))
    for opportunity in opportunities:
        opportunity.award_count = counts.get(opportunity.pk, 0)
    return opportunities


def within_budget(opportunities, award_budget=None):
    """The leading opportunities whose awards add up to at most award_budget (always at least one)."""
    award_budget = award_budget or AWARDS_PER_BATCH
    taken, awards = [], 0
    for opportunity in count_awards(opportunities):
        if taken and awards + opportunity.award_count > award_budget:
            break
        taken.append(opportunity)
        awards += opportunity.award_count
    return taken


AWARD_FIELDS = [
    "pk",
    "lot_id",
    "award_id",
    "supplier_name",
    "supplier_number",
    "supplier_scheme",
    "supplier_postcode",
    "supplier_size",
    "supplier_type",
    "value",
    "award_date",
]


def load_lots_and_awards(opportunities):
    """Everything a release needs for these opportunities, in four queries.

    Each lot gets `release_awards`, in release order, and `release_commitments` ({award pk: [commitment]}).
    Awards are read as named tuples, not model instances: building and wiring up model instances was the
    largest cost of the bulk export.
    """
    lots = Lot.objects.order_by("number").prefetch_related("cpv_codes")
    prefetch_related_objects(
        opportunities,
        Prefetch("lots", queryset=lots),
        Prefetch("notices", queryset=Notice.objects.order_by("published", "sort_order", "pk")),
        "buyer__identifiers",
    )
    by_pk = {lot.pk: lot for opportunity in opportunities for lot in opportunity.lots.all()}
    for lot in by_pk.values():
        lot.release_awards, lot.release_commitments = [], {}
    if by_pk:
        awards = Award.objects.filter(lot_id__in=by_pk).order_by("award_date", "supplier_name", "pk")
        for award in awards.values_list(*AWARD_FIELDS, named=True):
            by_pk[award.lot_id].release_awards.append(award)
        commitments = Commitment.objects.filter(award__lot_id__in=by_pk).order_by(
            "award_id", "measure__theme__name", "measure__sort_order", "measure__name"
        )
        for row in commitments.values_list(
            "award__lot_id", "award_id", "measure__code", "measure__name", "measure__unit", "quantity", named=True
        ):
            by_pk[row.award__lot_id].release_commitments.setdefault(row.award_id, []).append(row)
    return opportunities


def in_batches(opportunities, award_budget=None, chunk_size=500):
    """Opportunities (from `published_opportunities`) with their lots and awards loaded, a batch at a time.

    Each batch holds at most award_budget awards (or one opportunity), and is let go before the next is loaded.
    """
    award_budget = award_budget or AWARDS_PER_BATCH
    opportunities = iter(opportunities)
    batch, awards = [], 0
    while chunk := deque(count_awards(list(islice(opportunities, chunk_size)))):
        while chunk:
            # Taken off the chunk so that a batch, once written, is referenced by nothing and freed.
            opportunity = chunk.popleft()
            if batch and awards + opportunity.award_count > award_budget:
                yield from load_lots_and_awards(batch)
                batch, awards = [], 0
            batch.append(opportunity)
            awards += opportunity.award_count
    yield from load_lots_and_awards(batch)


def iso(moment):
    if moment is None:
        return None
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{moment.isoformat()}T00:00:00Z"


def money(amount, gross=None):
    """An OCDS value: `amount` excludes VAT; `amountGross` (as the Central Digital Platform publishes) includes it."""
    if amount is None and gross is None:
        return None
    return compact(
        {
            "amount": None if amount is None else float(amount),
            "amountGross": None if gross is None else float(gross),
            "currency": CURRENCY,
        }
    )


# OCDS documentType for each notice (the notice's own UK number is kept in `noticeType`).
NOTICE_DOCUMENT_TYPES = {
    NoticeType.UK1: "plannedProcurementNotice",
    NoticeType.UK2: "plannedProcurementNotice",
    NoticeType.UK3: "plannedProcurementNotice",
    NoticeType.UK13: "plannedProcurementNotice",
    NoticeType.F01: "plannedProcurementNotice",
    NoticeType.UK4: "tenderNotice",
    NoticeType.UK14: "tenderNotice",
    NoticeType.F02: "tenderNotice",
    NoticeType.UK5: "awardNotice",
    NoticeType.UK6: "awardNotice",
    NoticeType.F03: "awardNotice",
    NoticeType.UK7: "contractNotice",
}


def notice_documents(notices):
    return [
        compact(
            {
                "id": notice.identifier,
                "documentType": NOTICE_DOCUMENT_TYPES.get(notice.notice_type, "notice"),
                "noticeType": notice.notice_type,
                "title": notice.get_notice_type_display(),
                "url": notice.url,
                "datePublished": iso(notice.published),
                "format": "text/html",
            }
        )
        for notice in notices
    ]


def compact(mapping):
    """Drop empty values: OCDS prefers absent fields to nulls."""
    return {key: value for key, value in mapping.items() if value not in (None, "", [], {})}


def classification(cpv):
    return {"scheme": "CPV", "id": cpv.code, "description": cpv.label}


def lot_id(lot):
    """The lot's id in OCDS: the one it was imported with (LOT-0002, say), else its number."""
    return lot.ocds_id or str(lot.number)


def tender_section(opportunity, status):
    lots = list(opportunity.lots.all())
    return compact(
        {
            "id": opportunity.reference,
            "title": opportunity.title,
            "description": opportunity.summary,
            "status": status,
            "procurementMethod": PROCUREMENT_METHODS.get(opportunity.procedure),
            "procurementMethodDetails": Procedure(opportunity.procedure).label if opportunity.procedure else None,
            "procurementMethodRationale": opportunity.direct_award_justification,
            "mainProcurementCategory": opportunity.category,
            "aboveThreshold": opportunity.regime in ABOVE_THRESHOLD_REGIMES if opportunity.regime else None,
            "value": money(opportunity.value_max, opportunity.value_max_inc_vat),
            "minValue": money(opportunity.value_min, opportunity.value_min_inc_vat),
            "documents": notice_documents(opportunity.notices.all()),
            "tenderPeriod": compact(
                {"startDate": iso(opportunity.published_date), "endDate": iso(opportunity.submission_deadline)}
            ),
            "enquiryPeriod": compact({"endDate": iso(opportunity.clarification_deadline)}),
            "contractPeriod": compact(
                {"startDate": iso(opportunity.contract_start), "endDate": iso(opportunity.contract_end)}
            ),
            "items": [
                compact(
                    {
                        "id": f"lot-{lot.number}",
                        "description": lot.title,
                        "classification": classification(opportunity.main_cpv) if opportunity.main_cpv else None,
                        "additionalClassifications": [classification(cpv) for cpv in lot.cpv_codes.all()],
                        "relatedLot": lot_id(lot),
                    }
                )
                for lot in lots
            ],
            "lots": [
                compact(
                    {
                        "id": lot_id(lot),
                        "title": lot.title,
                        "description": lot.description,
                        "status": status,
                        "value": money(lot.value_max, lot.value_max_inc_vat),
                        "suitability": {"sme": lot.suitable_for_sme, "vcse": lot.suitable_for_vcse},
                    }
                )
                for lot in lots
            ],
        }
    )


def promises_of(row, lots):
    """The commitments loaded for an award row (see `load_lots_and_awards`)."""
    lot = next((lot for lot in lots if lot.pk == row.lot_id), None)
    return getattr(lot, "release_commitments", {}).get(row.pk, [])


def award_section(award_id, lots, rows, standstill=None):
    """One OCDS award: its suppliers (one row each in the portal) share its value, given once."""
    first = rows[0]
    return {
        "id": award_id,
        "status": "active",
        "date": iso(first.award_date),
        **({"standstillPeriod": {"endDate": iso(standstill)}} if standstill else {}),
        "value": money(first.value),
        "suppliers": [
            {"id": supplier_party_id(row), "name": row.supplier_name}
            for row in {row.supplier_name: row for row in rows}.values()
        ],
        "relatedLots": list(dict.fromkeys(lot_id(lot) for lot in lots)),
        # Not in OCDS 1.1: the suppliers' social value commitments against the partnership's measures (as
        # recorded on the award's first row), published so they are not lost. The measure's code is the id, so
        # records merge them by measure.
        "socialValue": [
            {
                "id": row.measure__code,
                "measure": row.measure__name,
                "unit": row.measure__unit,
                "quantity": float(row.quantity),
            }
            for row in promises_of(first, lots)
        ],
    }


def group_awards(lot_rows):
    """OCDS awards from (lot, position, row) triples: rows sharing an award id are one award; a row typed in
    the portal (no award id) is an award of its own, `<lot number>-<position>`. Returns (id, lots, rows)."""
    grouped = {}
    for lot, position, row in lot_rows:
        key = row.award_id or f"{lot.number}-{position}"
        lots, rows = grouped.setdefault(key, ([], []))
        lots.append(lot)
        rows.append(row)
    return [(key, lots, rows) for key, (lots, rows) in grouped.items()]


def supplier_party(award):
    return compact(
        {
            "id": supplier_party_id(award),
            "name": award.supplier_name,
            "identifier": (
                {"scheme": award.supplier_scheme, "id": award.supplier_number}
                if award.supplier_number and award.supplier_scheme
                else None
            ),
            "address": compact({"postalCode": award.supplier_postcode}),
            "roles": ["supplier"],
            "details": {
                "scale": SCALES[award.supplier_size],
                "size": award.supplier_size,
                "organisationType": award.supplier_type,
            },
        }
    )


def release(opportunity, event, tag, date, tender_status, awards=()):
    ocid = ocid_for(opportunity)
    standstill = standstill_end(opportunity.notices.all()) if awards else None
    buyer = {"id": buyer_party_id(opportunity.buyer), "name": opportunity.buyer.title}
    identifier, additional = buyer_identifiers(opportunity.buyer)
    parties = {
        buyer["id"]: compact(
            {**buyer, "identifier": identifier, "additionalIdentifiers": additional, "roles": ["buyer"]}
        )
    }
    for _lot, _position, award in awards:
        party_id = supplier_party_id(award)
        if party_id not in parties:  # built once per supplier: a release can hold hundreds of its awards
            parties[party_id] = supplier_party(award)
    return compact(
        {
            "ocid": ocid,
            "id": f"{ocid}-{event}",
            "date": iso(date),
            "tag": [tag],
            "initiationType": "tender",
            "language": "en",
            "buyer": buyer,
            "parties": list(parties.values()),
            "tender": tender_section(opportunity, tender_status),
            "awards": [award_section(*award, standstill) for award in group_awards(awards)],
        }
    )


def releases_for(opportunity):
    """Every release the opportunity's state shows, oldest first (its lots and awards from `load_lots_and_awards`)."""
    stage = opportunity.stage
    first_seen = opportunity.published_date or opportunity.first_published_at or clock.now()
    if stage == Stage.PIPELINE:
        return [release(opportunity, "planning", "planning", first_seen, "planned")]
    status = "planning" if stage == Stage.MARKET_ENGAGEMENT else "active"
    result = [release(opportunity, "tender", "tender", first_seen, status)]
    if stage == Stage.AWARDED:
        by_date = {}
        for lot in opportunity.lots.all():
            for position, award in enumerate(lot.release_awards, start=1):
                by_date.setdefault(award.award_date, []).append((lot, position, award))
        for date in sorted(by_date):
            result.append(release(opportunity, f"award-{date.isoformat()}", "award", date, "complete", by_date[date]))
    elif stage == Stage.CANCELLED:
        cancelled = opportunity.last_published_at or first_seen
        result.append(release(opportunity, "cancellation", "tenderCancellation", cancelled, "cancelled"))
    return result


def package_metadata(uri):
    from portal.models import PortalSettings

    return {
        "uri": uri,
        "version": "1.1",
        "extensions": [LOTS_EXTENSION],
        "publishedDate": iso(clock.now()),
        "publisher": {"name": PortalSettings.load().brand_name},
        "license": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    }
