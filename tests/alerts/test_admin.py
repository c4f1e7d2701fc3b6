"""Staff can look up a subscription (to answer a supplier's question) but not edit it; buyers cannot see any."""

import pytest

from alerts.models import Subscription

pytestmark = pytest.mark.django_db

URL = "/admin/alert_subscriptions/"


def test_staff_find_a_subscription_and_see_what_was_agreed(client, superuser, make_subscription):
    subscription = make_subscription("ada@example.org", search={"q": "catering"}, consent_text="I agree to alerts.")
    make_subscription("bob@example.org", confirmed=False)
    client.force_login(superuser)
    listing = client.get(URL, {"q": "ada"})
    assert listing.status_code == 200
    assert "ada@example.org" in listing.content.decode()
    assert "bob@example.org" not in listing.content.decode()
    unconfirmed = client.get(URL, {"confirmed_at__isnull": "true"}).content.decode()
    assert "bob@example.org" in unconfirmed and "ada@example.org" not in unconfirmed
    inspect = client.get(f"{URL}inspect/{subscription.pk}/").content.decode()
    assert "I agree to alerts." in inspect and "catering" in inspect


def test_nobody_edits_or_adds_a_subscription_for_a_subscriber(client, superuser, make_subscription):
    subscription = make_subscription("ada@example.org", search={"q": "catering"})
    client.force_login(superuser)
    assert client.get(f"{URL}edit/{subscription.pk}/").status_code in {302, 403}
    assert client.post(f"{URL}edit/{subscription.pk}/", {"search": '{"q": "hacked"}'}).status_code in {302, 403}
    assert client.get(f"{URL}new/").status_code in {302, 403}
    subscription.refresh_from_db()
    assert subscription.search == {"q": "catering"}
    # A data request by phone or post: staff who may delete can remove it.
    assert client.post(f"{URL}delete/{subscription.pk}/").status_code == 302
    assert not Subscription.objects.exists()


def test_buyers_cannot_see_subscribers(client, buyer_of, organisation, make_subscription):
    make_subscription("ada@example.org")
    client.force_login(buyer_of(organisation))
    response = client.get(URL)
    assert response.status_code in {302, 403}
    assert b"ada@example.org" not in response.content
    assert b"Alert subscriptions" not in client.get("/admin/").content
