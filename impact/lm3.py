"""Local Multiplier 3 (LM3) and the survey's headline estimates: the arithmetic, with nothing else in it.

CLES's LM3 follows the money through three rounds:

1. Round 1 (R1): what the anchor spent with its suppliers in the year.
2. Round 2 (R2): what those suppliers spent again locally, on local staff and local suppliers. Only some
   suppliers answer the survey, so R2 is estimated: the respondents' local share, weighted by what the anchor
   spent with each, applied to the whole of R1 ("scaled up"). The response rate is shown beside it.
3. Round 3 (R3): what local staff and suppliers spend again locally: R2 times a re-spend share, from a
   survey of them or (here) an assumption the analyst sets and explains.

LM3 = (R1 + R2 + R3) / R1. A partial response makes R2 uncertain, so every figure comes with a range:
- low: the suppliers who did not answer spent nothing locally (only what respondents reported counts);
- high: they spent locally like the most local respondent.

Headline counts (jobs, apprenticeships, …) are scaled the same way: respondents' total times R1 over the
spend of the respondents; low: the respondents' own total; high: the others did as much per pound as the
respondent who did most.
"""

from dataclasses import dataclass
from decimal import Decimal

# No figure is published from fewer suppliers than this: a total of two answers could reveal one of them.
MINIMUM_RESPONDENTS = 5
ZERO = Decimal(0)


@dataclass(frozen=True)
class Supplier:
    """One supplier invited to the survey: the anchor's spend with it and, if it answered, its answers."""

    spend: Decimal
    local_share: Decimal | None = None  # 0 to 1 of each pound received spent locally; None: did not answer
    counts: dict | None = None  # {"jobs": 3, …} when it answered

    @property
    def responded(self):
        return self.local_share is not None


@dataclass(frozen=True)
class Range:
    central: Decimal
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class Result:
    suppliers: int
    respondents: int
    r1: Decimal
    respondent_spend: Decimal
    local_share: Decimal  # respondents' local share, weighted by spend
    respend_share: Decimal
    r2: Range
    r3: Range
    lm3: Range

    @property
    def response_rate(self):
        """Share of suppliers that answered, 0 to 1."""
        return Decimal(self.respondents) / self.suppliers if self.suppliers else ZERO

    @property
    def spend_covered(self):
        """Share of R1 that went to suppliers who answered, 0 to 1."""
        return self.respondent_spend / self.r1 if self.r1 else ZERO

    @property
    def publishable(self):
        return self.respondents >= MINIMUM_RESPONDENTS


def compute(suppliers, respend_share):
    """LM3 for a list of `Supplier`s and a round 3 re-spend share (0 to 1); None when nobody answered or spent."""
    suppliers = list(suppliers)
    answered = [s for s in suppliers if s.responded]
    r1 = sum((s.spend for s in suppliers), ZERO)
    respondent_spend = sum((s.spend for s in answered), ZERO)
    if not answered or not r1 or not respondent_spend:
        return None
    reported = sum((s.spend * s.local_share for s in answered), ZERO)  # what respondents spent locally
    share = reported / respondent_spend
    unanswered_spend = r1 - respondent_spend
    r2 = Range(
        central=share * r1,
        low=reported,
        high=reported + max(s.local_share for s in answered) * unanswered_spend,
    )
    r3 = Range(r2.central * respend_share, r2.low * respend_share, r2.high * respend_share)
    lm3 = Range(*((r1 + getattr(r2, end) + getattr(r3, end)) / r1 for end in ("central", "low", "high")))
    return Result(
        suppliers=len(suppliers),
        respondents=len(answered),
        r1=r1,
        respondent_spend=respondent_spend,
        local_share=share,
        respend_share=respend_share,
        r2=r2,
        r3=r3,
        lm3=lm3,
    )


def scaled_count(suppliers, name):
    """A survey count (jobs, …) for all suppliers: respondents' total scaled up by spend; low end unscaled."""
    answered = [s for s in suppliers if s.responded]
    reported = Decimal(sum(s.counts[name] for s in answered))
    r1 = sum((s.spend for s in suppliers), ZERO)
    respondent_spend = sum((s.spend for s in answered), ZERO)
    if not respondent_spend:
        return None
    # High end: the suppliers who did not answer did as much per pound as the respondent who did most.
    most_per_pound = max((Decimal(s.counts[name]) / s.spend for s in answered if s.spend), default=ZERO)
    return Range(
        central=reported * r1 / respondent_spend,
        low=reported,
        high=reported + most_per_pound * (r1 - respondent_spend),
    )
