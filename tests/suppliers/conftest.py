"""Fixtures for the suppliers tests: places, a signed-in supplier's client, and buyer clients."""

import re

import pytest

from django.core import mail
from django.test import Client

from portal.models import Location
from suppliers.factories import SupplierFactory


@pytest.fixture
def places(db):
    north_west = Location.objects.create(name="North West", slug="tld", kind=Location.Kind.REGION, itl_code="TLD")
    preston = Location.objects.create(name="Preston", slug="preston", region=north_west, postcode_districts="PR1, PR2")
    lancaster = Location.objects.create(name="Lancaster", slug="lancaster", region=north_west, postcode_districts="LA1")
    return {"north_west": north_west, "preston": preston, "lancaster": lancaster}


def link_from(message, pattern):
    """The site path of the first link in an email's text that matches `pattern`."""
    url = re.search(rf"https?://[^/\s]+({pattern}\S*)", message.body).group(1)
    return url


@pytest.fixture
def sign_in(home):
    """sign_in(client, email): the real journey, by emailed link. Returns the client."""

    def run(client, email):
        mail.outbox.clear()
        response = client.post("/suppliers/sign-in/", {"email": email})
        assert response.status_code == 302
        path = link_from(mail.outbox[-1], "/suppliers/sign-in/")
        response = client.post(path)
        assert response.status_code == 302
        return client

    return run


@pytest.fixture
def supplier_client(sign_in):
    """A client signed in as the owner of a new supplier profile: (client, supplier)."""

    def make(**fields):
        supplier = SupplierFactory(**fields)
        return sign_in(Client(), supplier.email), supplier

    return make


@pytest.fixture
def buyer_client(buyer_of, home):
    """A client signed in (through Django's session auth, as the admin login does) as a buyer of `organisation`."""

    def make(organisation):
        user = buyer_of(organisation)
        client = Client()
        client.force_login(user)
        return client, user

    return make
