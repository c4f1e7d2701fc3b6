"""The subscribe form and signed links: bad input, abuse, privacy, and managing without an account."""

import re

import pytest

from django.core import mail, signing

from alerts.criteria import Frequency
from alerts.forms import CONSENT_TEXT, EVENTS_CONSENT_TEXT
from alerts.models import Delivery, Subscription
from alerts.tokens import CONFIRM, MANAGE, make_token, read_token

pytestmark = pytest.mark.django_db

VALID = {"email": "ada@example.org", "keywords": "catering", "frequency": Frequency.DAILY, "consent": "on"}


def confirm_link(message):
    return re.search(r"http://testserver(/alerts/confirm/[^\s]+/)", message.body).group(1)


def test_consent_is_recorded_with_the_exact_wording_shown(client):
    page = client.get("/alerts/subscribe/").content.decode()
    assert CONSENT_TEXT in page
    client.post("/alerts/subscribe/", {**VALID, "wants_events": "on"})
    subscription = Subscription.objects.get()
    assert subscription.consent_text == f"{CONSENT_TEXT} {EVENTS_CONSENT_TEXT}"
    assert subscription.consent_at is not None
    assert subscription.confirmed_at is None


def test_finder_parameters_prefill_the_form_and_unknown_values_are_ignored(client, places, organisation):
    page = client.get(
        f"/alerts/subscribe/?q=school+meals&cpv=55&cpv=99&location=lancaster&location=nowhere"
        f"&value=under-25k&value=500k-plus&vcse=1&buyer={organisation.slug}&sort=newest&stage=awarded"
    ).content.decode()
    assert 'value="school meals"' in page
    assert re.search(r'value="55"\s+checked', page) and 'value="99"' not in page
    assert re.search(r'value="lancaster"\s+checked', page)
    assert re.search(r'id="id_vcse" name="vcse" type="checkbox" value="on" checked', page)
    assert not re.search(r'id="id_sme" name="sme" type="checkbox" value="on" checked', page)
    assert re.search(rf'value="{organisation.slug}"\s+checked', page)
    assert re.search(r'value="under-25k"\s+checked', page) and re.search(r'value="500k-plus"\s+checked', page)
    # The search's other filters are kept, and the page says so.
    assert 'name="finder_filters" value="stage=awarded"' in page
    assert "Also kept from your search" in page and "Awarded" in page
    assert "filled in some answers from your search" in page


def test_an_alert_made_from_a_search_keeps_every_filter_of_it(client, places, organisation):
    search = f"q=school+meals+or+catering&cpv=55&location=lancaster&buyer={organisation.slug}&theme=&stage=open"
    page = client.get(f"/alerts/subscribe/?{search}").content.decode()
    carried = re.search(r'name="finder_filters" value="([^"]*)"', page).group(1)
    client.post(
        "/alerts/subscribe/",
        {
            **VALID,
            "keywords": "school meals or catering",
            "cpv_divisions": ["55"],
            "locations": ["lancaster"],
            "buyers": [organisation.slug],
            "finder_filters": carried,
        },
    )
    assert Subscription.objects.get().search == {
        "q": "school meals or catering",
        "stage": ["open"],
        "cpv": ["55"],
        "location": ["lancaster"],
        "buyer": [organisation.slug],
    }


def test_an_alert_made_from_a_search_keeps_its_size_of_contract(client, places):
    page = client.get("/alerts/subscribe/?q=catering&regime=below-threshold&regime=pcr-2015&regime=huge").content
    page = page.decode()
    carried = re.search(r'name="finder_filters" value="([^"]*)"', page).group(1)
    assert carried == "regime=below-threshold&amp;regime=pcr-2015"
    assert "Size of contract under the Procurement Act" in page
    assert "Below the threshold: simpler process; Older rules (begun before 24 February 2025)" in page
    client.post(
        "/alerts/subscribe/",
        {**VALID, "keywords": "catering", "finder_filters": carried.replace("&amp;", "&")},
    )
    assert Subscription.objects.get().search == {"q": "catering", "regime": ["below-threshold", "pcr-2015"]}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not-an-email"}, "Enter an email address in the correct format, like name@example.com"),
        ({"keywords": ""}, "Choose at least one thing to match"),
        ({"consent": ""}, "Tick the box to agree to get these emails"),
        ({"keywords": "catering " * 30}, "Use fewer words: at most 200 characters"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_keeps_what_was_typed(client, changes, message):
    response = client.post("/alerts/subscribe/", {**VALID, "keywords": "catering or cleaning", **changes})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert html.count(message) == 2  # in the error summary and beside the field
    assert re.search(rf'<a href="#id_\w+">{re.escape(message)}[^<\[\]]*</a>', html)  # words alone, linked
    for name, value in {**VALID, "keywords": "catering or cleaning", **changes}.items():
        if name not in ("consent", "frequency") and value:
            assert f'value="{value}"' in html
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_the_response_does_not_reveal_whether_an_address_already_has_alerts(client, make_subscription):
    existing = make_subscription("ada@example.org", search={"q": "cleaning"})
    first = client.post("/alerts/subscribe/", VALID)
    new_person = client.post("/alerts/subscribe/", {**VALID, "email": "grace@example.org"})
    assert first.status_code == new_person.status_code == 302
    assert first.url == new_person.url
    assert client.get(first.url).status_code == 200
    assert [m.subject for m in mail.outbox] == ["Confirm your email alerts", "Confirm your email alerts"]
    # The existing subscriber's email also carries the link to manage the alerts they already have.
    [token] = re.findall(r"/alerts/manage/([^\s/]+)/", mail.outbox[0].body)
    assert read_token(token, MANAGE) == existing
    assert "/alerts/manage/" not in mail.outbox[1].body


def test_honeypot_submissions_look_successful_but_send_nothing(client):
    response = client.post("/alerts/subscribe/", {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert mail.outbox == [] and not Subscription.objects.exists()


def test_subscribing_is_rate_limited_per_address_and_per_ip(client, settings):
    settings.ALERTS_EMAIL_LIMIT, settings.ALERTS_IP_LIMIT = 2, 4
    for _ in range(3):
        assert client.post("/alerts/subscribe/", VALID).status_code == 302
    assert len(mail.outbox) == 2  # the third looks the same but sends nothing: no inbox flooding
    assert client.post("/alerts/subscribe/", {**VALID, "email": "b@example.org"}).status_code == 302
    refused = client.post("/alerts/subscribe/", {**VALID, "email": "c@example.org"})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "tried to subscribe too many times" in html and 'value="c@example.org"' in html


def form_key(client):
    page = client.get("/alerts/subscribe/").content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f-]+)"', page).group(1)


def test_the_same_form_sent_twice_makes_one_subscription_and_one_email(client):
    key = form_key(client)
    assert client.post("/alerts/subscribe/", {**VALID, "submission_key": key}).status_code == 302
    # A double click, or Back, a change and Subscribe again: still one subscription, with the latest answers.
    again = {**VALID, "submission_key": key, "keywords": "catering or cleaning"}
    assert client.post("/alerts/subscribe/", again).status_code == 302
    assert Subscription.objects.get().search == {"q": "catering or cleaning"}
    assert len(mail.outbox) == 1
    assert form_key(client) != key  # every form shown gets its own key


def test_a_form_sent_again_after_confirming_makes_a_new_subscription(client):
    key = form_key(client)
    client.post("/alerts/subscribe/", {**VALID, "submission_key": key})
    client.post(confirm_link(mail.outbox[0]))
    client.post("/alerts/subscribe/", {**VALID, "submission_key": key, "keywords": "cleaning"})
    assert Subscription.objects.count() == 2
    assert confirm_link(mail.outbox[-1]) != confirm_link(mail.outbox[0])  # the new one has its own link


def test_behind_a_proxy_the_limit_counts_each_client_not_the_proxy(client, settings):
    settings.ALERTS_IP_LIMIT, settings.TRUSTED_PROXY_COUNT = 1, 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = client.post("/alerts/subscribe/", VALID, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert first.status_code == 302
    # Another client behind the same proxy is not held back by the first one's attempts...
    other = {**VALID, "email": "b@example.org"}
    assert client.post("/alerts/subscribe/", other, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 302
    # ...and a client cannot dodge its own limit by making up an earlier X-Forwarded-For entry.
    spoofed = {**VALID, "email": "c@example.org"}
    forged = "192.0.2.99, 203.0.113.7"
    assert client.post("/alerts/subscribe/", spoofed, HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429


def test_manage_and_unsubscribe_links_already_emailed_still_work(client, make_subscription):
    # Signed with the test SECRET_KEY when alerts signed its own links; the format and salts must not change.
    make_subscription(pk=4321, secret="kept-in-old-emails", search={"q": "catering"})
    manage = "eyJpZCI6NDMyMSwicyI6ImtlcHQtaW4tb2xkLWVtYWlscyJ9:1xYMao:kzMNWuZTjNH0cpfYIPWm6X917WrI0yQoW24iZ_Df2aE"
    unsubscribe = "eyJpZCI6NDMyMSwicyI6ImtlcHQtaW4tb2xkLWVtYWlscyJ9:1xYMao:QMsieSyuRYtrU17WNt7iiIdHhJGsbB4y8mHgxVqOM8w"
    assert client.get(f"/alerts/manage/{manage}/").status_code == 200
    assert client.get(f"/alerts/unsubscribe/{unsubscribe}/").status_code == 200


def test_tampered_expired_and_replayed_links_get_clear_pages_not_errors(client, make_subscription, settings):
    subscription = make_subscription(confirmed=False, search={"q": "catering"})
    token = make_token(subscription, CONFIRM)

    tampered = client.get(f"/alerts/confirm/{token[:-2]}xx/")
    assert tampered.status_code == 400 and "This link does not work" in tampered.content.decode()
    # A manage token cannot confirm, and a confirm token cannot manage.
    assert client.get(f"/alerts/confirm/{make_token(subscription, MANAGE)}/").status_code == 400
    assert client.get(f"/alerts/manage/{token}/").status_code == 400

    settings.ALERTS_CONFIRM_DAYS = 0
    expired = client.get(f"/alerts/confirm/{signing.dumps({'id': subscription.pk, 's': 'x'}, salt=CONFIRM)}/")
    assert expired.status_code == 410 and "This link has expired" in expired.content.decode()
    settings.ALERTS_CONFIRM_DAYS = 7

    assert client.post(f"/alerts/confirm/{token}/").status_code == 302
    replayed = client.get(f"/alerts/confirm/{token}/")
    assert replayed.status_code == 410
    assert "You have already confirmed these alerts" in replayed.content.decode()
    assert client.post(f"/alerts/confirm/{token}/").status_code == 410

    manage_token = make_token(subscription, MANAGE)
    subscription.delete()
    gone = client.get(f"/alerts/manage/{manage_token}/")
    assert gone.status_code == 404 and "We cannot find these alerts" in gone.content.decode()


def test_manage_change_pause_and_delete_by_signed_link(
    client, make_subscription, places, django_assert_max_num_queries
):
    subscription = make_subscription(search={"q": "catering"}, frequency=Frequency.WEEKLY)
    url = f"/alerts/manage/{make_token(subscription, MANAGE)}/"
    with django_assert_max_num_queries(8):
        page = client.get(url)
    assert "catering" in page.content.decode() and "Once a week" in page.content.decode()

    form = client.get(f"{url}change/").content.decode()
    assert 'value="catering"' in form
    refused = client.post(f"{url}change/", {"keywords": "", "frequency": Frequency.DAILY})
    assert refused.status_code == 400
    client.post(f"{url}change/", {"keywords": "cleaning", "locations": ["preston"], "frequency": Frequency.DAILY})
    subscription.refresh_from_db()
    assert subscription.search == {"q": "cleaning", "location": ["preston"]}
    assert subscription.frequency == Frequency.DAILY

    client.post(f"{url}pause/")
    subscription.refresh_from_db()
    assert subscription.paused
    assert "Paused" in client.get(url).content.decode()
    client.post(f"{url}pause/")
    subscription.refresh_from_db()
    assert not subscription.paused

    assert "Delete your alerts?" in client.get(f"{url}delete/").content.decode()
    deleted = client.post(f"{url}delete/")
    assert "Your alerts have been deleted" in deleted.content.decode()
    assert not Subscription.objects.filter(email="supplier@example.org").exists()
    assert not Delivery.objects.exists()
    assert client.get(url).status_code == 404


def test_confirming_from_the_email_turns_alerts_on_and_emails_the_manage_link(client):
    client.post("/alerts/subscribe/", VALID)
    link = confirm_link(mail.outbox[0])
    page = client.get(link).content.decode()
    assert "Confirm your email alerts" in page and "ada@example.org" in page
    manage = client.post(link, follow=True)
    assert manage.status_code == 200 and "Your email alerts are on" in manage.content.decode()
    welcome = mail.outbox[1]
    assert "/alerts/manage/" in welcome.body and "/alerts/unsubscribe/" in welcome.body
