"""The demo content: about 40 opportunities across the eight anchors, every stage, idempotent."""

import pytest

from opportunities import demo
from opportunities import procurement_act as act
from opportunities.models import Award, Lot, OpportunityPage, Stage
from portal import demo as portal_demo
from portal.models import OrganisationPage


@pytest.mark.django_db
def test_demo_covers_every_stage_and_runs_again_without_duplicates(home):
    portal_demo.seed(progress=lambda message: None)
    messages = []
    demo.seed(progress=messages.append)
    counts = (OpportunityPage.objects.count(), Lot.objects.count(), Award.objects.count())
    lot_ids = set(Lot.objects.values_list("pk", flat=True))

    assert 38 <= counts[0] <= 42
    assert OpportunityPage.objects.values("buyer").distinct().count() == 8
    assert {opportunity.current_stage() for opportunity in OpportunityPage.objects.all()} == set(Stage)
    lot_counts = {opportunity.lots.count() for opportunity in OpportunityPage.objects.all()}
    assert min(lot_counts) == 1 and max(lot_counts) == 6
    assert all(opportunity.live for opportunity in OpportunityPage.objects.all())
    assert counts[2] > 0
    assert not Award.objects.exclude(lot__opportunity__stage=Stage.AWARDED).exists()
    for opportunity in OpportunityPage.objects.all():
        assert sum(lot.value_max for lot in opportunity.lots.all()) <= opportunity.value_max
        if opportunity.lots.count() == 1:
            assert opportunity.no_lots_reason
    assert any("40/40" in message for message in messages)

    demo.seed(progress=lambda message: None)
    assert (OpportunityPage.objects.count(), Lot.objects.count(), Award.objects.count()) == counts
    assert set(Lot.objects.values_list("pk", flat=True)) == lot_ids, "lots are updated in place, not recreated"


@pytest.mark.django_db
def test_demo_follows_the_procurement_act(home):
    portal_demo.seed(progress=lambda message: None)
    demo.seed(progress=lambda message: None)

    legacy = [opportunity for opportunity in OpportunityPage.objects.all() if opportunity.is_legacy]
    assert len(legacy) == 1, "one procurement still runs under the 2015 Regulations"
    assert legacy[0].current_stage() not in (Stage.AWARDED, Stage.CANCELLED)
    assert [notice.notice_type for notice in legacy[0].notices.all()] == ["F02"]

    for opportunity in OpportunityPage.objects.prefetch_related("lots", "notices"):
        assert opportunity.regime, opportunity.reference
        assert opportunity.value_max_inc_vat >= opportunity.value_max
        notice_stage = act.stage_from_notices(notice.notice_type for notice in opportunity.notices.all())
        assert act.stage_agrees_with_notices(opportunity.stage, notice_stage), opportunity.reference
        for lot in opportunity.lots.all():
            assert act.reservation_refusal(lot.reserved, opportunity.regime) is None, lot
            assert not lot.suitable_for_sme or lot.open_to_every_sme, lot
    awarded = OpportunityPage.objects.filter(stage=Stage.AWARDED)
    assert awarded and all(opportunity.standstill_end() for opportunity in awarded)
    # The finder's "Size of contract" filter has opportunities in each option, open ones where it can.
    sizes = {}
    for opportunity in OpportunityPage.objects.all():
        sizes.setdefault(opportunity.contract_size, set()).add(opportunity.current_stage())
    assert set(act.ContractSize) <= set(sizes), sizes
    assert Stage.OPEN in sizes[act.ContractSize.BELOW_THRESHOLD]
    assert Stage.OPEN in sizes[act.ContractSize.ABOVE_THRESHOLD]
    assert all(organisation.ppon.endswith("-DEMO") for organisation in OrganisationPage.objects.all())
