"""The read-only admin listing of subscriptions: figures for every admin user, addresses for few."""

import pytest

from django.contrib.auth.models import Permission

from portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriptions(make_subscription):
    make_subscription("active@example.org")
    make_subscription("paused@example.org", paused=True)
    make_subscription("waiting@example.org", confirmed=False)


def listing(client, user):
    client.force_login(user)
    response = client.get("/admin/alert-subscriptions/")
    assert response.status_code == 200
    return response.content.decode()


def test_buyers_see_how_many_subscribe_but_no_addresses(client, buyer_of, organisation, subscriptions):
    html = listing(client, buyer_of(organisation))
    assert "<dt>Subscriptions</dt><dd>3</dd>" in html
    assert "<dt>Confirmed</dt><dd>2</dd>" in html
    assert "<dt>Paused</dt><dd>1</dd>" in html
    assert "<dt>Receiving alerts (confirmed, not paused)</dt><dd>1</dd>" in html
    assert "Not yet" in html
    assert "@example.org" not in html


def test_superusers_and_those_granted_the_permission_see_addresses(client, superuser, subscriptions):
    assert "paused@example.org" in listing(client, superuser)
    editor = UserFactory(username="editor")
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_subscriber_email")
    )
    assert "waiting@example.org" in listing(client, editor)


def test_the_listing_is_read_only_and_for_admin_users_only(client, superuser, subscriptions):
    assert client.get("/admin/alert-subscriptions/").status_code == 302  # to the admin login
    client.force_login(superuser)
    assert client.post("/admin/alert-subscriptions/").status_code == 405


def test_the_listing_pages_through_many_subscriptions(client, superuser, make_subscription):
    for n in range(55):
        make_subscription(f"s{n}@example.org")
    html = listing(client, superuser)
    assert "s54@example.org" in html and "s0@example.org" not in html
    client.force_login(superuser)
    assert "s0@example.org" in client.get("/admin/alert-subscriptions/?p=2").content.decode()
