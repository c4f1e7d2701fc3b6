"""The accessibility scorecard, against the fixture's opportunities worked out by hand.

Northshire: "IT support" (2 lots of 100,000 and 50,000; 30 days to respond) and "Grass cutting" (1 lot of
40,000; 20 days); 2 of 3 lots suitable for SMEs, 1 for VCSEs. The draft does not count.
"""

import pytest

from insights.scorecard import scorecards
from portal.readability import reading_age
from tests.insights.conftest import COMPLEX, PLAIN

pytestmark = pytest.mark.django_db


def expected_plain_share(summaries, target=12):
    try:
        ages = [reading_age(text) for text in summaries]
    except LookupError:
        return None  # textstat's word list is missing here: the scorecard shows "No data"
    judged = [age for age in ages if age is not None]
    return None if not judged else sum(age <= target for age in judged) * 100 / len(judged)


def test_scorecard_for_one_anchor(awards_fixture, organisation, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        (card,) = scorecards([organisation], reading_age_target=12)
    assert (card.opportunities, card.lotted) == (2, 1)
    assert card.lotted_share == 50
    assert card.median_lot_value == 50000
    assert card.median_days == pytest.approx(25)
    assert card.sme_share == pytest.approx(200 / 3)
    assert card.vcse_share == pytest.approx(100 / 3)
    assert card.plain_share == expected_plain_share([PLAIN, COMPLEX])


def test_scorecards_compare_anchors_in_a_fixed_number_of_queries(
    awards_fixture, organisation, other_organisation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        cards = scorecards([organisation, other_organisation], reading_age_target=12)
    westmoor = cards[1]
    assert (westmoor.opportunities, westmoor.lotted, westmoor.median_lot_value) == (1, 0, 35000)
    assert westmoor.median_days == pytest.approx(14)
    assert (westmoor.sme_share, westmoor.vcse_share) == (100, 100)  # its one lot suits both


def test_organisation_page_shows_its_scorecard(client, awards_fixture, organisation):
    html = client.get(organisation.url).content.decode()
    assert "How easy we make it to bid" in html
    assert "50.0% of 2 opportunities" in html
    assert "£50,000" in html
    assert "Middle time given to bid" in html and "25 days" in html


def test_organisation_without_opportunities(client, other_organisation, buyers_index):
    from portal.factories import OrganisationPageFactory

    empty = OrganisationPageFactory(parent=buyers_index, title="Quiet College")
    assert "We have not published any opportunities here yet." in client.get(empty.url).content.decode()


def test_insights_page_compares_anchors(client, awards_fixture, organisation, other_organisation):
    html = client.get("/insights/").content.decode()
    table = html[html.index('id="table-scorecard"') :]
    assert table.index(organisation.title) < table.index(other_organisation.title)
    assert "14.0 days" in table and "25.0 days" in table
