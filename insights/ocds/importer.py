"""Bringing OCDS releases published elsewhere into the portal as opportunities with lots and awards.

Each release is applied in its own transaction: one that fails (schema errors, an unknown buyer, bad values)
is rejected whole and reported, and the rest carry on. A release already imported (same ocid and release
id, recorded in ImportedRelease) is skipped, so running the import twice changes nothing.
"""

import datetime
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from finder import indexing
from opportunities.models import Award, Lot, OpportunityPage, Procedure, Stage
from portal.identifiers import IdentifierScheme
from portal.models import CPVCode, OrganisationPage

from .. import summary
from ..models import ImportedRelease, OpportunityOcid
from . import schema
from .releases import SCALES, prefix

logger = logging.getLogger(__name__)

METHOD_TO_PROCEDURE = {
    "open": Procedure.OPEN,
    "selective": Procedure.COMPETITIVE_FLEXIBLE,
    "limited": Procedure.FRAMEWORK_CALL_OFF,
    "direct": Procedure.DIRECT_AWARD,
}
PROCEDURE_BY_LABEL = {label: value for value, label in Procedure.choices}
SIZE_FROM_SCALE = {
    "micro": Award.SupplierSize.MICRO,
    "sme": Award.SupplierSize.SMALL,
    "large": Award.SupplierSize.LARGE,
}


class Rejected(Exception):
    """A release that cannot be imported, with the reason in plain words."""


@dataclass
class ImportReport:
    imported: int = 0
    already_imported: int = 0
    rejected: list = field(default_factory=list)  # (source, release id or "", reason)

    def reject(self, source, release_id, reason):
        self.rejected.append((source, release_id, reason))
        logger.warning("Rejected OCDS release %s from %s: %s", release_id or "(no id)", source, reason)


def json_files(path):
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*.json") if p.is_file())
    return [path]


def releases_in(data):
    """The releases of a release package, or the embedded releases of a record package."""
    if isinstance(data, dict) and isinstance(data.get("releases"), list):
        return data["releases"]
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        found = []
        for record in data["records"]:
            found.extend((record or {}).get("releases") or [])
        return found
    raise Rejected("This file is neither a release package nor a record package.")


def read_releases(paths, report):
    """(source, release) pairs from every file; files that cannot be read are reported and skipped."""
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            releases = releases_in(data)
        except (OSError, UnicodeDecodeError) as error:
            report.reject(str(path), "", f"The file could not be read ({error}).")
            continue
        except json.JSONDecodeError as error:
            report.reject(str(path), "", f"The file is not valid JSON (line {error.lineno}: {error.msg}).")
            continue
        except Rejected as error:
            report.reject(str(path), "", str(error))
            continue
        for position, release in enumerate(releases, start=1):
            yield f"{path} (release {position})", release


def import_ocds(path, progress=print, schema_dir=None):
    """Import every release in a file or folder of OCDS packages; return an ImportReport."""
    report = ImportReport()
    validator = schema.validators(str(schema_dir or schema.schema_dir()))[0]
    candidates = []
    for source, release in read_releases(json_files(path), report):
        problems = _basic_problems(release)
        if not problems:
            problems = schema.errors(validator, release)
        if problems:
            report.reject(source, _release_id(release), "Schema errors: " + "; ".join(problems))
            continue
        candidates.append((source, release))
    # Oldest first, so each contracting process ends in the state of its latest release.
    candidates.sort(key=lambda pair: (_parse_datetime(pair[1]["date"]), _event_rank(pair[1]), pair[1]["id"]))
    with summary.one_refresh_at_the_end(), indexing.each_refresh_once_at_the_end():
        apply_releases(candidates, report, progress)
    return report


def apply_releases(candidates, report, progress):
    """Apply each release in its own transaction, so one bad release leaves the others imported."""
    for number, (source, release) in enumerate(candidates, start=1):
        if ImportedRelease.objects.filter(ocid=release["ocid"], release_id=release["id"]).exists():
            report.already_imported += 1
        else:
            try:
                with transaction.atomic():
                    apply_release(release)
                report.imported += 1
            except Rejected as error:
                report.reject(source, release["id"], str(error))
        if number % 50 == 0 or number == len(candidates):
            progress(f"  {number}/{len(candidates)} releases checked")


EVENT_ORDER = ["planning", "planningUpdate", "tender", "tenderUpdate", "tenderAmendment", "award", "awardUpdate"]


def _event_rank(release):
    """Where a release's event comes in a contracting process, for releases published at the same moment."""
    ranks = [EVENT_ORDER.index(tag) if tag in EVENT_ORDER else len(EVENT_ORDER) for tag in release["tag"]]
    return max(ranks, default=len(EVENT_ORDER))


def _release_id(release):
    return release.get("id", "") if isinstance(release, dict) else ""


def _basic_problems(release):
    if not isinstance(release, dict):
        return ["a release must be a JSON object"]
    missing = [name for name in ("ocid", "id", "date", "tag") if not release.get(name)]
    if missing:
        return [f"missing {', '.join(missing)}"]
    try:
        _parse_datetime(release["date"])
    except Rejected as error:
        return [str(error)]
    return []


def _parse_datetime(text):
    if not text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise Rejected(f"'{text}' is not a date and time we understand.") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


def _parse_date(text):
    moment = _parse_datetime(text)
    return None if moment is None else timezone.localtime(moment).date()


def _amount(value):
    if not value or value.get("amount") is None:
        return None
    try:
        amount = Decimal(str(value["amount"]))
    except InvalidOperation:
        raise Rejected(f"'{value['amount']}' is not an amount of money.") from None
    if not amount.is_finite() or amount < 0:  # the site refuses these from buyers too
        raise Rejected(f"'{value['amount']}' is not an amount of money of £0 or more.")
    return amount


def find_buyer(release):
    """The anchor named as buyer: by the identifier the portal publishes (its slug), else by exact name."""
    buyer = release.get("buyer") or next(
        (party for party in release.get("parties") or [] if "buyer" in (party.get("roles") or [])), None
    )
    if not buyer:
        raise Rejected("The release names no buyer.")
    organisations = OrganisationPage.objects.all()
    party_id = str(buyer.get("id") or "")
    if "-buyer-" in party_id:
        found = organisations.filter(slug=party_id.rsplit("-buyer-", 1)[1]).first()
        if found is not None:
            return found
    found = organisations.filter(title__iexact=(buyer.get("name") or "").strip()).first() if buyer.get("name") else None
    if found is None:
        raise Rejected(f"We do not know the buyer '{buyer.get('name') or party_id}': add its organisation page first.")
    return found


def find_opportunity(ocid):
    identity = OpportunityOcid.objects.select_related("opportunity").filter(ocid=ocid).first()
    if identity is not None:
        return identity.opportunity
    own = f"{prefix()}-"
    if ocid.startswith(own) and ocid[len(own) :].isdigit():
        return OpportunityPage.objects.filter(pk=int(ocid[len(own) :])).first()
    return None


def stage_of(release, tender):
    tags, status = set(release.get("tag") or []), tender.get("status")
    if "tenderCancellation" in tags or status == "cancelled":
        return Stage.CANCELLED
    if "award" in tags or "awardUpdate" in tags or release.get("awards"):
        return Stage.AWARDED
    if "planning" in tags or status == "planned":
        return Stage.PIPELINE
    if status == "planning":
        return Stage.MARKET_ENGAGEMENT
    return Stage.OPEN


def _cpv(classification):
    if not classification or str(classification.get("scheme", "")).upper() != "CPV":
        return None
    return CPVCode.objects.filter(code=str(classification.get("id", ""))[:8]).first()


def apply_release(release):
    """Create or update the opportunity, its lots and awards from one release."""
    buyer = find_buyer(release)
    tender = release.get("tender") or {}
    opportunity = find_opportunity(release["ocid"])
    if opportunity is not None and opportunity.buyer_id not in (None, buyer.pk):
        raise Rejected(f"This contracting process belongs to another buyer in the portal, not {buyer.title}.")
    is_new = opportunity is None
    if is_new:
        opportunity = OpportunityPage()

    release_date = _parse_datetime(release["date"])
    title = (tender.get("title") or opportunity.title or "Untitled contract")[:255]
    opportunity.title = title
    opportunity.reference = (tender.get("id") or opportunity.reference or release["ocid"])[:60]
    opportunity.summary = (tender.get("description") or opportunity.summary or title)[:600]
    opportunity.stage = stage_of(release, tender)
    details = tender.get("procurementMethodDetails")
    opportunity.procedure = PROCEDURE_BY_LABEL.get(details) or METHOD_TO_PROCEDURE.get(
        tender.get("procurementMethod"), opportunity.procedure or Procedure.OPEN
    )
    if "value" in tender:
        opportunity.value_max = _amount(tender["value"])
    if "minValue" in tender:
        opportunity.value_min = _amount(tender["minValue"])
    period = tender.get("tenderPeriod") or {}
    opportunity.published_date = _parse_datetime(period.get("startDate")) or opportunity.published_date or release_date
    opportunity.submission_deadline = _parse_datetime(period.get("endDate")) or opportunity.submission_deadline
    enquiry = tender.get("enquiryPeriod") or {}
    opportunity.clarification_deadline = _parse_datetime(enquiry.get("endDate")) or opportunity.clarification_deadline
    contract = tender.get("contractPeriod") or {}
    opportunity.contract_start = _parse_date(contract.get("startDate")) or opportunity.contract_start
    opportunity.contract_end = _parse_date(contract.get("endDate")) or opportunity.contract_end
    items = tender.get("items") or []
    if items:
        opportunity.main_cpv = _cpv(items[0].get("classification")) or opportunity.main_cpv
    opportunity.lots = _lots(opportunity, tender, items, is_new)

    if is_new:
        opportunity.slug = _free_slug(buyer, release["ocid"])
        buyer.add_child(instance=opportunity)
        OpportunityOcid.objects.create(opportunity=opportunity, ocid=release["ocid"])
    opportunity.save_revision().publish()
    if opportunity.stage == Stage.CANCELLED:
        # The cancellation's own date, so an export shows when it happened rather than when it was imported.
        OpportunityPage.objects.filter(pk=opportunity.pk).update(last_published_at=release_date)
    _awards(opportunity, release)
    ImportedRelease.objects.create(
        ocid=release["ocid"], release_id=release["id"], release_date=release_date, opportunity=opportunity
    )
    return opportunity


def _free_slug(buyer, ocid):
    from django.utils.text import slugify

    base = slugify(ocid)[:200] or "contract"
    slug, n = base, 1
    while OpportunityPage.objects.child_of(buyer).filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _lots(opportunity, tender, items, is_new):
    """The opportunity's lots after this release: those it names are created or updated, others kept."""
    existing = {} if is_new else {lot.number: lot for lot in opportunity.lots.all()}
    described = tender.get("lots") or []
    if not described and not existing:
        described = [{"id": "1", "title": tender.get("title") or "Whole contract", "value": tender.get("value")}]
    for position, data in enumerate(described, start=1):
        number = int(data["id"]) if str(data.get("id", "")).isdigit() else position
        lot = existing.get(number) or Lot(number=number)
        lot.title = (data.get("title") or lot.title or f"Lot {number}")[:255]
        lot.description = (data.get("description") or "")[:2000]
        if "value" in data:
            lot.value_max = _amount(data["value"])
        suitability = data.get("suitability") or {}
        lot.suitable_for_sme = bool(suitability.get("sme", lot.suitable_for_sme))
        lot.suitable_for_vcse = bool(suitability.get("vcse", lot.suitable_for_vcse))
        related = [item for item in items if str(item.get("relatedLot")) == str(data.get("id"))]
        codes = [cpv for item in related for cpv in map(_cpv, item.get("additionalClassifications") or []) if cpv]
        lot.cpv_codes = codes
        existing[number] = lot
    return [existing[number] for number in sorted(existing)]


def _awards(opportunity, release):
    parties = {party.get("id"): party for party in release.get("parties") or []}
    lots = {str(lot.number): lot for lot in Lot.objects.filter(opportunity=opportunity)}
    for data in release.get("awards") or []:
        if data.get("status") not in (None, "active"):
            continue
        related = (data.get("relatedLots") or ["1"])[0]
        lot = lots.get(str(related)) or next(iter(lots.values()), None)
        if lot is None:
            raise Rejected(f"Award {data.get('id')} is for a lot the tender does not list.")
        value, date = _amount(data.get("value")), _parse_date(data.get("date"))
        if value is None or date is None:
            raise Rejected(f"Award {data.get('id')} needs a value and a date.")
        for supplier in data.get("suppliers") or []:
            party = parties.get(supplier.get("id"), {})
            party_details = party.get("details") or {}
            size = party_details.get("size") or SIZE_FROM_SCALE.get(
                party_details.get("scale"), Award.SupplierSize.LARGE
            )
            if size not in SCALES:
                size = Award.SupplierSize.LARGE
            kind = party_details.get("organisationType")
            if kind not in Award.SupplierType.values:
                kind = Award.SupplierType.PRIVATE
            social = data.get("socialValue") or {}
            name = (supplier.get("name") or party.get("name") or "Unnamed supplier")[:255]
            identifier = party.get("identifier") or {}
            # The number keeps the register it came from; a scheme we do not know is not guessed.
            scheme = identifier.get("scheme") if identifier.get("scheme") in IdentifierScheme.values else ""
            Award.objects.update_or_create(
                lot=lot,
                supplier_name=name,
                award_date=date,
                defaults={
                    "supplier_number": str(identifier.get("id") or "")[:20],
                    "supplier_scheme": scheme,
                    "supplier_postcode": str((party.get("address") or {}).get("postalCode") or "")[:10],
                    "supplier_size": size,
                    "supplier_type": kind,
                    "value": value,
                    "local_jobs": int(social.get("localJobs") or 0),
                    "apprenticeships": int(social.get("apprenticeships") or 0),
                    "hard_to_reach_opportunities": int(social.get("hardToReachOpportunities") or 0),
                    "volunteering_hours": int(social.get("volunteeringHours") or 0),
                },
            )
