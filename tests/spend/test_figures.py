"""Spend figures checked against sums worked out by hand (written beside each assertion)."""

from decimal import Decimal

import pytest

from portal.models import PortalSettings
from spend.figures import Analysis
from spend.models import Supplier
from tests.spend.conftest import import_text

pytestmark = pytest.mark.django_db

HEADER = "Date,Net Amount,Supplier Name,Supplier Postcode,Expense Type\n"
BASELINE = HEADER + (
    "01/05/2023,1000.00,Acme Ltd,PR1 1AA,Repairs\n"
    "02/05/2023,3000.00,Big Co plc,M1 1AA,Facilities\n"
    "03/05/2023,1000.00,Far Ltd,LS1 1AA,Software\n"
    "04/05/2023,5000.00,HM Revenue & Customs,,PAYE\n"
)
UPDATE = HEADER + (
    "01/05/2024,2000.00,ACME LIMITED,PR1 1AA,Repairs\n"
    "02/05/2024,-500.00,Acme Ltd.,PR1 1AA,Repairs\n"
    "03/05/2024,2000.00,Big Co plc,M1 1AA,Facilities\n"
    "04/05/2024,1500.00,Darwen Community Transport,BB1 2AA,Transport\n"
    "05/05/2024,1000.00,Far Ltd,LS1 1AA,Software\n"
    "06/05/2024,4000.00,HM Revenue & Customs,,PAYE\n"
    "07/05/2024,1000.00,Lancashire County Pension Fund,PR1 8XJ,Employer pension contributions\n"
)


@pytest.fixture
def story(organisation):
    settings = PortalSettings.load()
    settings.local_postcode_districts = "PR1, PR2, BB1"
    settings.save()
    import_text(organisation, 2023, BASELINE, name="2023.csv")
    import_text(organisation, 2024, UPDATE, name="2024.csv")
    Supplier.objects.filter(key="ACME").update(size="small")
    Supplier.objects.filter(key="BIG CO").update(size="large")
    Supplier.objects.filter(key="DARWEN COMMUNITY TRANSPORT").update(size="small", kind="vcse")
    return organisation


def test_headline_figures_match_the_hand_sums(story):
    headlines = Analysis([story.pk], 2024, 2023).headlines()
    baseline, update = headlines[2023], headlines[2024]
    assert baseline.total == Decimal("10000")  # 1000 + 3000 + 1000 + 5000
    assert baseline.influenceable == Decimal("5000")  # HMRC's 5000 left out
    assert baseline.local_share == 20.0  # Acme 1000 of 5000
    assert baseline.region_share == 80.0  # Acme 1000 + Big Co (M1, North West) 3000
    assert baseline.sme_share == 20.0  # Acme, small
    assert update.total == Decimal("11000")  # 2000 - 500 + 2000 + 1500 + 1000 + 4000 + 1000
    assert update.influenceable == Decimal("6000")  # HMRC 4000 and the pension fund 1000 left out
    assert update.local == Decimal("3000")  # Acme 1500 (after its credit note) + Darwen 1500
    assert update.local_share == 50.0
    assert round(update.region_share, 1) == 83.3  # 3000 local + Big Co 2000, of 6000
    assert update.sme_share == 50.0  # Acme 1500 + Darwen 1500
    assert update.vcse_share == 25.0  # Darwen 1500
    assert round(update.size_unknown_share, 1) == 16.7  # Far 1000: unknown stays unknown, not large
    assert update.suppliers == 4


def test_every_excluded_pound_is_traced_to_its_rule(story):
    exclusions = dict(Analysis([story.pk], 2024, 2023).exclusions())
    assert exclusions == {
        "Tax paid to HMRC": {2023: Decimal("5000.00"), 2024: Decimal("4000.00")},
        "Pension fund contributions": {2024: Decimal("1000.00")},
    }


def test_top_suppliers_rank_by_influenceable_spend_with_the_baseline_beside(story):
    top = Analysis([story.pk], 2024, 2023).top_suppliers()
    assert [(row["supplier__name"], row["update"], row["baseline"]) for row in top] == [
        ("Big Co plc", Decimal("2000.00"), Decimal("3000.00")),
        ("Acme Ltd", Decimal("1500.00"), Decimal("1000.00")),  # the first spelling seen
        ("Darwen Community Transport", Decimal("1500.00"), None),
        ("Far Ltd", Decimal("1000.00"), Decimal("1000.00")),
    ]
    assert [row["place"] for row in top] == ["region", "local", "local", "uk"]


def test_places_and_change_tables(story):
    from spend.analysis import build

    context = build([story.pk], {"year": "2024", "baseline": "2023"}, detail=True)
    headline = {row[0]: row[1:] for row in context["headline"].data}
    assert headline["Spent in the local area"] == [20.0, 50.0, 30.0]  # +30 percentage points
    assert headline["Total spend"] == [Decimal("10000.00"), Decimal("11000.00"), Decimal("1000.00")]
    places = {row[0]: row[1:] for row in context["sections"][0].table.data}
    assert places["Elsewhere in the UK"] == [Decimal("1000.00"), 20.0, Decimal("1000.00"), round(100 / 6, 1)]


def test_leakage_by_sector_sits_beside_local_suppliers_known(story):
    from spend.analysis import build

    Supplier.objects.filter(key="FAR").update(sector="J")
    Supplier.objects.filter(key="ACME").update(sector="F")
    Supplier.objects.create(key="LOCAL CODERS", name="Local Coders", district="PR2", area="PR", sector="J")
    context = build([story.pk], {"year": "2024"}, detail=True)
    leakage = next(s.table for s in context["sections"] if s.table.slug == "leakage")
    rows = {row[0]: row[1:] for row in leakage.data}
    assert rows["Information and communication"] == [Decimal("1000.00"), 1]  # Far in Leeds; Local Coders in PR2
    assert rows["Sector not known"] == [Decimal("2000.00"), None]  # Big Co, sector not known yet


def test_suppliers_paid_lists_an_anchors_suppliers_for_a_year(story):
    from spend.queries import suppliers_paid

    paid = suppliers_paid(story, 2024)
    assert [(row["name"], row["amount"], row["payments"]) for row in paid] == [
        ("HM Revenue & Customs", Decimal("4000.00"), 1),
        ("Big Co plc", Decimal("2000.00"), 1),
        ("Acme Ltd", Decimal("1500.00"), 2),
        ("Darwen Community Transport", Decimal("1500.00"), 1),
        ("Far Ltd", Decimal("1000.00"), 1),
        ("Lancashire County Pension Fund", Decimal("1000.00"), 1),
    ]


def test_the_partnership_adds_up_its_anchors_and_follows_each_new_file(story, other_organisation):
    """With every anchor in scope the figures come from the partnership summary; with some, from theirs."""
    import_text(other_organisation, 2024, HEADER + "01/06/2024,700.00,Acme Ltd,PR1 1AA,Repairs\n", name="o.csv")
    both = Analysis([story.pk, other_organisation.pk], 2024)
    assert both.headlines()[2024].total == Decimal("11700")  # 11000 + 700
    assert both.top_suppliers()[0]["supplier__name"] == "Acme Ltd"  # 1500 + 700, ahead of Big Co's 2000
    import_text(other_organisation, 2024, HEADER + "02/06/2024,300.00,Big Co plc,M1 1AA,Facilities\n", name="p.csv")
    assert Analysis([story.pk, other_organisation.pk], 2024).headlines()[2024].total == Decimal("12000")
    assert Analysis([story.pk], 2024).headlines()[2024].total == Decimal("11000")  # one anchor: its own
    assert Analysis([other_organisation.pk], 2024).headlines()[2024].total == Decimal("1000")
