"""The award's four old counters become commitments when the catalogue arrives, and nothing is lost.

Runs the real migrations backwards to before the change, writes an award the old way, then forwards again.
"""

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from opportunities.factories import LotFactory, OpportunityPageFactory
from portal import clock

BEFORE = [("opportunities", "0007_shared_awards_and_lot_ids"), ("impact", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_the_four_counters_are_copied_into_commitments(organisation):
    opportunity = OpportunityPageFactory(parent=organisation, reference="OLD-1")
    lot = LotFactory(opportunity=opportunity, number=1)
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        award = award_the_old_way(executor, lot)
    finally:
        # Whatever happens, later tests need the current schema back.
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    new = executor.loader.project_state(leaves).apps
    commitments = new.get_model("impact", "Commitment").objects.filter(award_id=award.pk)
    assert {(c.measure.code, int(c.quantity)) for c in commitments} == {
        ("local-jobs", 3),
        ("hard-to-reach", 2),
        ("volunteering-hours", 40),
    }, "every counter above zero became a commitment"
    assert "local_jobs" not in {field.name for field in new.get_model("opportunities", "Award")._meta.get_fields()}


def award_the_old_way(executor, lot):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    return old.get_model("opportunities", "Award").objects.create(
        lot_id=lot.pk,
        supplier_name="Old Ways Ltd",
        supplier_postcode="PR1 1AA",
        supplier_size="small",
        value=1000,
        award_date=clock.today(),  # any day: the migration copies counters, not dates
        local_jobs=3,
        apprenticeships=0,
        hard_to_reach_opportunities=2,
        volunteering_hours=40,
    )
