"""LM3 and the scaled-up estimates against rounds worked out by hand.

Four suppliers, £200,000 of round 1 spend:
- A: £100,000; staff costs 50% of its costs, 80% of them paid locally; 40% of its other spending local.
  Local share = 0.5 × 0.8 + 0.5 × 0.4 = 0.6. Created 4 jobs.
- B: £50,000; staff 20%, 50% local; other spending 25% local. Local share = 0.2 × 0.5 + 0.8 × 0.25 = 0.3. 1 job.
- C: £30,000 and D: £20,000 did not answer.

Partial response (A and B answered, 2 of 4, covering £150,000 or 75% of the spend):
- Respondents spent locally 100,000 × 0.6 + 50,000 × 0.3 = £75,000, a spend-weighted share of 75,000 / 150,000 = 0.5.
- R2 = 0.5 × 200,000 = £100,000 (scaled up by spend); low £75,000 (C and D spent nothing locally); high
  75,000 + 0.6 × 50,000 = £105,000 (C and D as local as A).
- R3 at a 25% re-spend assumption: £25,000 (low £18,750, high £26,250).
- LM3 = (200,000 + 100,000 + 25,000) / 200,000 = 1.625 (low 293,750 / 200,000 = 1.46875, high 331,250 / 200,000
  = 1.65625).
- Jobs: 5 reported, scaled 5 × 200,000 / 150,000 = 6.67; low 5; high 5 + (4 / 100,000) × 50,000 = 7.
"""

from decimal import Decimal

import pytest

from impact import lm3
from impact.models import SurveyResponse

D = Decimal


def share(staff, local_staff, local_suppliers):
    """The local share as the survey answer computes it (percentages in, 0 to 1 out)."""
    return SurveyResponse(
        staff_cost_percent=D(staff), local_staff_percent=D(local_staff), local_supplier_percent=D(local_suppliers)
    ).local_share


A = lm3.Supplier(spend=D("100000"), local_share=share(50, 80, 40), counts={"jobs": 4})
B = lm3.Supplier(spend=D("50000"), local_share=share(20, 50, 25), counts={"jobs": 1})
C = lm3.Supplier(spend=D("30000"))
D_ = lm3.Supplier(spend=D("20000"))


def test_local_share_from_the_three_percentages():
    assert A.local_share == D("0.6")
    assert B.local_share == D("0.3")


def test_partial_response_rounds_and_range():
    result = lm3.compute([A, B, C, D_], respend_share=D("0.25"))
    assert (result.suppliers, result.respondents) == (4, 2)
    assert result.response_rate == D("0.5")
    assert result.spend_covered == D("0.75")
    assert result.r1 == D("200000")
    assert result.local_share == D("0.5")
    assert (result.r2.central, result.r2.low, result.r2.high) == (D("100000"), D("75000"), D("105000"))
    assert (result.r3.central, result.r3.low, result.r3.high) == (D("25000"), D("18750"), D("26250"))
    assert (result.lm3.central, result.lm3.low, result.lm3.high) == (D("1.625"), D("1.46875"), D("1.65625"))


def test_full_response_has_no_range():
    c = lm3.Supplier(spend=D("30000"), local_share=D("0.2"), counts={"jobs": 0})
    d = lm3.Supplier(spend=D("20000"), local_share=D("0.1"), counts={"jobs": 2})
    result = lm3.compute([A, B, c, d], respend_share=D("0.25"))
    # R2 = 60,000 + 15,000 + 6,000 + 2,000 = 83,000; R3 = 20,750; LM3 = 303,750 / 200,000.
    assert result.r2 == lm3.Range(D("83000"), D("83000"), D("83000"))
    assert result.r3.central == D("20750")
    assert result.lm3.central == result.lm3.low == result.lm3.high == D("1.51875")


def test_jobs_are_scaled_up_by_spend_with_a_range():
    estimate = lm3.scaled_count([A, B, C, D_], "jobs")
    assert estimate.low == 5
    assert estimate.central == pytest.approx(D("6.6667"), abs=D("0.0001"))
    assert estimate.high == 7


def test_nobody_answered_gives_no_figures():
    assert lm3.compute([C, D_], respend_share=D("0.25")) is None


def test_figures_need_five_respondents():
    four = lm3.compute([A, B, A, B, C], respend_share=D("0.25"))
    five = lm3.compute([A, B, A, B, A, C], respend_share=D("0.25"))
    assert not four.publishable
    assert five.publishable
