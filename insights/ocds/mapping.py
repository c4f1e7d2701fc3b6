"""One OCDS release applied to the portal: the opportunity, its lots, its awards.

What the release says overwrites the facts it carries (title, dates, values, lots, awards). What a buyer
adds in the portal stays: the plain-English summary is written only when the opportunity is created, and
readiness (turnover, insurance, accreditations), linked events and guidance are never touched. Lots are
never deleted, so events linked to them keep their links.
"""

from django.utils.text import slugify

from opportunities.cpv import parent_code
from opportunities.models import Lot, Notice, OpportunityPage, Procedure, Stage
from opportunities.procurement_act import ContractCategory, NoticeType
from portal.models import CPVCode

from ..models import ImportedRelease, OpportunityOcid
from .awards import apply_awards
from .releases import prefix
from .values import Rejected, amount_in_pounds, clean_text, parse_date, parse_datetime

METHOD_TO_PROCEDURE = {
    "open": Procedure.OPEN,
    "selective": Procedure.COMPETITIVE_FLEXIBLE,
    "limited": Procedure.FRAMEWORK_CALL_OFF,
    "direct": Procedure.DIRECT_AWARD,
}
PROCEDURE_BY_LABEL = {label.lower(): value for value, label in Procedure.choices}
# How far along a contracting process is. A release never moves an opportunity back down this order: a
# later notice without awards leaves an awarded contract awarded. Cancelled is as far as awarded, so the
# later of the two wins.
PROGRESS = {
    Stage.PIPELINE: 0,
    Stage.MARKET_ENGAGEMENT: 1,
    Stage.OPEN: 2,
    Stage.EVALUATION: 3,
    Stage.AWARDED: 4,
    Stage.CANCELLED: 4,
}
ENDED_WITHOUT_AWARD = {"cancelled", "unsuccessful", "withdrawn"}


def stage_of(release, tender):
    """The stage the release itself shows (see `next_stage` for how it combines with the current one)."""
    tags, status = set(release.get("tag") or []), tender.get("status")
    awarded = any(
        isinstance(award, dict) and award.get("status") in (None, "active") for award in release.get("awards") or []
    )
    if awarded:
        return Stage.AWARDED
    if "tenderCancellation" in tags or status in ENDED_WITHOUT_AWARD:
        return Stage.CANCELLED  # the process ended without a contract: cancelled, or no suitable bids
    if status == "complete" or tags & {"award", "awardUpdate", "contract"}:
        return Stage.AWARDED
    if status == "planned" or tags == {"planning"} or tags == {"planningUpdate"}:
        return Stage.PIPELINE
    if status == "planning":
        return Stage.MARKET_ENGAGEMENT
    return Stage.OPEN


def next_stage(current, shown):
    """The stage after a release: never further back than where the opportunity already is."""
    if current is None or PROGRESS[Stage(shown)] >= PROGRESS[Stage(current)]:
        return shown
    return current


def find_cpv(classification):
    """The portal's CPV code for an OCDS classification: the code itself, else the nearest level above it
    that the portal has (a class falls back to its group, a group to its division)."""
    if not isinstance(classification, dict) or str(classification.get("scheme", "")).upper() != "CPV":
        return None
    code = str(classification.get("id") or "").split("-")[0].strip()
    if not (len(code) == 8 and code.isdigit()):
        return None
    wanted = [code]
    while (code := parent_code(code)) is not None:
        wanted.append(code)
    found = {cpv.code: cpv for cpv in CPVCode.objects.filter(code__in=wanted)}
    return next((found[code] for code in wanted if code in found), None)


def classifications(tender, items):
    """(main classification, every classification) of a tender or a lot's items."""
    main = tender.get("classification")
    every = [main, *(tender.get("additionalClassifications") or [])]
    for item in items:
        every += [item.get("classification"), *(item.get("additionalClassifications") or [])]
    main = main or next((item.get("classification") for item in items if item.get("classification")), None)
    return main, [classification for classification in every if classification]


def suitability(data, tender):
    """(sme, vcse) suitability of a lot: its own, else the tender's (Contracts Finder), else None for each."""
    for source in (data, tender):
        own = source.get("suitability") if isinstance(source.get("suitability"), dict) else None
        if own is not None:
            return own.get("sme"), own.get("vcse")
        older = source.get("xClassifications") if isinstance(source.get("xClassifications"), dict) else None
        if older is not None:  # Contracts Finder before 2021
            return older.get("isSuitableForSme"), older.get("isSuitableForVco")
    return None, None


def lot_number(lot_id, taken):
    """A lot number for an OCDS lot id: its own digits (LOT-0002 is lot 2) unless taken, else the next free."""
    digits = "".join(character for character in lot_id if character.isdigit())
    if digits and 0 < int(digits) < 32_000 and int(digits) not in taken:
        return int(digits)
    return max(taken, default=0) + 1


def apply_lots(opportunity, tender, is_new, main=None):
    """The opportunity's lots after this release: the lots it names are created or updated, others kept.

    Returns {OCDS lot id: lot}. A lot keeps its OCDS id (`ocds_id`) whatever its form, so awards for
    `LOT-0002` go to that lot and exports use the same id.
    """
    existing = [] if is_new else list(opportunity.lots.all())
    described = [lot for lot in tender.get("lots") or [] if isinstance(lot, dict) and lot.get("id") is not None]
    items = [item for item in tender.get("items") or [] if isinstance(item, dict)]
    if not described and not existing:
        described = [{"id": "1", "title": tender.get("title") or "Whole contract"}]
    by_id = {lot.ocds_id or str(lot.number): lot for lot in existing}
    undivided = len(set(by_id) | {str(data["id"]) for data in described}) == 1
    for data in described:
        lot_id = str(data["id"])
        lot = by_id.get(lot_id)
        if lot is None:
            lot = Lot(number=lot_number(lot_id, {lot.number for lot in by_id.values()}), ocds_id=lot_id)
            by_id[lot_id] = lot
        lot.title = clean_text(data.get("title") or lot.title or f"Lot {lot.number}", 255)
        if data.get("description"):
            lot.description = clean_text(data["description"], 2000)
        if "value" in data:
            lot.value_max = amount_in_pounds(data["value"], f"Lot {lot_id}'s value")
            lot.value_max_inc_vat = amount_in_pounds(data["value"], f"Lot {lot_id}'s value", key="amountGross")
        sme, vcse = suitability(data, tender)
        lot.suitable_for_sme = lot.suitable_for_sme if sme is None else bool(sme)
        lot.suitable_for_vcse = lot.suitable_for_vcse if vcse is None else bool(vcse)
        if undivided:  # an undivided contract: the tender's codes and every item are the one lot's
            _, every = classifications(tender, items)
        else:
            _, every = classifications({}, [item for item in items if str(item.get("relatedLot")) == lot_id])
        # The main code is the opportunity's (`main_cpv`); a lot lists the others.
        codes = [cpv for cpv in map(find_cpv, every) if cpv and cpv != main]
        if codes:
            lot.cpv_codes = list(dict.fromkeys(codes))
    # Lots the tender no longer lists are kept: events and alerts may point at them.
    opportunity.lots = sorted(by_id.values(), key=lambda lot: lot.number)
    return by_id


def apply_opportunity_fields(opportunity, release, tender, is_new):
    release_date = parse_datetime(release["date"])
    opportunity.title = clean_text(tender.get("title") or opportunity.title or "Untitled contract", 255)
    opportunity.reference = str(tender.get("id") or opportunity.reference or release["ocid"])[:60]
    if is_new:
        # The plain-English summary is the buyer's: filled in from the notice once, never overwritten.
        opportunity.summary = clean_text(tender.get("description") or opportunity.title, 600)
    current = None if is_new else opportunity.stage
    opportunity.stage = next_stage(current, stage_of(release, tender))
    details = str(tender.get("procurementMethodDetails") or "").strip().lower()
    opportunity.procedure = PROCEDURE_BY_LABEL.get(details) or METHOD_TO_PROCEDURE.get(
        tender.get("procurementMethod"), opportunity.procedure or Procedure.OPEN
    )
    if "value" in tender:
        opportunity.value_max = amount_in_pounds(tender["value"], "The tender's value")
        opportunity.value_max_inc_vat = amount_in_pounds(tender["value"], "The tender's value", key="amountGross")
    if "minValue" in tender:
        opportunity.value_min = amount_in_pounds(tender["minValue"], "The tender's lowest value")
        opportunity.value_min_inc_vat = amount_in_pounds(tender["minValue"], "The lowest value", key="amountGross")
    if tender.get("procurementMethodRationale"):
        opportunity.direct_award_justification = str(tender["procurementMethodRationale"])[:2000]
    if tender.get("mainProcurementCategory") in ContractCategory.values:
        opportunity.category = tender["mainProcurementCategory"]
    period = tender.get("tenderPeriod") or {}
    opportunity.published_date = (
        parse_datetime(period.get("startDate") or tender.get("datePublished"))
        or opportunity.published_date
        or release_date
    )
    opportunity.submission_deadline = parse_datetime(period.get("endDate")) or opportunity.submission_deadline
    enquiry = tender.get("enquiryPeriod") or {}
    opportunity.clarification_deadline = parse_datetime(enquiry.get("endDate")) or opportunity.clarification_deadline
    contract = tender.get("contractPeriod") or {}
    opportunity.contract_start = parse_date(contract.get("startDate")) or opportunity.contract_start
    opportunity.contract_end = parse_date(contract.get("endDate")) or opportunity.contract_end
    items = [item for item in tender.get("items") or [] if isinstance(item, dict)]
    main, _ = classifications(tender, items)
    opportunity.main_cpv = find_cpv(main) or opportunity.main_cpv


def apply_notices(opportunity, release, tender, is_new):
    """Record the CDP notices the release lists (`tender.documents` with a `noticeType`, as the CDP and the
    portal's own export publish them), matched on their identifier; the stage follows from them."""
    existing = [] if is_new else list(opportunity.notices.all())
    by_identifier = {notice.identifier: notice for notice in existing}
    standstill = next(
        (
            parse_date((award.get("standstillPeriod") or {}).get("endDate"))
            for award in release.get("awards") or []
            if isinstance(award, dict) and isinstance(award.get("standstillPeriod"), dict)
        ),
        None,
    )
    for document in tender.get("documents") or []:
        if not isinstance(document, dict) or document.get("noticeType") not in NoticeType.values:
            continue
        identifier = str(document.get("id") or release["id"])[:60]
        notice = by_identifier.get(identifier) or Notice(identifier=identifier)
        notice.notice_type = document["noticeType"]
        notice.url = str(document.get("url") or notice.url or "")[:500]
        notice.published = parse_date(document.get("datePublished")) or notice.published or parse_date(release["date"])
        if notice.notice_type == NoticeType.UK6 and standstill:
            notice.standstill_end = standstill
        by_identifier[identifier] = notice
    if by_identifier:
        opportunity.notices = list(by_identifier.values())


def notice_identifiers(release, tender):
    """The CDP notice identifiers a release carries: its own id (Find a Tender's releases are its notices,
    like 012345-2026) and its notice documents' ids."""
    documents = [doc for doc in tender.get("documents") or [] if isinstance(doc, dict) and doc.get("noticeType")]
    return {str(release["id"]), *(str(doc.get("id")) for doc in documents if doc.get("id"))}


def find_opportunity(ocid, buyer, reference, notices=()):
    """The opportunity for a contracting process: by ocid; else the buyer's own one that recorded one of the
    release's CDP notices, or has the same reference (a notice the buyer published on the CDP for an
    opportunity made in the portal, which must not become a second opportunity); else None."""
    identity = OpportunityOcid.objects.select_related("opportunity").filter(ocid=ocid).first()
    if identity is not None:
        return identity.opportunity
    own = f"{prefix()}-"
    if ocid.startswith(own) and ocid[len(own) :].isdigit():
        found = OpportunityPage.objects.filter(pk=int(ocid[len(own) :])).first()
        if found is not None:
            return found
    unclaimed = OpportunityPage.objects.filter(buyer=buyer, ocds_identity__isnull=True)
    found = unclaimed.filter(notices__identifier__in=list(notices)).first() if notices else None
    if found is not None:
        return found
    if reference:
        return OpportunityPage.objects.filter(buyer=buyer, reference=reference, ocds_identity__isnull=True).first()
    return None


def apply_release(release, buyer, publish=True):
    """Create or update the opportunity, its lots and awards from one release; return (opportunity, notes).

    A new opportunity is published, or kept as a draft when `publish` is false; one already published stays
    published with the release's changes.
    """
    tender = release.get("tender") if isinstance(release.get("tender"), dict) else {}
    reference = str(tender.get("id") or "")[:60]
    opportunity = find_opportunity(release["ocid"], buyer, reference, notice_identifiers(release, tender))
    if opportunity is not None and opportunity.buyer_id not in (None, buyer.pk):
        raise Rejected(f"This contracting process belongs to another buyer in the portal, not {buyer.title}.")
    is_new = opportunity is None
    if is_new:
        opportunity = OpportunityPage(live=publish)
    apply_opportunity_fields(opportunity, release, tender, is_new)
    apply_notices(opportunity, release, tender, is_new)
    lots_by_id = apply_lots(opportunity, tender, is_new, main=opportunity.main_cpv)

    if is_new:
        opportunity.slug = _free_slug(buyer, release["ocid"])
        buyer.add_child(instance=opportunity)
    if not OpportunityOcid.objects.filter(opportunity=opportunity).exists():
        OpportunityOcid.objects.create(opportunity=opportunity, ocid=release["ocid"])
    revision = opportunity.save_revision()
    if opportunity.live:
        revision.publish()
    else:
        opportunity.save()  # a draft: its lots are saved, so awards can point at them
    if opportunity.stage == Stage.CANCELLED:
        # The cancellation's own date, so an export shows when it happened rather than when it was imported.
        OpportunityPage.objects.filter(pk=opportunity.pk).update(last_published_at=parse_datetime(release["date"]))
    notes = []
    saved_lots = {lot.ocds_id or str(lot.number): lot for lot in Lot.objects.filter(opportunity=opportunity)}
    apply_awards(opportunity, release, {key: saved_lots[key] for key in lots_by_id if key in saved_lots}, notes)
    ImportedRelease.objects.create(
        ocid=release["ocid"],
        release_id=str(release["id"]),
        release_date=parse_datetime(release["date"]),
        opportunity=opportunity,
    )
    return opportunity, notes


def _free_slug(buyer, ocid):
    base = slugify(ocid)[:200] or "contract"
    slug, n = base, 1
    while OpportunityPage.objects.child_of(buyer).filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
