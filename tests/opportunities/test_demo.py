"""The demo content: about 40 opportunities across the eight anchors, every stage, idempotent."""

import pytest

from opportunities import demo
from opportunities.models import Award, Lot, OpportunityPage, Stage
from portal import demo as portal_demo


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
