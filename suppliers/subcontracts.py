"""Subcontracts from primes: which awards a prime may act for, the open posts, and second-tier spend."""

import dataclasses
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from opportunities.models import Award
from portal import clock
from portal.suppliers import SME_SIZES, VCSE_KINDS

from .models import Subcontract, SubcontractAward, SubcontractLot


def prime_awards(accesses):
    """The awards a set of prime links opens (none for no links)."""
    if accesses is None:
        return Award.objects.none()
    return Award.objects.filter(pk__in=accesses.values("award_id")).select_related("lot__opportunity__buyer")


def open_subcontracts(now=None):
    """Subcontracts still taking replies, closing soonest first."""
    return (
        Subcontract.objects.filter(deadline__gt=now or clock.now())
        .select_related("award__lot__opportunity__buyer")
        .prefetch_related("lots")
        .order_by("deadline", "pk")
    )


def headline(subcontract):
    """'Subcontract: via {prime}, for {anchor}', the words the listing, the page and the finder use."""
    award = subcontract.award
    buyer = award.lot.opportunity.buyer
    return f"Subcontract: via {award.supplier_name}, for {buyer.title if buyer else award.lot.opportunity.title}"


def save_lots(subcontract, formset):
    """Save the filled-in lots, numbered 1, 2, 3 in the order shown; delete those ticked for deletion."""
    formset.instance = subcontract
    formset.save(commit=False)
    for lot in formset.deleted_objects:
        lot.delete()
    ordered = [
        form.instance
        for form in formset.forms
        if form not in formset.deleted_forms and (form.instance.pk or form.has_changed())
    ]
    # Renumber through a gap, so the (subcontract, number) constraint never sees two lots with one number.
    SubcontractLot.objects.filter(pk__in=[lot.pk for lot in ordered if lot.pk]).update(number=F("number") + 1000)
    for number, lot in enumerate(ordered, start=1):
        lot.subcontract = subcontract
        lot.number = number
        lot.save()


@dataclasses.dataclass
class Tier:
    label: str
    total: Decimal = Decimal(0)
    local: Decimal = Decimal(0)
    sme: Decimal = Decimal(0)
    vcse: Decimal = Decimal(0)
    count: int = 0

    def share(self, part):
        return None if not self.total else round(part * 100 / self.total)


def _sums(queryset, postcode, size, kind, local_districts, value="value"):
    local = Q()
    for district in local_districts:
        local |= Q(**{f"{postcode}__istartswith": f"{district} "})
    return queryset.aggregate(
        count=Count("pk"),
        total=Sum(value),
        local=Sum(value, filter=local) if local_districts else Sum(value, filter=Q(pk__in=[])),
        sme=Sum(value, filter=Q(**{f"{size}__in": sorted(SME_SIZES)})),
        vcse=Sum(value, filter=Q(**{f"{kind}__in": sorted(VCSE_KINDS)})),
    )


def spend_tiers(local_districts):
    """First-tier spend (awards to primes that reported subcontracts) beside the second tier they passed on.

    Two queries. Only awards whose primes have reported are counted in the first tier, so the two rows
    describe the same contracts.
    """
    reported = Award.objects.filter(subcontract_awards__isnull=False).distinct()
    first = _sums(
        Award.objects.filter(pk__in=reported.values("pk")),
        "supplier_postcode",
        "supplier_size",
        "supplier_type",
        local_districts,
    )
    second = _sums(
        SubcontractAward.objects.all(), "supplier_postcode", "supplier_size", "supplier_kind", local_districts
    )
    tiers = []
    for label, row in (
        ("First tier: contracts won by primes", first),
        ("Second tier: passed on to subcontractors", second),
    ):
        tiers.append(
            Tier(
                label=label,
                count=row["count"],
                **{key: row[key] or Decimal(0) for key in ("total", "local", "sme", "vcse")},
            )
        )
    return tiers
