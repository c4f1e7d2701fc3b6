"""Passwordless sign-in, the profile form, one place for alerts and registrations, download and delete."""

import datetime
import json

import time_machine

from django.core import mail
from django.test import Client

from alerts.models import Subscription
from events.factories import RegistrationFactory
from portal import clock
from suppliers import links
from suppliers.models import SignInLink, Supplier

from .conftest import link_from

PROFILE = {
    "business_name": "Ribble Valley Catering Co-operative",
    "companies_house_number": "ip 031234",
    "charity_number": "",
    "ppon": "pmzv7732xxtt",
    "postcode": "pr1 2ab",
    "size": "micro",
    "kind": "coop",
    "description": "We cook school meals and cater for events of up to 200 people.",
    "divisions": ["55", "15"],
    "cpv_codes": "55523",
    "certificates": "Food hygiene rating 5",
    "findable": "on",
    "listed_publicly": "on",
}


def ask_for_link(client, email):
    mail.outbox.clear()
    response = client.post("/suppliers/sign-in/", {"email": email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [email.lower()]
    assert message.alternatives[0][1] == "text/html"
    return link_from(message, "/suppliers/sign-in/")


def test_a_new_supplier_signs_in_by_link_and_creates_a_profile(home, places):
    client = Client()
    path = ask_for_link(client, "Hello@Ribble.Example")
    # Opening the link (as a mail scanner would) does not sign in or use it up.
    response = client.get(path)
    assert b"hello@ribble.example" in response.content
    assert client.get("/suppliers/profile/").status_code == 302
    response = client.post(path)
    assert response.url == "/suppliers/profile/edit/"

    response = client.post("/suppliers/profile/edit/", {**PROFILE, "locations": [places["preston"].pk]})
    assert response.status_code == 302
    supplier = Supplier.objects.get()
    assert supplier.email == "hello@ribble.example"
    assert (supplier.companies_house_number, supplier.ppon, supplier.postcode) == (
        "IP031234",
        "PMZV-7732-XXTT",
        "PR1 2AB",
    )
    assert supplier.postcode_district == "PR1"
    assert sorted(w.prefix for w in supplier.work.all()) == ["15", "55", "55523"]
    page = client.get("/suppliers/profile/").content.decode()
    assert "Ribble Valley Catering Co-operative" in page
    assert "CPV 55523 (Hotel, catering and retail services)" in page


def test_a_sign_in_link_works_once(home):
    client = Client()
    path = ask_for_link(client, "once@example.com")
    assert client.post(path).status_code == 302
    response = Client().post(path)
    assert response.status_code == 410
    assert "This link has already been used" in response.content.decode()


def test_an_expired_sign_in_link_is_refused_with_a_clear_page(home):
    client = Client()
    path = ask_for_link(client, "late@example.com")
    with time_machine.travel(clock.now() + datetime.timedelta(hours=1, minutes=1)):
        response = client.get(path)
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        assert client.post(path).status_code == 410
    assert SignInLink.objects.get().used_at is None


def test_a_tampered_sign_in_link_is_refused(home):
    client = Client()
    path = ask_for_link(client, "someone@example.com")
    token = path.rstrip("/").rsplit("/", 1)[1]
    other = SignInLink.objects.create(email="victim@example.com")
    forged = links.make(other, links.SIGN_IN).split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in (token[:-2] + "xx", forged, "not-a-token"):
        response = client.post(f"/suppliers/sign-in/{bad}/")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert client.get("/suppliers/profile/").status_code == 302


def test_bad_identifiers_and_postcodes_get_clear_messages_and_keep_what_was_typed(supplier_client):
    client, _supplier = supplier_client()
    bad = {**PROFILE, "companies_house_number": "123", "charity_number": "NI12", "ppon": "ABC", "postcode": "PR1"}
    response = client.post("/suppliers/profile/edit/", bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a Companies House number in the right format" in page
    assert "Enter a charity number in the right format" in page
    assert "Enter a PPON in the right format" in page
    assert "Enter a real postcode, like PR1 2AB" in page
    assert "Ribble Valley Catering Co-operative" in page  # nothing typed is lost


def test_alerts_and_registrations_with_the_same_address_join_the_profile(supplier_client, organisation):
    client, supplier = supplier_client(email="cook@example.com")
    Subscription.objects.create(email="COOK@example.com", search={"q": "catering"}, consent_text="I agree.")
    Subscription.objects.create(email="someone-else@example.com", search={"q": "roofing"}, consent_text="I agree.")
    from events.factories import EventPageFactory

    event = EventPageFactory(parent=organisation, title="Meet the buyer: catering")
    RegistrationFactory(event=event, email="cook@example.com")
    page = client.get("/suppliers/profile/").content.decode()
    assert "Keywords: catering" in page
    assert "roofing" not in page
    assert "Meet the buyer: catering" in page


def test_download_my_data_holds_the_profile_alerts_and_registrations(supplier_client, organisation):
    client, supplier = supplier_client(email="cook@example.com", business_name="Cook Co-op")
    Subscription.objects.create(email="cook@example.com", search={"q": "catering"}, consent_text="I agree.")
    response = client.get("/suppliers/profile/download/")
    assert response["Content-Disposition"] == 'attachment; filename="my-supplier-data.json"'
    data = json.loads(response.content)
    assert data["profile"]["business_name"] == "Cook Co-op"
    assert data["email_alerts"][0]["answers"]["Keywords"] == "catering"


def test_delete_my_account_removes_the_profile_and_alerts_and_signs_out(supplier_client):
    client, supplier = supplier_client(email="gone@example.com")
    Subscription.objects.create(email="gone@example.com", search={"q": "catering"}, consent_text="I agree.")
    assert "Delete my profile" in client.get("/suppliers/profile/delete/").content.decode()
    response = client.post("/suppliers/profile/delete/")
    assert "Your profile is deleted" in response.content.decode()
    assert not Supplier.objects.filter(pk=supplier.pk).exists()
    assert not Subscription.objects.filter(email="gone@example.com").exists()
    assert client.get("/suppliers/profile/").status_code == 302


def test_a_supplier_changes_only_its_own_profile(supplier_client):
    client, mine = supplier_client(email="mine@example.com")
    _other_client, theirs = supplier_client(email="theirs@example.com", business_name="Theirs Ltd")
    response = client.post("/suppliers/profile/edit/", {**PROFILE, "business_name": "Mine Renamed"})
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.business_name == "Mine Renamed"
    assert theirs.business_name == "Theirs Ltd"


def test_too_many_sign_in_requests_for_one_address_send_no_more_email(home, settings):
    settings.ALERTS_EMAIL_LIMIT = 2
    client = Client()
    mail.outbox.clear()
    for _ in range(4):
        assert client.post("/suppliers/sign-in/", {"email": "flood@example.com"}).status_code == 302
    assert len(mail.outbox) == 2


def test_a_wrong_email_address_is_refused_with_a_message(home):
    response = Client().post("/suppliers/sign-in/", {"email": "not an email"})
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.content.decode()
