"""The award summary behind the dashboard follows every change that can move a figure.

The hand-computed figures themselves are checked in test_dashboard_figures.py, through the same summary.
"""

import datetime
from decimal import Decimal
from io import StringIO

import pytest

from django.core.management import call_command

from insights.figures import awards as award_figures
from insights.figures import by_division, totals
from insights.models import AwardSummary, StaleSummary
from insights.summary import PostcodeDistrict, refresh_stale
from opportunities.factories import LotFactory, OpportunityPageFactory
from opportunities.models import Award, Stage
from portal.models import PortalSettings
from tests.insights.conftest import award

pytestmark = pytest.mark.django_db

LOCAL = {"PR1", "BB1"}


def partnership_total():
    return totals(award_figures(), LOCAL)


def test_a_new_award_is_counted_after_the_commit(awards_fixture, django_capture_on_commit_callbacks):
    assert partnership_total().value == 80000
    lot = awards_fixture["b1"].lots.get()
    with django_capture_on_commit_callbacks(execute=True):
        award(lot, "Zeta Ltd", "BB1 9ZZ", "micro", "coop", "1000", datetime.date(2025, 9, 1))
    # The background task has already brought the summary up to date: nothing is left to refresh.
    assert not StaleSummary.objects.exists()
    total = partnership_total()
    assert (total.value, total.count, total.local_value, total.social_count) == (81000, 6, 36000, 3)


def test_readers_refresh_stale_buyers_even_without_a_worker(awards_fixture):
    partnership_total()
    Award.objects.filter(supplier_name="Gamma plc").get().delete()  # no on-commit callbacks run here
    assert StaleSummary.objects.exists()
    total = partnership_total()
    assert (total.value, total.count) == (50000, 4)
    assert not StaleSummary.objects.exists()


def test_a_changed_award_moves_its_figures(awards_fixture):
    partnership_total()
    epsilon = Award.objects.get(supplier_name="Epsilon Ltd")
    epsilon.supplier_postcode = "pr1 1aa"
    epsilon.value = Decimal("16000")
    epsilon.save()
    total = partnership_total()
    assert (total.value, total.local_value, total.local_count) == (81000, 51000, 4)


def test_an_award_moved_to_another_buyers_lot_leaves_the_old_buyers_figures(awards_fixture, organisation):
    assert totals(award_figures(organisation), LOCAL).value == 45000
    epsilon = Award.objects.get(supplier_name="Epsilon Ltd")
    epsilon.lot = awards_fixture["a1"].lots.get(number=2)
    epsilon.save()
    assert totals(award_figures(organisation), LOCAL).value == 60000
    assert partnership_total().value == 80000


def test_unpublishing_and_publishing_an_opportunity(awards_fixture):
    partnership_total()
    awards_fixture["b1"].unpublish()
    assert partnership_total().value == 45000
    awards_fixture["b1"].save_revision().publish()
    assert partnership_total().value == 80000


def test_publishing_a_draft_counts_its_awards(awards_fixture):
    partnership_total()
    awards_fixture["draft"].save_revision().publish()
    assert partnership_total().value == 80000 + 99999


def test_deleting_an_opportunity_removes_its_awards(awards_fixture):
    partnership_total()
    awards_fixture["b1"].delete()
    assert partnership_total().value == 45000


def test_changing_the_main_cpv_code_moves_the_value_to_another_division(awards_fixture, cpv):
    partnership_total()
    b1 = awards_fixture["b1"]
    b1.main_cpv = cpv["it"]
    b1.save_revision().publish()
    rows = by_division(award_figures(), LOCAL)
    assert [(row.label, row.value) for row in rows] == [("72 IT services", 80000)]


def test_saving_a_draft_revision_marks_nothing(awards_fixture):
    partnership_total()
    awards_fixture["a1"].save_revision()
    assert not StaleSummary.objects.exists()


def test_a_new_local_area_changes_the_local_share_without_a_rebuild(client, awards_fixture):
    assert "43.8%" in client.get("/insights/").content.decode()  # PR1 and BB1: 35,000 of 80,000
    rows = AwardSummary.objects.count()
    settings = PortalSettings.load()
    settings.local_postcode_districts = "PR10, M1"
    settings.save()
    html = client.get("/insights/").content.decode()
    assert "56.2%" in html  # Epsilon (PR10) 15,000 and Gamma (M1) 30,000 of 80,000
    assert AwardSummary.objects.count() == rows
    assert not StaleSummary.objects.exists()


def test_refresh_insights_rebuilds_after_bulk_loads(awards_fixture, organisation):
    partnership_total()
    opportunity = OpportunityPageFactory(parent=organisation, reference="BULK-1", stage=Stage.AWARDED)
    lot = LotFactory(opportunity=opportunity, number=1)
    refresh_stale()
    # bulk_create sends no signals, as in imports that bypass the models' save.
    Award.objects.bulk_create(
        [
            Award(
                lot=lot,
                supplier_name="Bulk",
                supplier_postcode="BB1 1AA",
                supplier_size="large",
                value=Decimal("500"),
                award_date=datetime.date(2025, 1, 2),
            )
        ]
    )
    assert partnership_total().value == 80000
    out = StringIO()
    call_command("refresh_insights", stdout=out)
    assert "Rebuilt the award summary" in out.getvalue()
    assert "buyer 1/" in out.getvalue()
    total = partnership_total()
    assert (total.value, total.local_value) == (80500, 35500)


@pytest.mark.parametrize(
    "postcode",
    ["PR1 2AB", " pr1 3cd", "PR10 1AA", "pr1", "M1 1AA", "", " bb1  4ef"],
)
def test_postcode_district_in_the_database_matches_the_model(awards_fixture, postcode):
    lot = awards_fixture["b1"].lots.get()
    created = award(lot, "Eta", postcode, "small", "private", "1", datetime.date(2025, 1, 1))
    district = Award.objects.annotate(district=PostcodeDistrict("supplier_postcode")).get(pk=created.pk).district
    assert (district or "") == created.postcode_district
