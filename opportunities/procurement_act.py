"""The Procurement Act 2023 as rules: notices, procedures, regimes and reservations, each written once.

Since 24 February 2025 public buying in England, Wales and Northern Ireland runs under the Act. Buyers
publish notices (UK1 to UK17) on the Central Digital Platform (CDP, Find a Tender); the stage suppliers
see follows from them. The regime (above threshold, below-threshold notifiable, light touch, exempt)
follows from the value including VAT, the buyer's kind and the thresholds in force on the day the
procurement began (kept in `opportunities.models.Threshold`, which administrators edit).

The editor, the importer, the finder, the alerts, the exports and insights all import these rules
rather than restate them. Sources: the CDP's "Notice types and sequences"
(https://www.find-tender.service.gov.uk/Home/NoticeTypes), the Procurement Act 2023 sections 32, 33, 84
to 88 and Schedule 1, and The Procurement Act 2023 (Threshold Amounts) (Amendment) Regulations 2025.
"""

import datetime
import functools
from decimal import Decimal

import holidays

from django.db import models

from portal.buyers import BuyerKind

ACT_COMMENCEMENT = datetime.date(2025, 2, 24)
# Working days of standstill after a contract award notice before the contract may be entered into (s.51).
STANDSTILL_WORKING_DAYS = 8


class Stage(models.TextChoices):
    """The stage a supplier sees."""

    PIPELINE = "pipeline", "Pipeline (planned)"
    MARKET_ENGAGEMENT = "market_engagement", "Market engagement"
    OPEN = "open", "Open for bids"
    EVALUATION = "evaluation", "Evaluation (closed for bids)"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


class NoticeType(models.TextChoices):
    """The notices a procurement publishes on the Central Digital Platform, as the CDP numbers them.

    Procurements begun before 24 February 2025 keep the notice forms of the 2015 Regulations (F01, F02, …)
    to the end, as the CDP requires.
    """

    UK1 = "UK1", "UK1 pipeline notice"
    UK2 = "UK2", "UK2 preliminary market engagement notice"
    UK3 = "UK3", "UK3 planned procurement notice"
    UK4 = "UK4", "UK4 tender notice"
    UK5 = "UK5", "UK5 transparency notice"
    UK6 = "UK6", "UK6 contract award notice"
    UK7 = "UK7", "UK7 contract details notice"
    UK8 = "UK8", "UK8 contract payments notice"
    UK9 = "UK9", "UK9 contract performance notice"
    UK10 = "UK10", "UK10 contract change notice"
    UK11 = "UK11", "UK11 contract termination notice"
    UK12 = "UK12", "UK12 procurement termination notice"
    UK13 = "UK13", "UK13 dynamic market notice: intention to establish"
    UK14 = "UK14", "UK14 dynamic market notice: establishment"
    UK15 = "UK15", "UK15 dynamic market notice: modification"
    UK16 = "UK16", "UK16 dynamic market notice: cessation"
    UK17 = "UK17", "UK17 payments compliance notice"
    F01 = "F01", "Prior information notice (2015 Regulations, F01)"
    F02 = "F02", "Contract notice (2015 Regulations, F02)"
    F03 = "F03", "Contract award notice (2015 Regulations, F03)"
    F14 = "F14", "Corrigendum (2015 Regulations, F14)"
    F20 = "F20", "Modification notice (2015 Regulations, F20)"


# What each notice tells a supplier about the procurement's stage. Notices about a contract already
# awarded (details, payments, performance, changes, termination) and corrections change nothing.
NOTICE_STAGES = {
    NoticeType.UK1: Stage.PIPELINE,
    NoticeType.UK2: Stage.MARKET_ENGAGEMENT,
    NoticeType.UK3: Stage.PIPELINE,
    NoticeType.UK4: Stage.OPEN,
    NoticeType.UK5: Stage.EVALUATION,  # a direct award is coming: nobody can bid
    NoticeType.UK6: Stage.AWARDED,
    NoticeType.UK7: Stage.AWARDED,
    NoticeType.UK12: Stage.CANCELLED,
    NoticeType.UK13: Stage.PIPELINE,
    NoticeType.UK14: Stage.OPEN,  # suppliers may apply to join a dynamic market while it runs
    NoticeType.F01: Stage.PIPELINE,
    NoticeType.F02: Stage.OPEN,
    NoticeType.F03: Stage.AWARDED,
}
# The order a procurement moves through: a later notice never sends it back (a UK2 published after
# the UK4 tender notice does not reopen market engagement).
STAGE_ORDER = [Stage.PIPELINE, Stage.MARKET_ENGAGEMENT, Stage.OPEN, Stage.EVALUATION, Stage.AWARDED, Stage.CANCELLED]
LEGACY_NOTICE_TYPES = frozenset({NoticeType.F01, NoticeType.F02, NoticeType.F03, NoticeType.F14, NoticeType.F20})


def stage_from_notices(notice_types):
    """The stage the recorded notices show, or None when none of them says (or there are none)."""
    stages = [NOTICE_STAGES[notice_type] for notice_type in notice_types if notice_type in NOTICE_STAGES]
    if not stages:
        return None
    return max(stages, key=STAGE_ORDER.index)


def stage_agrees_with_notices(stage, notice_stage):
    """Whether a stage a buyer chose fits the notices: an open tender may be shown as closed for evaluation."""
    if notice_stage is None:
        return True
    return stage == notice_stage or (notice_stage == Stage.OPEN and stage == Stage.EVALUATION)


def current_stage(stage, submission_deadline, now):
    """The stage a supplier sees now: an opportunity open for bids whose closing date has passed is in
    evaluation. The SQL and Elasticsearch versions (finder backends, `opportunities.queries`) apply the
    same test to the stored stage and the deadline."""
    if not stage:  # a draft saved before the buyer chose a stage
        return None
    if stage == Stage.OPEN and submission_deadline and submission_deadline <= now:
        return Stage.EVALUATION
    return Stage(stage)


class Procedure(models.TextChoices):
    """The Act's procedures, and the 2015 Regulations' ones kept for procurements begun before 24 February 2025."""

    OPEN = "open", "Open procedure"
    COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"
    DIRECT_AWARD = "direct_award", "Direct award"
    FRAMEWORK_CALL_OFF = "framework_call_off", "Call-off from a framework"
    DYNAMIC_MARKET = "dynamic_market", "Award through a dynamic market"
    BELOW_THRESHOLD_OPEN = "below_threshold_open", "Below-threshold open competition"
    PCR_OPEN = "pcr_open", "Open procedure (2015 Regulations, begun before 24 February 2025)"
    PCR_RESTRICTED = "pcr_restricted", "Restricted procedure (2015 Regulations, begun before 24 February 2025)"
    PCR_COMPETITIVE_DIALOGUE = (
        "pcr_competitive_dialogue",
        "Competitive dialogue (2015 Regulations, begun before 24 February 2025)",
    )
    PCR_NEGOTIATION = (
        "pcr_negotiation",
        "Competitive procedure with negotiation (2015 Regulations, begun before 24 February 2025)",
    )
    PCR_QUOTATION = "pcr_quotation", "Below-threshold quotation (2015 Regulations, begun before 24 February 2025)"


LEGACY_PROCEDURES = frozenset(
    {
        Procedure.PCR_OPEN,
        Procedure.PCR_RESTRICTED,
        Procedure.PCR_COMPETITIVE_DIALOGUE,
        Procedure.PCR_NEGOTIATION,
        Procedure.PCR_QUOTATION,
    }
)
# The notice that starts each Act procedure on the CDP: a tender notice invites bids, a transparency
# notice announces a direct award. A framework call-off needs none before its contract award notice.
OPENING_NOTICES = {
    Procedure.OPEN: NoticeType.UK4,
    Procedure.COMPETITIVE_FLEXIBLE: NoticeType.UK4,
    Procedure.BELOW_THRESHOLD_OPEN: NoticeType.UK4,
    Procedure.DYNAMIC_MARKET: NoticeType.UK4,
    Procedure.DIRECT_AWARD: NoticeType.UK5,
}
# OCDS tender.procurementMethod for each procedure (the CDP publishes the Act's procedure in
# procurementMethodDetails, in words).
OCDS_METHODS = {
    Procedure.OPEN: "open",
    Procedure.COMPETITIVE_FLEXIBLE: "selective",
    Procedure.DIRECT_AWARD: "direct",
    Procedure.FRAMEWORK_CALL_OFF: "limited",
    Procedure.DYNAMIC_MARKET: "selective",
    Procedure.BELOW_THRESHOLD_OPEN: "open",
    Procedure.PCR_OPEN: "open",
    Procedure.PCR_RESTRICTED: "selective",
    Procedure.PCR_COMPETITIVE_DIALOGUE: "selective",
    Procedure.PCR_NEGOTIATION: "selective",
    Procedure.PCR_QUOTATION: "limited",
}


def is_legacy(procedure):
    """Whether the procurement runs under the Public Contracts Regulations 2015."""
    return procedure in LEGACY_PROCEDURES


class ContractCategory(models.TextChoices):
    """What is bought (OCDS mainProcurementCategory); works have their own, higher threshold."""

    GOODS = "goods", "Goods"
    SERVICES = "services", "Services"
    WORKS = "works", "Works (building and civil engineering)"


class ThresholdKind(models.TextChoices):
    """The rows of the thresholds table for each kind of buyer."""

    GOODS_AND_SERVICES = "goods_services", "Goods and services"
    WORKS = "works", "Works"
    LIGHT_TOUCH = "light_touch", "Light touch services"
    NOTIFIABLE = "notifiable", "Below-threshold notices (regulated below-threshold contracts)"


class Regime(models.TextChoices):
    ABOVE_THRESHOLD = "above_threshold", "Above threshold"
    LIGHT_TOUCH = "light_touch", "Light touch (above threshold)"
    BELOW_THRESHOLD_NOTIFIABLE = "below_threshold_notifiable", "Below threshold, notice required"
    BELOW_THRESHOLD = "below_threshold", "Below threshold, no notice required"
    EXEMPT = "exempt", "Exempted contract"


# Regimes in which a procurement's notices must be on the CDP before it is advertised anywhere else.
NOTIFIABLE_REGIMES = frozenset({Regime.ABOVE_THRESHOLD, Regime.LIGHT_TOUCH, Regime.BELOW_THRESHOLD_NOTIFIABLE})
ABOVE_THRESHOLD_REGIMES = frozenset({Regime.ABOVE_THRESHOLD, Regime.LIGHT_TOUCH})
BELOW_THRESHOLD_REGIMES = frozenset({Regime.BELOW_THRESHOLD_NOTIFIABLE, Regime.BELOW_THRESHOLD})


class ContractSize(models.TextChoices):
    """The rules a bid runs under, grouped as a small supplier choosing what to bid for needs them (the
    finder's "Size of contract under the Procurement Act" filter, and the alerts made from it).

    Below the threshold (notice or not) the buyer runs a simpler process and may not shortlist suppliers on
    their suitability before bids (s.85); above it (light touch services included) the Act's full
    procedures, standstill and challenge rules apply. Procurements begun before 24 February 2025 run to the
    end under the 2015 Regulations, whatever their value. Exempted contracts, and those whose value is not
    stated yet, are in no group.
    """

    BELOW_THRESHOLD = "below-threshold", "Below the threshold: simpler process"
    ABOVE_THRESHOLD = "above-threshold", "Above the threshold: the Act’s full rules"
    OLDER_RULES = "pcr-2015", "Older rules (begun before 24 February 2025)"


def contract_size(procedure, regime):
    """The `ContractSize` of a procurement with that procedure and regime, or "" when none applies."""
    if is_legacy(procedure):
        return ContractSize.OLDER_RULES
    if regime in ABOVE_THRESHOLD_REGIMES:
        return ContractSize.ABOVE_THRESHOLD
    if regime in BELOW_THRESHOLD_REGIMES:
        return ContractSize.BELOW_THRESHOLD
    return ""


# The figures shipped in the thresholds table (amounts include VAT). From 24 February 2025 the Act used
# the amounts set from 1 January 2024; from 1 January 2026 SI 2025/1200 lowered most of them (the
# "any other contract" column; Welsh devolved figures differ). Below-threshold notices: s.86/s.88.
# (goods and services, works, light touch, below-threshold notices); None: no such duty for that buyer.
_FIGURES = {
    ACT_COMMENCEMENT: {
        BuyerKind.CENTRAL_GOVERNMENT: (139688, 5372609, 663540, 12000),
        BuyerKind.SUB_CENTRAL: (214904, 5372609, 663540, 30000),
        BuyerKind.UTILITY: (429809, 5372609, 884720, 30000),
        BuyerKind.PRIVATE_UTILITY: (429809, 5372609, 884720, None),
        BuyerKind.DEFENCE: (429809, 5372609, 663540, 12000),
    },
    datetime.date(2026, 1, 1): {
        BuyerKind.CENTRAL_GOVERNMENT: (135018, 5193000, 663540, 12000),
        BuyerKind.SUB_CENTRAL: (207720, 5193000, 663540, 30000),
        BuyerKind.UTILITY: (415440, 5193000, 884720, 30000),
        BuyerKind.PRIVATE_UTILITY: (415440, 5193000, 884720, None),
        BuyerKind.DEFENCE: (415440, 5193000, 663540, 12000),
    },
}
_KINDS = (ThresholdKind.GOODS_AND_SERVICES, ThresholdKind.WORKS, ThresholdKind.LIGHT_TOUCH, ThresholdKind.NOTIFIABLE)
# [(in force from, buyer kind, threshold kind, amount)]: what the thresholds table starts with.
SHIPPED_THRESHOLDS = [
    (day, buyer_kind, kind, Decimal(amount))
    for day, by_buyer in _FIGURES.items()
    for buyer_kind, amounts in by_buyer.items()
    for kind, amount in zip(_KINDS, amounts, strict=True)
    if amount is not None
]


def load_shipped_thresholds(threshold_model):
    """Put the shipped figures in the thresholds table (a migration passes its historical model)."""
    for valid_from, buyer_kind, kind, amount in SHIPPED_THRESHOLDS:
        threshold_model.objects.update_or_create(
            valid_from=valid_from, buyer_kind=buyer_kind, kind=kind, defaults={"amount": amount}
        )


def thresholds_on(day, buyer_kind):
    """{ThresholdKind: amount including VAT} in force on `day` for that kind of buyer, from the table.

    Each figure is the latest one dated on or before `day`; a procurement begun before the table's first
    date is judged on the first figures. With no rows for that kind of buyer (a table emptied by mistake),
    the shipped figures apply rather than none.
    """
    from .models import Threshold  # the table is a model, and models.py imports these rules

    rows = [
        (row.valid_from, row.kind, row.amount)
        for row in Threshold.objects.filter(buyer_kind=buyer_kind).order_by("valid_from")
    ] or sorted(
        (valid, kind, amount)
        for valid, kind_of_buyer, kind, amount in SHIPPED_THRESHOLDS
        if kind_of_buyer == buyer_kind
    )
    in_force, first = {}, {}
    for valid_from, kind, amount in rows:
        first.setdefault(kind, amount)
        if valid_from <= day:
            in_force[kind] = amount
    return {**first, **in_force}


def regime_for(value_inc_vat, thresholds, *, category, light_touch=False, exempt=False):
    """The regime a contract of that value (including VAT) falls under, given the thresholds in force.

    None when the value is not known yet. The Act's tests are "not less than" the threshold.
    """
    if exempt:
        return Regime.EXEMPT
    if value_inc_vat is None:
        return None
    value = Decimal(value_inc_vat)
    kind = (
        ThresholdKind.LIGHT_TOUCH
        if light_touch
        else (ThresholdKind.WORKS if category == ContractCategory.WORKS else ThresholdKind.GOODS_AND_SERVICES)
    )
    threshold = thresholds.get(kind)
    if threshold is not None and value >= threshold:
        return Regime.LIGHT_TOUCH if light_touch else Regime.ABOVE_THRESHOLD
    notifiable = thresholds.get(ThresholdKind.NOTIFIABLE)
    if notifiable is not None and value >= notifiable:
        return Regime.BELOW_THRESHOLD_NOTIFIABLE
    return Regime.BELOW_THRESHOLD


class Reservation(models.TextChoices):
    """Who a lot is reserved for. Only the last two are lawful above threshold (s.32, s.33)."""

    NONE = "", "Not reserved"
    SME = "sme", "Reserved for small and medium-sized businesses (below threshold only)"
    VCSE = "vcse", "Reserved for charities, social enterprises and co-ops (VCSEs, below threshold only)"
    LOCAL = "local", "Reserved for suppliers in a local area (below threshold only)"
    SUPPORTED_EMPLOYMENT = "supported_employment", "Reserved for supported employment providers"
    PUBLIC_SERVICE_MUTUAL = "public_service_mutual", "Reserved for public service mutuals (light touch only)"


BELOW_THRESHOLD_ONLY_RESERVATIONS = frozenset({Reservation.SME, Reservation.VCSE, Reservation.LOCAL})
# Reservations that shut out an ordinary SME: such a lot is not "suitable for every SME".
RESERVATIONS_EXCLUDING_SMES = frozenset(
    {Reservation.VCSE, Reservation.LOCAL, Reservation.SUPPORTED_EMPLOYMENT, Reservation.PUBLIC_SERVICE_MUTUAL}
)
# Reservations that shut out an ordinary VCSE. Most VCSEs are small, so a lot reserved for SMEs is still open
# to them; one reserved for a local area, supported employment providers or mutuals is not.
RESERVATIONS_EXCLUDING_VCSES = frozenset(
    {Reservation.LOCAL, Reservation.SUPPORTED_EMPLOYMENT, Reservation.PUBLIC_SERVICE_MUTUAL}
)


def reservation_refusal(reserved, regime):
    """Why the Act forbids reserving a lot that way under that regime, in plain words; None if allowed."""
    if not reserved or regime is None:
        return None
    if reserved in BELOW_THRESHOLD_ONLY_RESERVATIONS and regime in ABOVE_THRESHOLD_REGIMES:
        who = Reservation(reserved).label.split(" (")[0].replace("Reserved for ", "")
        return (
            f"This contract is above the threshold, so the Procurement Act does not let you reserve a lot for "
            f"{who}. Above threshold you can only reserve a lot for supported employment providers, or for "
            "public service mutuals when the services are light touch. Choose one of those or Not reserved."
        )
    if reserved == Reservation.PUBLIC_SERVICE_MUTUAL and regime == Regime.ABOVE_THRESHOLD:
        return (
            "Only light touch services (such as health, social care or education) above the threshold can be "
            "reserved for public service mutuals. Tick light touch services, or choose another reservation."
        )
    return None


def suitable_for_sme(lot_suitable_for_sme, reserved):
    """Whether a lot is open to any SME: not when it is reserved for a group that excludes most SMEs.

    The finder's SME filter and the alerts use this, so a VCSE-only lot never reaches every SME.
    """
    return bool(lot_suitable_for_sme) and reserved not in RESERVATIONS_EXCLUDING_SMES


def suitable_for_vcse(lot_suitable_for_vcse, reserved):
    """Whether a lot is open to any VCSE (charity, social enterprise or co-op, `portal.suppliers.VCSE_KINDS`):
    one reserved for VCSEs is, and one the buyer ticked is unless it is reserved for a group that excludes
    most of them. The finder's VCSE filter and the alerts use this."""
    if reserved == Reservation.VCSE:
        return True
    return bool(lot_suitable_for_vcse) and reserved not in RESERVATIONS_EXCLUDING_VCSES


def standstill_end(notices):
    """The last day of standstill after the latest contract award notice (UK6) among `notices`, if given."""
    ends = [
        notice.standstill_end for notice in notices if notice.notice_type == NoticeType.UK6 and notice.standstill_end
    ]
    return max(ends) if ends else None


@functools.cache
def uk_holidays(year):
    """Christmas Day, Good Friday and the bank holidays of every part of the UK in `year` (the holidays
    package works them out, substitute days included, so nothing here needs updating each year)."""
    days = set()
    for part in ("ENG", "WLS", "SCT", "NIR"):
        days.update(holidays.UnitedKingdom(subdiv=part, years=year))
    return frozenset(days)


def is_working_day(day):
    """The Act's working day (section 123): not a Saturday or Sunday, Christmas Day, Good Friday or a bank
    holiday in any part of the United Kingdom."""
    return day.weekday() < 5 and day not in uk_holidays(day.year)


def working_days_between(start, end):
    """Working days after `start` up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        days += is_working_day(day)
    return days
