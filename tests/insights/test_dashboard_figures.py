"""Dashboard figures against sums worked out by hand from the fixture in conftest.py.

Awards (value, district, size, type, date): Alpha 10,000 PR1 small private 2025-02-10; Beta 5,000 PR1 micro
co-op 2025-05-01; Gamma 30,000 M1 large private 2025-05-20 (Northshire, IT); Delta 20,000 BB1 medium social
enterprise 2025-08-15; Epsilon 15,000 PR10 small private 2024-11-30 (Westmoor, cleaning). A draft's award of
99,999 never counts.
"""

import csv
import io

import pytest

from insights.dashboard import Dashboard
from insights.figures import awards as award_queryset
from insights.figures import by_division, by_quarter, commitments, totals
from insights.periods import Quarter

pytestmark = pytest.mark.django_db

LOCAL = {"PR1", "BB1"}


def test_partnership_totals_and_shares(awards_fixture):
    total = totals(award_queryset(), LOCAL)
    assert (total.value, total.count) == (80000, 5)
    # Local: Alpha, Beta (lower case, leading space) and Delta; PR10 is not PR1.
    assert (total.local_value, total.local_count) == (35000, 3)
    assert total.share("local") == pytest.approx(43.75)
    assert total.share("local", of="count") == pytest.approx(60)
    assert (total.sme_value, total.sme_count) == (50000, 4)
    assert (total.social_value, total.social_count) == (25000, 2)
    # Catalogue order: by theme (Healthier, safer communities before Local jobs and skills), then the order set.
    assert commitments() == [
        ("Volunteering hours", "hours", 10),
        ("Local jobs", "jobs", 5),
        ("Apprenticeships", "apprenticeships", 3),
        ("Opportunities for people far from work", "opportunities", 2),
    ]


def test_commitments_follow_the_dashboard_filters(awards_fixture, organisation):
    """Northshire in April to June 2025: Beta's 10 hours and Gamma's 3 jobs and 2 opportunities, not Alpha's."""
    assert commitments(organisation, Quarter(2025, 2), Quarter(2025, 2)) == [
        ("Volunteering hours", "hours", 10),
        ("Local jobs", "jobs", 3),
        ("Opportunities for people far from work", "opportunities", 2),
    ]


def test_a_changed_commitment_changes_the_figures(awards_fixture, django_capture_on_commit_callbacks):
    from impact.models import Commitment

    with django_capture_on_commit_callbacks(execute=True):
        Commitment.objects.filter(measure__code="volunteering-hours").update(quantity=0)  # no signal: not counted
        commitment = Commitment.objects.get(measure__code="local-jobs", award__supplier_name="Gamma plc")
        commitment.quantity = 7
        commitment.save()
    assert ("Local jobs", "jobs", 9) in commitments()


def test_by_quarter(awards_fixture):
    rows = by_quarter(award_queryset(), LOCAL)
    assert [(row.key, row.count, row.value, row.local_value) for row in rows] == [
        ("2024-Q4", 1, 15000, 0),
        ("2025-Q1", 1, 10000, 10000),
        ("2025-Q2", 2, 35000, 5000),
        ("2025-Q3", 1, 20000, 20000),
    ]
    assert rows[2].label == "April to June 2025"


def test_by_cpv_division(awards_fixture):
    rows = by_division(award_queryset(), LOCAL)
    assert [(row.label, row.count, row.value, row.local_value) for row in rows] == [
        ("72 IT services", 3, 45000, 15000),
        ("90 Sewage, refuse and cleaning services", 2, 35000, 20000),
    ]


def test_one_anchor_and_one_quarter(awards_fixture, organisation):
    total = totals(award_queryset(organisation, Quarter(2025, 2), Quarter(2025, 2)), LOCAL)
    assert (total.value, total.count, total.local_value, total.sme_value, total.social_value) == (
        35000,
        2,
        5000,
        5000,
        5000,
    )


def test_no_local_districts_means_nothing_is_local(awards_fixture):
    total = totals(award_queryset(), set())
    assert (total.value, total.local_value, total.local_count) == (80000, 0, 0)


def test_page_shows_hand_computed_figures(client, awards_fixture, django_assert_max_num_queries):
    # The refresh rewrites the commitment summary beside the award summary (2), and the promises table reads it (1).
    with django_assert_max_num_queries(31):
        response = client.get("/insights/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "£80,000" in html
    assert "43.8%" in html  # local share of value
    assert "62.5%" in html  # SME share of value
    assert "31.2%" in html  # VCSE, co-op and similar share of value (25,000 of 80,000)
    assert "The whole partnership, all time" in html


def test_filtered_page(client, awards_fixture, organisation):
    response = client.get("/insights/", {"anchor": organisation.slug, "start": "2025-Q2", "end": "2025-Q2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{organisation.title}, in April to June 2025" in html
    assert "£35,000" in html
    assert "£80,000" not in html


def test_query_count_does_not_grow_with_data(client, awards_fixture, django_assert_max_num_queries, other_organisation):
    from opportunities.factories import LotFactory, OpportunityPageFactory
    from tests.insights.conftest import award

    for n in range(5):
        opportunity = OpportunityPageFactory(parent=other_organisation, reference=f"MORE-{n}", stage="awarded")
        lot = LotFactory(opportunity=opportunity, number=1)
        award(lot, f"More {n}", "LA1 1AA", "small", "private", "100", "2025-01-01")
    with django_assert_max_num_queries(31):
        assert client.get("/insights/").status_code == 200


def test_csv_has_the_same_figures_and_filters(client, awards_fixture, organisation):
    response = client.get("/insights/data/suppliers.csv", {"anchor": organisation.slug})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Kind of supplier", "Value", "Share of value", "Contracts", "Share of contracts"]
    # Northshire alone: 45,000 in 3 contracts; local 15,000 (33.3%), SME 15,000, social 5,000.
    assert rows[1] == ["Suppliers in the local area", "15000.00", "33.3", "2", "66.7"]
    assert rows[2][1:] == ["15000.00", "33.3", "2", "66.7"]
    assert rows[3][1:] == ["5000.00", "11.1", "1", "33.3"]


def test_quarter_csv(client, awards_fixture):
    rows = list(csv.reader(io.StringIO(client.get("/insights/data/by-quarter.csv").content.decode())))
    assert rows[1][:3] == ["2024-Q4", "1", "15000.00"]
    assert len(rows) == 5


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"start": "2025-Q1"}, "from January 2025 onwards"),
        ({"end": "2025-Q1"}, "up to the end of March 2025"),
        ({"start": "2025-Q1", "end": "2025-Q2"}, "from January 2025 to June 2025"),
        ({"start": "2025-Q3", "end": "2025-Q3"}, "in July to September 2025"),
    ],
)
def test_dashboard_object_scope_words(awards_fixture, params, words):
    assert Dashboard(params).scope == f"The whole partnership, {words}"
