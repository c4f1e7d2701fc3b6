"""Subcontracts: a buyer sends a prime its link; the prime posts lots and reports tier-two spend; isolation."""

import datetime
from decimal import Decimal

import time_machine

from django.core import mail
from django.test import Client

from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from portal import clock
from portal.models import PortalSettings
from suppliers import links
from suppliers.models import PrimeAccess, Subcontract, SubcontractAward
from suppliers.subcontracts import spend_tiers

from .conftest import link_from


def award_of(organisation, name="Big Facilities plc", title="Schools catering"):
    opportunity = OpportunityPageFactory(parent=organisation, title=title)
    return AwardFactory(lot=LotFactory(opportunity=opportunity), supplier_name=name, supplier_size="large")


def prime_client(award, email="bids@big.example"):
    client = Client()
    access = PrimeAccess.objects.create(award=award, email=email)
    assert client.get(f"/suppliers/prime/link/{links.make(access, links.PRIME)}/").status_code == 302
    return client


def post_form(**fields):
    data = {
        "title": "Fresh bread for 40 schools",
        "description": "Daily deliveries of bread.",
        "deadline_date": (clock.today() + datetime.timedelta(days=14)).isoformat(),
        "contact_name": "Sam Prime",
        "contact_email": "sam@big.example",
        "lots-TOTAL_FORMS": "3",
        "lots-INITIAL_FORMS": "0",
        "lots-MIN_NUM_FORMS": "1",
        "lots-MAX_NUM_FORMS": "10",
        "lots-0-title": "North schools",
        "lots-0-value": "£12,000",
        "lots-0-division": "15",
        "lots-1-title": "South schools",
        "lots-1-division": "15",
    }
    data.update(fields)
    return data


def test_a_buyer_sends_the_winner_a_link_for_its_own_awards_only(organisation, other_organisation, buyer_client):
    mine, theirs = award_of(organisation), award_of(other_organisation, name="Other plc")
    client, _user = buyer_client(organisation)
    page = client.get("/suppliers/awards/").content.decode()
    assert "Big Facilities plc" in page and "Other plc" not in page
    assert client.get(f"/suppliers/awards/{theirs.pk}/prime-link/").status_code == 404
    response = client.post(f"/suppliers/awards/{mine.pk}/prime-link/", {"email": "not an email"})
    assert response.status_code == 400
    mail.outbox.clear()
    client.post(f"/suppliers/awards/{mine.pk}/prime-link/", {"email": "bids@big.example"})
    (message,) = mail.outbox
    path = link_from(message, "/suppliers/prime/link/")
    prime = Client()
    assert prime.get(path).url == "/suppliers/prime/"
    assert "Schools catering" in prime.get("/suppliers/prime/").content.decode()


def test_a_prime_posts_a_lotted_subcontract_shown_via_prime_for_anchor(organisation):
    award = award_of(organisation)
    client = prime_client(award)
    response = client.post(f"/suppliers/prime/awards/{award.pk}/subcontracts/new/", post_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    subcontract = Subcontract.objects.get()
    assert [(lot.number, lot.title, lot.value) for lot in subcontract.lots.all()] == [
        (1, "North schools", Decimal("12000")),
        (2, "South schools", None),
    ]
    listing = Client().get("/suppliers/subcontracts/").content.decode()
    assert f"Subcontract: via Big Facilities plc, for {organisation.title}" in listing
    assert "Fresh bread for 40 schools" in Client().get(f"/suppliers/subcontracts/{subcontract.pk}/").content.decode()


def test_a_subcontract_with_mistakes_keeps_what_was_typed(organisation):
    award = award_of(organisation)
    client = prime_client(award)
    response = client.post(
        f"/suppliers/prime/awards/{award.pk}/subcontracts/new/",
        post_form(**{"contact_email": "nope", "lots-0-value": "lots", "lots-1-division": ""}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an email address in the correct format" in page
    assert "Lot 1: Enter an amount in pounds" in page
    assert "Lot 2: Choose a type of work for this lot" in page
    assert "Fresh bread for 40 schools" in page
    no_lots = post_form(**{"lots-0-title": "", "lots-0-value": "", "lots-0-division": "", "lots-1-title": ""})
    no_lots["lots-1-division"] = ""
    response = client.post(f"/suppliers/prime/awards/{award.pk}/subcontracts/new/", no_lots)
    assert response.status_code == 400
    assert "Add at least one lot" in response.content.decode()


def test_a_prime_changes_only_its_own_posts(organisation):
    mine, theirs = award_of(organisation), award_of(organisation, name="Other plc", title="Grounds care")
    other = prime_client(theirs, email="bids@other.example")
    other.post(f"/suppliers/prime/awards/{theirs.pk}/subcontracts/new/", post_form(title="Theirs"))
    their_post = Subcontract.objects.get(title="Theirs")
    client = prime_client(mine)
    assert client.get(f"/suppliers/prime/subcontracts/{their_post.pk}/edit/").status_code == 404
    assert client.post(f"/suppliers/prime/subcontracts/{their_post.pk}/edit/", post_form()).status_code == 404
    assert client.post(f"/suppliers/prime/awards/{theirs.pk}/subcontracts/new/", post_form()).status_code == 404
    assert client.get(f"/suppliers/prime/awards/{theirs.pk}/report/").status_code == 404
    their_post.refresh_from_db()
    assert their_post.title == "Theirs"
    # Nobody without a link can post at all.
    assert Client().get(f"/suppliers/prime/awards/{mine.pk}/subcontracts/new/").status_code == 403


def test_prime_links_refuse_expiry_and_tampering(organisation):
    award = award_of(organisation)
    access = PrimeAccess.objects.create(award=award, email="bids@big.example")
    token = links.make(access, links.PRIME)
    assert Client().get(f"/suppliers/prime/link/{token[:-3]}abc/").status_code == 400
    with time_machine.travel(clock.now() + datetime.timedelta(days=91)):
        response = Client().get(f"/suppliers/prime/link/{token}/")
    assert response.status_code == 410
    assert "Ask the buyer who awarded the contract for a new link" in response.content.decode()
    access.delete()
    assert Client().get(f"/suppliers/prime/link/{token}/").status_code == 404


def test_second_tier_spend_is_shown_beside_the_first(organisation, home):
    settings = PortalSettings.load()
    settings.local_postcode_districts = "PR1"
    settings.save()
    award = award_of(organisation)
    client = prime_client(award)
    response = client.post(
        f"/suppliers/prime/awards/{award.pk}/report/",
        {
            "supplier_name": "Ribble Bakery Co-op",
            "supplier_postcode": "pr1 4xy",
            "supplier_size": "micro",
            "supplier_kind": "coop",
            "value": "£5,000",
            "awarded_on": clock.today().isoformat(),
        },
    )
    assert response.status_code == 302
    assert SubcontractAward.objects.get().supplier_postcode == "PR1 4XY"
    first, second = spend_tiers({"PR1"})
    assert first.total == Decimal("35000") and first.sme == 0
    assert (second.total, second.local, second.sme, second.vcse) == (Decimal("5000"),) * 4
    bad = client.post(f"/suppliers/prime/awards/{award.pk}/report/", {"supplier_postcode": "nowhere"})
    assert "Enter a real postcode" in bad.content.decode()


def test_a_prime_edits_its_post_and_removes_a_lot(organisation):
    award = award_of(organisation)
    client = prime_client(award)
    client.post(f"/suppliers/prime/awards/{award.pk}/subcontracts/new/", post_form())
    subcontract = Subcontract.objects.get()
    north, south = subcontract.lots.all()
    assert "North schools" in client.get(f"/suppliers/prime/subcontracts/{subcontract.pk}/edit/").content.decode()
    edit = post_form(
        title="Fresh bread and rolls",
        **{
            "lots-TOTAL_FORMS": "5",
            "lots-INITIAL_FORMS": "2",
            "lots-0-id": str(north.pk),
            "lots-0-DELETE": "on",
            "lots-1-id": str(south.pk),
            "lots-2-title": "East schools",
            "lots-2-division": "15",
        },
    )
    response = client.post(f"/suppliers/prime/subcontracts/{subcontract.pk}/edit/", edit)
    assert response.status_code == 302, response.content.decode()[:2000]
    subcontract.refresh_from_db()
    assert subcontract.title == "Fresh bread and rolls"
    assert [(lot.number, lot.title) for lot in subcontract.lots.all()] == [(1, "South schools"), (2, "East schools")]
