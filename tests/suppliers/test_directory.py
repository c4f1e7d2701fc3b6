"""The directory: who sees whom, searching by what, where, kind and size, and market supply."""

import datetime

import pytest

from django.test import Client

from events.factories import PartnerFactory
from portal import clock
from portal.models import PortalSettings
from portal.suppliers import SupplierKind, SupplierSize
from suppliers.directory import recent_invitations, save_work
from suppliers.factories import QuoteInvitationFactory, QuoteRequestFactory, SupplierFactory
from suppliers.models import Supplier
from suppliers.templatetags.suppliers_tags import work_labels


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


def test_a_search_that_finds_nobody_says_so_and_suggests_what_to_try(caterers):
    page = Client().get("/suppliers/", {"q": "submarines"}).content.decode()
    assert "0 suppliers" in page
    assert "No suppliers match. Try fewer words or a wider place." in page


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


DIFFERENT_SEARCHES = [
    "",
    "?division=55",
    "?q=buffets",
    "?q=school+meals&division=55&location=tld&kind=coop&kind=vcse&size=micro&size=small",
    "?division=55&location=preston",
    "?location=lancaster&page=2",
    "?q=nothing+matches+this",
    "?page=9999",
]


def test_a_directory_search_costs_the_same_queries_whatever_it_asks(
    caterers, organisation, buyer_client, django_assert_num_queries
):
    """Session, user, organisation, the Wagtail user bar's permissions and profile (four), the places, the
    count, the page (with CPV codes and recent invitations) and the site settings: 11 for a buyer. The
    public: session, places, count, page: 4."""
    client, _user = buyer_client(organisation)
    SupplierFactory.create_batch(25, divisions=["55"], postcode="LA1 1AA", listed_publicly=True)
    QuoteInvitationFactory(request=QuoteRequestFactory(organisation=organisation), supplier=caterers["coop"])
    client.get("/suppliers/")
    for search in DIFFERENT_SEARCHES:
        with django_assert_num_queries(11):
            assert client.get("/suppliers/" + search).status_code == 200
        with django_assert_num_queries(4):
            assert Client().get("/suppliers/" + search).status_code == 200


def test_the_page_carries_what_the_supplier_pages_show(caterers, organisation, other_organisation, buyer_client):
    """The page's CPV labels and fair-rotation figures come from subqueries: the same as each supplier's own."""
    client, _user = buyer_client(organisation)
    now = clock.now()
    for days, supplier, who in [
        (5, caterers["coop"], organisation),
        (40, caterers["coop"], organisation),
        (120, caterers["coop"], organisation),  # too long ago to count
        (120, caterers["lancaster"], organisation),
        (3, caterers["lancaster"], other_organisation),  # another organisation's
    ]:
        QuoteInvitationFactory(
            request=QuoteRequestFactory(organisation=who),
            supplier=supplier,
            sent_at=now - datetime.timedelta(days=days),
        )
    save_work(caterers["coop"], ["55", "55523", "80"])
    page = client.get("/suppliers/").context["page"]
    expected = recent_invitations(organisation, [supplier.pk for supplier in page])
    assert {supplier.pk: supplier.recent for supplier in page} == {
        supplier.pk: expected.get(supplier.pk) for supplier in page
    }
    coop = next(supplier for supplier in page if supplier.pk == caterers["coop"].pk)
    assert coop.recent[0] == 2
    assert (
        coop.work_labels
        == work_labels(caterers["coop"])
        == (
            "CPV 55 Hotel, catering and retail services; CPV 55523 (Hotel, catering and retail services); "
            "CPV 80 Education and training"
        )
    )
    for supplier in page:
        assert supplier.work_labels == work_labels(Supplier.objects.get(pk=supplier.pk))


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
