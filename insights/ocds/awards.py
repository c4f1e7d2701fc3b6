"""An OCDS award as the portal's award rows: one per supplier and lot, sharing the award's id and value.

An award is matched on its id, so a later release changes it rather than adding one, and two distinct
awards to the same supplier stay two. When several suppliers share one award (a framework, a panel) each
gets a row showing the award's whole value; totals add each row's `value_share` (the value split between
the rows to the penny) and count the award once (`counts_as_contract` on its first row only).
"""

import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from impact.models import Commitment, Measure
from opportunities.models import Award
from portal.identifiers import IdentifierScheme

from .values import Rejected, amount_in_pounds, parse_date

# OCDS "scale" has no small/medium split: an SME is recorded as small. An unknown size counts as large, so
# the dashboard never overstates what went to small businesses.
SIZE_FROM_SCALE = {
    "micro": Award.SupplierSize.MICRO,
    "sme": Award.SupplierSize.SMALL,
    "large": Award.SupplierSize.LARGE,
}
POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
WITHDRAWN = {"cancelled", "unsuccessful"}


def split_value(value, parts):
    """`value` in `parts` shares to the penny that add up to it exactly (the first shares take any pennies over)."""
    pennies = int((value * 100).to_integral_value(rounding=ROUND_DOWN))
    base, extra = divmod(pennies, parts)
    return [Decimal(base + (1 if position < extra else 0)) / 100 for position in range(parts)]


def supplier_details(party):
    """Size, kind, number and postcode of a supplier from its party (details.scale and VCSE flags)."""
    details = party.get("details") if isinstance(party.get("details"), dict) else {}
    size = details.get("size") if details.get("size") in Award.SupplierSize.values else None
    if size is None:
        scale = details.get("scale")
        if scale is None and isinstance(party.get("sme"), bool):  # Contracts Finder before 2021
            scale = "sme" if party["sme"] else "large"
        size = SIZE_FROM_SCALE.get(scale, Award.SupplierSize.LARGE)
    kind = details.get("organisationType")
    if kind not in Award.SupplierType.values:
        vcse = details.get("vcse", party.get("vco"))  # Contracts Finder: details.vcse, before 2021 "vco"
        kind = Award.SupplierType.VCSE if vcse is True else Award.SupplierType.PRIVATE
    identifier = party.get("identifier") if isinstance(party.get("identifier"), dict) else {}
    # The number keeps the register it came from; a number from a register we do not know is not kept,
    # so it can never be published under another register's name.
    scheme = str(identifier.get("scheme") or "").upper()
    scheme = scheme if scheme in IdentifierScheme.values else ""
    number = str(identifier.get("id") or "") if scheme else ""
    address = party.get("address") if isinstance(party.get("address"), dict) else {}
    postcode = str(address.get("postalCode") or "")  # kept as published: the summary reads its district
    if not postcode.strip():  # Contracts Finder often puts the postcode at the end of the street address
        found = POSTCODE.search(str(address.get("streetAddress") or ""))
        postcode = f"{found.group(1)} {found.group(2)}".upper() if found else ""
    return {
        "supplier_size": size,
        "supplier_type": kind,
        "supplier_number": number[:20],
        "supplier_scheme": scheme,
        "supplier_postcode": postcode[:10],
    }


def apply_awards(opportunity, release, lots_by_id, notes):
    """Create, update or withdraw the award rows the release's awards describe.

    `lots_by_id` maps every OCDS lot id (as text) of the opportunity to its lot. Awards that cannot be kept
    (no supplier) are noted and left out; one without a value, or in another currency, refuses the release.
    """
    parties = {str(party.get("id")): party for party in release.get("parties") or [] if isinstance(party, dict)}
    awards = Award.objects.filter(lot__opportunity=opportunity)
    for data in release.get("awards") or []:
        award_id = str(data.get("id"))
        if data.get("status") in WITHDRAWN:
            awards.filter(award_id=award_id).delete()
            continue
        if data.get("status") not in (None, "active"):
            continue  # pending: not awarded yet
        value = amount_in_pounds(data.get("value"), f"Award {award_id}")
        suppliers = [supplier for supplier in data.get("suppliers") or [] if isinstance(supplier, dict)]
        if value is None:
            raise Rejected(f"Award {award_id} needs a value and a date: it has no value.")
        if not suppliers:
            notes.append(f"Award {award_id} was left out: it names no supplier.")
            continue
        lots = [lots_by_id[str(lot_id)] for lot_id in data.get("relatedLots") or [] if str(lot_id) in lots_by_id]
        if not lots:
            if data.get("relatedLots"):
                raise Rejected(f"Award {award_id} is for a lot the tender does not list.")
            lots = [next(iter(lots_by_id.values()))]
        award_date = parse_date(data.get("date")) or parse_date(release.get("date"))
        rows = [(lot, supplier) for lot in lots for supplier in suppliers]
        shares = split_value(value, len(rows)) if len(rows) > 1 else [None]
        kept = []
        social = _social_value(data["socialValue"]) if "socialValue" in data else None
        for position, ((lot, supplier), share) in enumerate(zip(rows, shares, strict=True)):
            party = {**parties.get(str(supplier.get("id")), {}), **supplier}
            name = " ".join(str(party.get("name") or "Unnamed supplier").split())[:255]
            defaults = {
                **supplier_details(party),
                "value": value,
                "value_share": share,
                "counts_as_contract": position == 0,
                "award_date": award_date,
            }
            row, _ = Award.objects.update_or_create(lot=lot, award_id=award_id, supplier_name=name, defaults=defaults)
            if social is not None:  # a release without socialValue leaves the promises as they were
                _commitments(row, social)
            kept.append(row.pk)
        # Suppliers no longer named on this award (a corrected award notice) are no longer its winners.
        awards.filter(award_id=award_id).exclude(pk__in=kept).delete()


# Releases published before the measures catalogue carried four fixed counters, keyed like this.
LEGACY_SOCIAL_VALUE = {
    "localJobs": "local-jobs",
    "apprenticeships": "apprenticeships",
    "hardToReachOpportunities": "hard-to-reach",
    "volunteeringHours": "volunteering-hours",
}


MAX_QUANTITY = Decimal(10**9)


def _social_value(social):
    """{measure code: quantity} from a release's socialValue: a list of {id, quantity}, or the older object."""
    if isinstance(social, dict):
        pairs = [(LEGACY_SOCIAL_VALUE.get(key), value) for key, value in social.items()]
    elif isinstance(social, list):
        pairs = [(item.get("id"), item.get("quantity")) for item in social if isinstance(item, dict)]
    else:
        return {}
    result = {}
    for code, value in pairs:
        try:
            quantity = Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise Rejected(f"A social value quantity ({str(value)[:20]}) is not a number.") from None
        if not quantity.is_finite() or quantity < 0 or quantity >= MAX_QUANTITY:
            raise Rejected(f"A social value quantity ({str(value)[:20]}) must be 0 or more, and below a billion.")
        if code and quantity > 0:
            result[str(code)] = quantity.quantize(Decimal("0.01"))
    return result


def _commitments(award, wanted):
    """Make the award's commitments those the release lists; measures this portal does not have are skipped."""
    measures = {measure.code: measure for measure in Measure.objects.filter(code__in=wanted)}
    Commitment.objects.filter(award=award).exclude(measure__code__in=measures).delete()
    for code, measure in measures.items():
        Commitment.objects.update_or_create(award=award, measure=measure, defaults={"quantity": wanted[code]})
