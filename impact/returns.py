"""Delivery returns: what a supplier reports for a period, corrections, and promised against delivered.

A return is submitted through a one-use link (`impact.links`). Submitting for a period that already has a
return is a correction: the new return becomes the current one and the old one is kept, marked replaced,
so the history of what was reported stays.
"""

import os
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, Sum

from portal import clock

from . import evidence, links
from .models import Commitment, DeliveredQuantity, DeliveryPlan, DeliveryReturn, Evidence, ReturnComment, SignedLink
from .periods import Period, period_starting, periods


def measures_for(plan):
    """The measures a supplier reports against: those it promised, in catalogue order."""
    return [commitment.measure for commitment in plan.award.commitments.select_related("measure").all()]


def current_return(plan, period_start):
    return plan.returns.filter(period_start=period_start, replaced_at__isnull=True).first()


@transaction.atomic
def submit(link, *, submitted_by, notes, quantities, upload=None):
    """Record a return through a link: {measure: quantity}, an optional evidence file. Uses the link up.

    Raises LinkRefused when the link was used meanwhile (two tabs, a double click): nothing is saved then.
    """
    links.claim(link)
    plan = DeliveryPlan.objects.select_related("award__lot__opportunity__buyer").get(pk=link.plan_id)
    period = period_starting(plan, link.period_start)
    now = clock.now()
    previous = (
        DeliveryReturn.objects.select_for_update()
        .filter(plan=plan, period_start=period.start, replaced_at__isnull=True)
        .first()
    )
    if previous is not None:
        previous.replaced_at = now
        previous.save(update_fields=["replaced_at"])
    delivery_return = DeliveryReturn.objects.create(
        plan=plan,
        period_start=period.start,
        period_end=period.end,
        version=previous.version + 1 if previous else 1,
        submitted_at=now,
        submitted_by=submitted_by,
        notes=notes,
    )
    DeliveredQuantity.objects.bulk_create(
        [
            DeliveredQuantity(delivery_return=delivery_return, measure=measure, quantity=quantity)
            for measure, quantity in quantities.items()
        ]
    )
    if upload is not None:
        award = plan.award
        title = f"Evidence from {award.supplier_name}, {period.label} (version {delivery_return.version})"
        document = evidence.store(upload, award.lot.opportunity.buyer, title)
        Evidence.objects.create(
            delivery_return=delivery_return, document=document, sent_as=os.path.basename(upload.name)[:255]
        )
    return delivery_return


def correction_link(plan, period):
    """A fresh link for the supplier to correct its return for a period (the buyer asks for it)."""
    return links.issue(
        SignedLink.Purpose.RETURN, links.return_link_expiry(period), plan=plan, period_start=period.start
    )


@transaction.atomic
def add_comment(delivery_return, author, text):
    return ReturnComment.objects.create(
        delivery_return=delivery_return, author=author, text=text, created_at=clock.now()
    )


@dataclass
class PeriodStatus:
    period: Period
    current: DeliveryReturn | None
    history: list = field(default_factory=list)  # replaced versions, newest first

    def state(self, today):
        """ "received", "corrected", "overdue", "due" (ended, not yet overdue) or "upcoming"."""
        if self.current is not None:
            return "corrected" if self.current.version > 1 else "received"
        if today > self.period.due:
            return "overdue"
        return "due" if self.period.has_ended(today) else "upcoming"


@dataclass
class MeasureProgress:
    measure: object
    promised: Decimal
    delivered: Decimal

    @property
    def share(self):
        """Delivered as a share of promised (0 to 1 and beyond), or None when nothing was promised."""
        return None if not self.promised else self.delivered / self.promised


def promised_and_delivered(plan):
    """One MeasureProgress per measure promised or reported, from current returns only (two queries)."""
    promised = {c.measure: c.quantity for c in Commitment.objects.filter(award=plan.award).select_related("measure")}
    delivered = defaultdict(Decimal)
    rows = (
        DeliveredQuantity.objects.filter(delivery_return__plan=plan, delivery_return__replaced_at__isnull=True)
        .values("measure")
        .annotate(total=Sum("quantity"))
    )
    totals = {row["measure"]: row["total"] for row in rows}
    for measure in promised:
        delivered[measure] = totals.pop(measure.pk, Decimal(0))
    result = [MeasureProgress(m, promised[m], delivered[m]) for m in promised]
    if totals:  # reported against a measure no longer promised: still shown
        from .models import Measure

        for measure in Measure.objects.filter(pk__in=totals):
            result.append(MeasureProgress(measure, Decimal(0), totals[measure.pk]))
    return result


def with_returns(plans, details=False):
    """`plans` with their returns read in one query (and, with `details`, what each return holds in three
    more), so that listing many plans costs the same few queries as one."""
    returns = DeliveryReturn.objects.all()
    if details:
        returns = returns.prefetch_related("quantities__measure", "evidence__document", "comments")
    return plans.prefetch_related(Prefetch("returns", queryset=returns))


def period_statuses(plan):
    """Every period of the plan with its current return and the versions it replaced, newest first.

    Reads `plan.returns.all()`: use `with_returns` so that this asks nothing more of the database."""
    by_start = defaultdict(list)
    for delivery_return in sorted(plan.returns.all(), key=lambda r: (r.period_start, -r.version)):
        by_start[delivery_return.period_start].append(delivery_return)
    statuses = []
    for period in periods(plan):
        versions = by_start.get(period.start, [])
        current = next((r for r in versions if r.replaced_at is None), None)
        statuses.append(PeriodStatus(period, current, [r for r in versions if r is not current]))
    return statuses
