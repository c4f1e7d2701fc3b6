"""Subscribe → confirm → match → send → unsubscribe, through real HTTP requests and the mail outbox."""

import re

import pytest

from django.core import mail
from django.test import Client

from alerts.criteria import Frequency
from alerts.delivery import send_due
from alerts.models import Delivery, Subscription

from .conftest import it_lot

pytestmark = pytest.mark.django_db


def links_in(message):
    return re.findall(r"http://testserver(/alerts/[^\s\"<>]+)", message.body)


def test_a_supplier_subscribes_confirms_gets_an_alert_with_reasons_and_unsubscribes_in_one_click(
    client, places, publish_opportunity
):
    # Arrive from a finder search: the profile is already filled in.
    page = client.get("/alerts/subscribe/?q=website&cpv=72&location=preston&value=25k-100k&sme=1&page=2")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="website"' in html
    assert re.search(r'value="72"\s+checked', html)
    assert re.search(r'value="preston"\s+checked', html)
    assert re.search(r'value="25k-100k"\s+checked', html)
    assert re.search(r'id="id_sme" name="sme" type="checkbox" value="on" checked', html)

    response = client.post(
        "/alerts/subscribe/",
        {
            "email": "ada@example.org",
            "keywords": "website",
            "cpv_divisions": ["72"],
            "locations": ["preston"],
            "sme": "on",
            "value_bands": ["25k-100k"],
            "frequency": Frequency.IMMEDIATE,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert "ada@example.org" in client.get(response.url).content.decode()

    # Nothing is sent before the address is confirmed, however well a lot matches.
    assert len(mail.outbox) == 1
    publish_opportunity([it_lot(places)], title="Council website")
    assert len(mail.outbox) == 1
    assert not Delivery.objects.exists()

    confirmation = mail.outbox[0]
    assert confirmation.to == ["ada@example.org"]
    assert confirmation.alternatives and confirmation.alternatives[0][1] == "text/html"
    [confirm_path] = links_in(confirmation)
    assert client.get(confirm_path).status_code == 200
    confirmed = client.post(confirm_path, follow=True)
    assert "Your email alerts are on" in confirmed.content.decode()
    assert Subscription.objects.get().confirmed_at is not None
    welcome = mail.outbox[1]
    assert welcome.subject == "Your email alerts are on"

    # A new lot is published: the immediate subscriber gets one email saying why it matched.
    mail.outbox.clear()
    opportunity = publish_opportunity(
        [it_lot(places, title="Intranet support", value_min=None, value_max=40000)], title="University IT"
    )
    assert len(mail.outbox) == 1
    alert = mail.outbox[0]
    (lot,) = opportunity.lots.all()
    assert alert.subject == f"New match for your alerts: University IT, Lot {lot.number}: Intranet support"
    assert f"{opportunity.url}#lot-{lot.number}" in alert.body, "the link goes to the lot itself"
    assert "University IT: Lot" in alert.body and "Intranet support" in alert.body
    assert (
        "Matches because: mentions “website”; CPV 72 IT services; delivery in Preston; "
        "lot value £25,000 to £100,000; suitable for SMEs." in alert.body
    )
    html_body = alert.alternatives[0][0]
    assert "Matches because: mentions “website”; CPV 72 IT services; delivery in Preston" in html_body
    assert "(UK time)" in alert.body
    assert opportunity.url in alert.body

    # RFC 8058 headers point at the one-click endpoint; the footer shows the same link.
    unsubscribe_url = alert.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith("http://testserver/alerts/unsubscribe/")
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in alert.body and unsubscribe_url in html_body
    assert "Manage your alerts" in alert.body

    # Sending again sends nothing: the ledger says it went.
    assert send_due(Frequency.IMMEDIATE).sent == 0
    assert len(mail.outbox) == 1

    # The manage page lists what was sent.
    [manage_path] = [link for link in links_in(alert) if "/manage/" in link]
    manage = client.get(manage_path).content.decode()
    assert "Intranet support" in manage and "CPV 72 IT services" in manage

    # One-click: a mail app POSTs with no cookies and no CSRF token.
    mail_app = Client(enforce_csrf_checks=True)
    response = mail_app.post(
        unsubscribe_url.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You have unsubscribed" in response.content.decode()
    assert not Subscription.objects.filter(email="ada@example.org").exists()
    assert not Delivery.objects.exists()
    # Sending it twice still succeeds; the manage link is dead.
    assert mail_app.post(unsubscribe_url.removeprefix("http://testserver")).status_code == 200
    assert client.get(manage_path).status_code == 404


def test_the_visible_unsubscribe_link_asks_before_unsubscribing(client, make_subscription):
    from alerts.tokens import UNSUBSCRIBE, make_token

    subscription = make_subscription(search={"q": "catering"})
    url = f"/alerts/unsubscribe/{make_token(subscription, UNSUBSCRIBE)}/"
    page = client.get(url)
    assert page.status_code == 200 and "Stop these email alerts?" in page.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    client.post(url)
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
