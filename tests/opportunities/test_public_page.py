"""The public opportunity page, as a supplier reads it."""

import datetime
import re
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from impact.catalogue import ensure_core_measures, record_commitments
from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from opportunities.models import Stage
from portal.factories import CPVCodeFactory, LocationFactory


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def opportunity_with_lots(organisation, count, **fields):
    opportunity = OpportunityPageFactory(parent=organisation, **fields)
    codes = [CPVCodeFactory(code=f"9091{index:04d}", label=f"Cleaning type {index}") for index in range(2)]
    place = LocationFactory()
    for number in range(1, count + 1):
        lot = LotFactory(opportunity=opportunity, number=number, title=f"Offices in area {number}")
        lot.cpv_codes.set(codes)
        lot.locations.set([place])
        lot.save()
    return opportunity


@pytest.mark.django_db
def test_page_shows_summary_lots_and_closing_date(client, organisation):
    opportunity = opportunity_with_lots(
        organisation,
        3,
        title="Office cleaning",
        submission_deadline=timezone.make_aware(
            datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=12), datetime.time(12))
        ),
        minimum_turnover=Decimal("50000"),
        accreditations="SafeContractor or CHAS",
    )
    response = client.get(opportunity.url)
    assert response.status_code == 200
    page = text_of(response)
    assert "Office cleaning" in page
    assert organisation.title in page
    assert "£20,000 to £80,000" in page
    assert "Closes in 12 days" in page
    assert "Open for bids" in page
    assert page.count('<th scope="row"') == 3
    assert 'href="#lot-2"' in page and 'id="lot-2"' in page
    assert "Can a business like mine bid?" in page
    assert "You need a yearly turnover of at least £50,000." in page
    assert "You need: SafeContractor or CHAS" in page
    assert "Suits small businesses" in page


@pytest.mark.django_db
def test_open_opportunity_past_its_deadline_shows_as_closed(client, organisation):
    opportunity = opportunity_with_lots(
        organisation, 1, submission_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    page = text_of(client.get(opportunity.url))
    assert "Evaluation (closed for bids)" in page
    assert "Bids have closed" in page
    assert "Closes in" not in page
    assert "Go to the buyer's tender website" not in page


@pytest.mark.django_db
def test_cancelled_opportunity_stays_visible_with_its_outcome(client, organisation):
    opportunity = opportunity_with_lots(organisation, 2, stage=Stage.CANCELLED)
    response = client.get(opportunity.url)
    assert response.status_code == 200
    assert "The buyer has cancelled this opportunity" in text_of(response)


@pytest.mark.django_db
def test_awarded_opportunity_shows_who_won_each_lot(client, organisation):
    opportunity = opportunity_with_lots(organisation, 2, stage=Stage.AWARDED)
    lot = opportunity.lots.get(number=2)
    award = AwardFactory(lot=lot, supplier_name="Brightwash Co-operative", value=Decimal("31500"))
    ensure_core_measures()
    record_commitments(award, **{"local-jobs": 4, "volunteering-hours": "12.5"})
    page = text_of(client.get(opportunity.url))
    assert "Who won" in page
    assert "Brightwash Co-operative" in page
    assert "£31,500" in page
    assert "Local jobs: 4 jobs" in page
    assert "Volunteering hours: 12.5 hours" in page


@pytest.mark.django_db
def test_reserved_lot_says_who_may_bid(client, organisation):
    opportunity = opportunity_with_lots(organisation, 2)
    area = LocationFactory(name="Riverside")
    opportunity.lots.filter(number=1).update(reserved="local", reserved_area=area)
    # Imported with "suitable for SMEs" ticked too: the page follows the Act's rule, as the finder does.
    opportunity.lots.filter(number=2).update(reserved="vcse", suitable_for_sme=True)
    page = text_of(client.get(opportunity.url))
    assert "Only suppliers in Riverside" in page
    assert "Only charities, social enterprises and co-ops" in page
    assert "Suits small businesses" not in page


# Routing and site settings take about 12 queries; the opportunity itself (lots with CPV codes,
# locations and awards prefetched, CPV codes, themes, documents, notices) takes the rest, whatever its size.
PAGE_QUERY_BUDGET = 24  # one of them reads the promises of an awarded opportunity


@pytest.mark.django_db
def test_page_query_count_does_not_grow_with_lots(client, organisation, django_assert_max_num_queries):
    one = opportunity_with_lots(organisation, 1)
    six = opportunity_with_lots(organisation, 6)
    # Both awarded, so both pages read the awards' promises (one query); then only the number of lots differs.
    for lot in [*one.lots.all(), *six.lots.all()]:
        AwardFactory(lot=lot)
    client.get(one.url)  # warm per-process caches (content types)

    with CaptureQueriesContext(connection) as single:
        assert client.get(one.url).status_code == 200
    assert len(single.captured_queries) <= PAGE_QUERY_BUDGET
    with django_assert_max_num_queries(len(single.captured_queries)):
        response = client.get(six.url)
    assert response.status_code == 200
    assert text_of(response).count('<th scope="row"') == 6


@pytest.mark.django_db
def test_page_lists_upcoming_events_linked_to_the_opportunity_or_its_lots(client, organisation):
    from events.factories import EventPageFactory

    opportunity = opportunity_with_lots(organisation, 2)
    lot = opportunity.lots.first()
    about_opportunity = EventPageFactory(parent=organisation, title="Cleaning contracts: meet the buyer")
    about_opportunity.opportunities.add(opportunity)
    about_opportunity.save_revision().publish()
    about_lot = EventPageFactory(parent=organisation, title="Lot 1 market engagement")
    about_lot.lots.add(lot)
    about_lot.save_revision().publish()
    unrelated = EventPageFactory(parent=organisation, title="Bid-writing for beginners")
    unrelated.save_revision().publish()

    content = text_of(client.get(opportunity.url))
    assert "Cleaning contracts: meet the buyer" in content
    assert "Lot 1 market engagement" in content
    assert "Bid-writing for beginners" not in content


@pytest.mark.django_db
def test_each_lot_answers_can_a_business_like_mine_bid_for_itself(client, organisation):
    opportunity = opportunity_with_lots(organisation, 2, title="Office cleaning", insurance="£5m public liability")
    reserved = opportunity.lots.get(number=2)
    reserved.reserved = "vcse"
    reserved.save()
    page = text_of(client.get(opportunity.url))
    lot_2 = page[page.index('id="lot-2"') :]
    assert "Can a business like mine bid for lot 2?" in lot_2
    assert "Only charities, social enterprises and co-ops may bid for this lot." in lot_2
    assert "You need: £5m public liability" in lot_2
    assert "Only some suppliers may bid: lot 2 only charities, social enterprises and co-ops." in page
    assert "govuk-tag--yellow" not in page, "statements to check say so in words, not in button-like tags"
