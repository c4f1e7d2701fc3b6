"""The directory: who sees whom, searching by what, where, kind and size, and market supply."""

import pytest

from django.test import Client

from events.factories import PartnerFactory
from portal.models import PortalSettings
from portal.suppliers import SupplierKind, SupplierSize
from suppliers.factories import SupplierFactory


def names(response):
    return [supplier.business_name for supplier in response.context["page"]]


@pytest.fixture
def caterers(places):
    return {
        "coop": SupplierFactory(
            business_name="Ribble Catering Co-op",
            kind=SupplierKind.COOP,
            size=SupplierSize.MICRO,
            description="School meals and event catering.",
            divisions=["55"],
            postcode="PR1 2AB",
            listed_publicly=True,
        ),
        "lancaster": SupplierFactory(
            business_name="Lune Kitchen",
            description="Buffets and sandwiches for meetings.",
            divisions=["55"],
            postcode="LA1 1AA",
        ),
        "works_in_preston": SupplierFactory(
            business_name="Bowland Buffets",
            description="Cold buffets.",
            divisions=["55"],
            postcode="BB7 2AA",
            locations=[places["preston"]],
        ),
        "cleaner": SupplierFactory(business_name="Sparkle Cleaning", description="Office cleaning.", divisions=["90"]),
        "hidden": SupplierFactory(business_name="Hidden Catering", divisions=["55"], findable=False),
    }


def test_the_public_sees_only_suppliers_who_opted_in(caterers):
    response = Client().get("/suppliers/")
    assert names(response) == ["Ribble Catering Co-op"]
    assert Client().get(f"/suppliers/{caterers['lancaster'].pk}/").status_code == 404
    assert Client().get(f"/suppliers/{caterers['coop'].pk}/").status_code == 200


def test_buyers_search_every_findable_supplier_by_what_and_where(caterers, organisation, buyer_client, places):
    client, _user = buyer_client(organisation)
    assert names(client.get("/suppliers/?division=55")) == ["Bowland Buffets", "Lune Kitchen", "Ribble Catering Co-op"]
    # Preston: based there (PR1) or says it works there.
    assert names(client.get("/suppliers/?division=55&location=preston")) == ["Bowland Buffets", "Ribble Catering Co-op"]
    # A region counts its local areas' districts.
    assert names(client.get("/suppliers/?division=55&location=tld")) == [
        "Bowland Buffets",
        "Lune Kitchen",
        "Ribble Catering Co-op",
    ]
    assert names(client.get("/suppliers/?q=buffets")) == ["Bowland Buffets", "Lune Kitchen"]
    assert names(client.get("/suppliers/?kind=coop&size=micro")) == ["Ribble Catering Co-op"]
    assert "Hidden Catering" not in client.get("/suppliers/?q=catering").content.decode()
    assert client.get(f"/suppliers/{caterers['hidden'].pk}/").status_code == 404


def test_bad_directory_input_gets_a_message_not_an_error(caterers, organisation, buyer_client):
    client, _user = buyer_client(organisation)
    response = client.get("/suppliers/?location=atlantis&kind=pirates&q=" + "x" * 300)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a place from the list" in page
    assert "Choose from the list" in page
    assert "at most 200 characters" in page
    assert client.get("/suppliers/?page=9999").status_code == 200
    assert client.get("/suppliers/?q=%22unclosed%20%26%20(").status_code == 200


def test_a_directory_search_costs_the_same_queries_however_many_results(
    caterers, organisation, buyer_client, django_assert_max_num_queries
):
    client, _user = buyer_client(organisation)
    client.get("/suppliers/?division=55")
    SupplierFactory.create_batch(15, divisions=["55"], postcode="PR2 1AA")
    with django_assert_max_num_queries(15) as few:
        client.get("/suppliers/?division=55&location=preston&q=buffets")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/suppliers/?division=55&location=preston")


def test_a_business_group_embeds_its_members_who_opted_in(caterers):
    chamber = PartnerFactory(name="Northshire Chamber of Commerce", slug="northshire-chamber")
    caterers["coop"].partners.add(chamber)
    caterers["lancaster"].partners.add(chamber)  # a member, but not in the public listing
    response = Client().get("/suppliers/embed/?partner=northshire-chamber")
    assert "X-Frame-Options" not in response
    page = response.content.decode()
    assert "Ribble Catering Co-op" in page
    assert "Lune Kitchen" not in page
    assert Client().get("/suppliers/embed/?partner=nobody").status_code == 404


def test_market_supply_counts_local_suppliers_by_sector(caterers, home):
    settings = PortalSettings.load()
    settings.local_postcode_districts = "PR1, LA1"
    settings.save()
    response = Client().get("/suppliers/market/")
    sectors = {sector.division: sector.suppliers for sector in response.context["sectors"]}
    assert sectors["55"] == 2  # Ribble (PR1) and Lune (LA1); Bowland is BB7; Hidden is not findable
    assert sectors["90"] == 1
    assert sectors["45"] == 0
