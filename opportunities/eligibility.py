""" "Can a business like mine bid?": plain-English pointers computed from an opportunity's data.

The panel does not decide for the supplier. It turns the figures a buyer entered (lot sizes, turnover
asked for, time left, certificates) into short statements a small business can check itself against.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from portal import clock
from portal.formatting import gbp as money

from .models import Stage

# Below this a lot is within reach of most small firms; above the larger figure, small firms usually
# bid as part of a group or as a subcontractor. Figures are rules of thumb, said as such to the reader.
SMALL_LOT = Decimal("100000")
LARGE_LOT = Decimal("1000000")
# Writing a good bid takes time: fewer days than this is flagged as tight.
COMFORTABLE_DAYS = 10


@dataclass(frozen=True)
class Pointer:
    """One statement in the panel. `ok` is False when the supplier should look closely."""

    heading: str
    text: str
    ok: bool = True


@dataclass
class BidReadiness:
    pointers: list = field(default_factory=list)

    @property
    def concerns(self):
        return [pointer for pointer in self.pointers if not pointer.ok]


def lot_size_pointer(lots, where=None):
    values = [lot.value_max for lot in lots if lot.value_max is not None]
    if not values:
        return Pointer("Size of the work", "The buyer has not said what the lots are worth yet.", ok=True)
    smallest = min(values)
    count = len(lots)
    where = where or ("The smallest lot is" if count > 1 else "The contract is")
    if smallest <= SMALL_LOT:
        return Pointer(
            "Size of the work", f"{where} worth up to {money(smallest)}. Many small firms deliver work of this size."
        )
    if smallest <= LARGE_LOT:
        return Pointer(
            "Size of the work", f"{where} worth up to {money(smallest)}. Check you could take on work of this size."
        )
    return Pointer(
        "Size of the work",
        f"{where} worth up to {money(smallest)}. Small firms often bid for work this big with partners, "
        "as a group (a consortium) or as a subcontractor.",
        ok=False,
    )


def turnover_pointer(opportunity):
    if not opportunity.minimum_turnover:
        return Pointer("Turnover", "The buyer does not ask for a minimum yearly turnover.")
    return Pointer(
        "Turnover",
        f"You need a yearly turnover of at least {money(opportunity.minimum_turnover)}.",
        ok=False,
    )


def time_pointer(opportunity, now):
    stage = opportunity.current_stage(now)
    if stage == Stage.OPEN:
        days = opportunity.days_left(now)
        if days is None:
            return Pointer("Time to bid", "The buyer has not set a closing date yet.")
        if days < 1:
            return Pointer("Time to bid", "Bids close today.", ok=False)
        plural = "day" if days == 1 else "days"
        if days < COMFORTABLE_DAYS:
            return Pointer(
                "Time to bid", f"Only {days} {plural} left. A good bid usually takes at least 2 weeks.", ok=False
            )
        return Pointer("Time to bid", f"{days} {plural} left to send your bid.")
    if stage in (Stage.PIPELINE, Stage.MARKET_ENGAGEMENT):
        return Pointer("Time to bid", "Bids are not open yet. Use the time to get ready and talk to the buyer.")
    return Pointer("Time to bid", "Bids are closed for this opportunity.", ok=False)


def requirement_pointer(heading, text, none_text):
    text = (text or "").strip()
    if not text:
        return Pointer(heading, none_text)
    return Pointer(heading, f"You need: {text}", ok=False)


def reserved_for(lot):
    """Who may bid for a reserved lot, in words: "small and medium-sized businesses"."""
    if lot.reserved == "sme":
        return "small and medium-sized businesses (fewer than 250 staff)"
    if lot.reserved == "vcse":
        return "charities, social enterprises and co-ops"
    if lot.reserved == "local":
        area = lot.reserved_area.name if lot.reserved_area_id else "the local area"
        return f"suppliers based in {area}"
    return ""


def suitability_pointer(lots):
    reserved = [lot for lot in lots if lot.reserved]
    suitable = [lot for lot in lots if lot.suitable_for_sme or lot.suitable_for_vcse]
    if reserved:
        who = "; ".join(f"lot {lot.number} only {reserved_for(lot)}" for lot in reserved)
        return Pointer("Who it suits", f"Only some suppliers may bid: {who}.", ok=False)
    if suitable:
        return Pointer(
            "Who it suits",
            f"The buyer says {len(suitable)} of {len(lots)} lot{'s' if len(lots) != 1 else ''} suit small businesses "
            "or charities, social enterprises and co-ops.",
        )
    return Pointer("Who it suits", "The buyer has not marked any lot as suited to small businesses.", ok=False)


def lot_suitability_pointer(lot):
    if lot.reserved:
        return Pointer("Who may bid", f"Only {reserved_for(lot)} may bid for this lot.", ok=False)
    suits = [
        label
        for flag, label in [
            (lot.suitable_for_sme, "small businesses"),
            (lot.suitable_for_vcse, "charities, social enterprises and co-ops"),
        ]
        if flag
    ]
    if suits:
        return Pointer("Who may bid", f"Any supplier. The buyer says it suits {' and '.join(suits)}.")
    return Pointer("Who may bid", "Any supplier. The buyer has not said it suits small businesses.")


def lot_readiness(opportunity, lot, now=None):
    """The panel's answers for one lot: its value and who may bid, with the opportunity's requirements.

    Shown in each lot's own section, so a supplier who arrives from a lot in the finder (#lot-2) reads the
    answer for that lot where they land, without JavaScript.
    """
    now = now or clock.now()
    return BidReadiness(
        [
            lot_size_pointer([lot], where="This lot is"),
            lot_suitability_pointer(lot),
            turnover_pointer(opportunity),
            time_pointer(opportunity, now),
            requirement_pointer(
                "Certificates", opportunity.accreditations, "The buyer does not ask for certificates or accreditations."
            ),
            requirement_pointer(
                "Insurance", opportunity.insurance, "The buyer has not listed insurance you must hold."
            ),
        ]
    )


def bid_readiness(opportunity, lots, now=None):
    """Build the panel's pointers from an opportunity and its (already fetched) lots."""
    now = now or clock.now()
    pointers = [
        lot_size_pointer(lots),
        turnover_pointer(opportunity),
        time_pointer(opportunity, now),
        requirement_pointer(
            "Certificates", opportunity.accreditations, "The buyer does not ask for certificates or accreditations."
        ),
        requirement_pointer("Insurance", opportunity.insurance, "The buyer has not listed insurance you must hold."),
    ]
    if lots:
        pointers.append(suitability_pointer(lots))
    return BidReadiness(pointers)
