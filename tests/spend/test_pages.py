"""Who sees what: real page requests as the public, a partnership analyst and an anchor's own analyst."""

import pytest

from portal.factories import UserFactory
from spend.access import ensure_anchor_analysts, ensure_partnership_analysts
from spend.models import AnchorSpendSettings
from tests.spend.conftest import import_text

pytestmark = pytest.mark.django_db

CONTENT = "Date,Net Amount,Supplier Name,Supplier Postcode\n01/05/2024,1000.00,Secret Supplies Ltd,PR1 1AA\n"
OTHER = "Date,Net Amount,Supplier Name,Supplier Postcode\n01/05/2024,700.00,Hidden Haulage Ltd,M1 1AA\n"
SUPPLIERS = "Top 300 suppliers by influenceable spend"


@pytest.fixture
def two_anchors(organisation, other_organisation):
    import_text(organisation, 2024, CONTENT)
    import_text(other_organisation, 2024, OTHER, name="other.csv")
    return organisation, other_organisation


def publish(anchor):
    AnchorSpendSettings.objects.update_or_create(anchor=anchor, defaults={"publish_headlines": True})


def test_an_anchor_that_has_not_published_is_not_found(client, two_anchors):
    council, _ = two_anchors
    assert client.get(f"/spend/{council.slug}/").status_code == 404
    assert client.get(f"/spend/{council.slug}/data/headline.csv").status_code == 404


def test_published_headlines_are_public_but_suppliers_are_not(client, two_anchors):
    council, _ = two_anchors
    publish(council)
    response = client.get(f"/spend/{council.slug}/")
    assert response.status_code == 200
    assert "£1,000" in response.content.decode()
    assert SUPPLIERS not in response.content.decode()
    assert "Secret Supplies" not in response.content.decode()
    assert client.get(f"/spend/{council.slug}/data/suppliers.csv").status_code == 404
    csv_response = client.get(f"/spend/{council.slug}/data/headline.csv")
    assert csv_response.status_code == 200
    assert csv_response.content.decode().splitlines()[1] == "Total spend,1000.00"


def test_the_public_partnership_page_counts_only_anchors_that_publish(client, two_anchors):
    council, other = two_anchors
    publish(council)
    body = client.get("/spend/").content.decode()
    assert "£1,000" in body
    assert "£1,700" not in body
    assert other.title not in body


def test_a_partnership_analyst_sees_every_anchor_and_its_suppliers(client, two_anchors):
    council, other = two_anchors
    analyst = UserFactory()
    analyst.groups.add(ensure_partnership_analysts())
    client.force_login(analyst)
    body = client.get("/spend/").content.decode()
    assert "£1,700" in body
    assert "Secret Supplies Ltd" in body and "Hidden Haulage Ltd" in body
    assert client.get(f"/spend/{other.slug}/data/suppliers.csv").status_code == 200


def test_an_anchors_analyst_sees_only_their_own_anchors_suppliers(client, two_anchors):
    council, other = two_anchors
    publish(other)
    analyst = UserFactory()
    analyst.groups.add(ensure_anchor_analysts(council))
    client.force_login(analyst)
    own = client.get(f"/spend/{council.slug}/").content.decode()
    assert "Secret Supplies Ltd" in own
    theirs = client.get(f"/spend/{other.slug}/")
    assert theirs.status_code == 200  # published headlines, as for anyone
    assert "Hidden Haulage" not in theirs.content.decode()
    assert client.get(f"/spend/{other.slug}/data/suppliers.csv").status_code == 404
    partnership = client.get("/spend/").content.decode()
    assert "Hidden Haulage" not in partnership and "Secret Supplies" not in partnership


def test_a_bad_year_gets_a_clear_message_and_a_400(client, two_anchors):
    council, _ = two_anchors
    publish(council)
    response = client.get(f"/spend/{council.slug}/?year=1999")
    assert response.status_code == 400
    assert "Choose an update year from the list." in response.content.decode()
    assert client.get(f"/spend/{council.slug}/data/headline.csv?year=abc").status_code == 400


def test_pages_take_the_same_number_of_queries_for_one_anchor_or_many(
    client, two_anchors, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    council, other = two_anchors
    analyst = UserFactory()
    analyst.groups.add(ensure_partnership_analysts())
    client.force_login(analyst)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/spend/{council.slug}/")
    for number in range(3):
        import_text(other, 2023 - number, OTHER.replace("2024", str(2023 - number)), name=f"{number}.csv")
    with CaptureQueriesContext(connection) as many:
        client.get("/spend/")
    assert len(many) <= len(one) + 1  # the partnership page lists its anchors too
    # Pinned: the figures are a handful of queries over the summary, whatever the number of lines.
    assert len(one) <= 22
    assert len(many) <= 16
