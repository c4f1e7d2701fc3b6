"""Registering, the waiting list, cancelling and the emails people get, through the public views."""

import datetime
import uuid

import pytest
from icalendar import Calendar

from django.core import mail
from django.utils import timezone

from events import links
from events.factories import EventPageFactory, RegistrationFactory
from events.models import AttendanceMode, Registration

pytestmark = pytest.mark.django_db


def ics_attachment(message):
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    return Calendar.from_ical(attachment[1])


def test_first_people_get_places_then_the_waiting_list(submit, client, event):
    for number in range(3):
        response = submit(event, email=f"person{number}@example.com")
        assert response.status_code == 302
    statuses = list(event.registrations.order_by("id").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    subjects = [message.subject for message in mail.outbox]
    assert subjects[:2] == [f"Your place at {event.title}"] * 2
    assert subjects[2] == f"You are on the waiting list for {event.title}"
    assert not [a for a in mail.outbox[2].attachments if a[0].endswith(".ics")]


def test_confirmation_email_has_a_valid_calendar_invitation_in_uk_time(
    clock_at, submit, client, organisation, event_index
):
    clock_at("2031-06-01 09:00")  # a month before the event
    start = timezone.make_aware(datetime.datetime(2031, 7, 3, 10, 0))  # British Summer Time: 09:00 UTC
    event = EventPageFactory(parent=organisation, start=start, end=start + datetime.timedelta(hours=2))
    submit(event)
    (message,) = mail.outbox
    (vevent,) = ics_attachment(message).walk("VEVENT")
    assert vevent.decoded("dtstart") == datetime.datetime(2031, 7, 3, 9, 0, tzinfo=datetime.UTC)
    assert vevent.decoded("dtend") == datetime.datetime(2031, 7, 3, 11, 0, tzinfo=datetime.UTC)
    assert str(vevent["summary"]) == event.title
    assert "Thursday 3 July 2031, 10am to midday (UK time)" in message.body
    assert "Town Hall" in str(vevent["location"])


def test_joining_link_only_reaches_registered_people(submit, client, organisation, event_index):
    event = EventPageFactory(
        parent=organisation, attendance_mode=AttendanceMode.ONLINE, joining_url="https://meet.example.com/secret-room"
    )
    public = client.get(event.url)
    assert public.status_code == 200
    assert b"secret-room" not in public.content
    assert b"secret-room" not in client.get(f"/events/{event.pk}/event.ics").content
    response = submit(event)
    assert "secret-room" in mail.outbox[0].body
    (vevent,) = ics_attachment(mail.outbox[0]).walk("VEVENT")
    assert "secret-room" in str(vevent["description"])
    page = client.get(response.url)
    assert b"secret-room" in page.content
    assert page["Referrer-Policy"] == "same-origin"


def test_same_email_twice_gets_a_friendly_message_not_a_second_place(submit, client, event):
    submit(event, email="Alex@Example.com")
    response = submit(event, email="alex@example.COM")
    assert response.status_code == 200
    assert b"You are already registered" in response.content
    assert event.registrations.count() == 1
    assert len(mail.outbox) == 2  # the confirmation, sent again to the address's owner
    assert "tried to register again" in mail.outbox[1].body


def test_resubmitting_the_same_form_gives_the_same_registration(submit, client, event):
    key = uuid.uuid4()
    first = submit(event, submission_key=key)
    second = submit(event, submission_key=key)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert event.registrations.count() == 1
    assert len(mail.outbox) == 1


def test_cancelling_gives_the_place_to_the_next_person_and_emails_them(client, committed, event):
    first, _second = RegistrationFactory.create_batch(2, event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    later = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    cancel_url = links.cancel_path(first)
    assert client.get(cancel_url).status_code == 200  # a confirmation page: following the link changes nothing
    first.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED

    with committed():
        response = client.post(cancel_url)
    assert response.status_code == 302
    first.refresh_from_db()
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert later.status == Registration.Status.WAITLISTED
    (message,) = mail.outbox
    assert message.to == [waiting.email]
    assert "a place came free" in message.body
    assert ics_attachment(message)

    client.post(cancel_url)  # a second cancel changes nothing more
    later.refresh_from_db()
    assert later.status == Registration.Status.WAITLISTED
    assert b"Your registration is cancelled" in client.get(links.registration_path(first)).content


@pytest.mark.parametrize(
    "tamper", [lambda t: t[:-2] + "xx", lambda t: ("1" if t[0] == "0" else "0") + t[1:], lambda t: "nonsense"]
)
def test_a_tampered_link_is_refused_with_a_clear_message(client, event, tamper):
    registration = RegistrationFactory(event=event)
    token = tamper(links.registration_token(registration))
    for url in (f"/events/registration/{token}/", f"/events/registration/{token}/cancel/"):
        response = client.post(url) if url.endswith("cancel/") else client.get(url)
        assert response.status_code == 404
        assert b"This link does not work" in response.content
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_registration_after_closing_or_for_a_past_event_is_refused(submit, client, organisation, event_index):
    now = timezone.now()
    closed = EventPageFactory(parent=organisation, registration_closes=now - datetime.timedelta(hours=1))
    past = EventPageFactory(
        parent=organisation, start=now - datetime.timedelta(days=1), end=now - datetime.timedelta(hours=20)
    )
    response = submit(closed)
    assert response.status_code == 400
    assert b"Registration for this event has closed" in response.content
    response = submit(past)
    assert response.status_code == 400
    assert b"already taken place" in response.content
    assert b"already taken place" in client.get(f"/events/{past.pk}/register/").content
    assert not Registration.objects.exists()


def test_bad_input_is_explained_and_kept(submit, client, event):
    response = submit(event, email="not-an-email", name="A" * 121, postcode="XYZ", consent="")
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter an email address in the correct format" in content
    assert "Your name must be 120 characters or fewer" in content
    assert "Enter a real postcode" in content
    assert "Tick the box" in content
    assert 'value="not-an-email"' in content
    assert 'value="Smith Cleaning Ltd"' in content
    assert 'autocomplete="email"' in content and 'autocomplete="postal-code"' in content
    assert not Registration.objects.exists()


def test_referral_is_recorded_and_a_bad_referral_is_ignored(submit, client, event, partner):
    form = client.get(f"/events/{event.pk}/register/?ref={partner.slug}")
    assert f'value="{partner.slug}"' in form.content.decode()
    submit(event, ref=partner.slug)
    submit(event, ref="made-up", email="other@example.com")
    referred = dict(Registration.objects.values_list("email", "partner__slug"))
    assert referred == {"alex@example.com": partner.slug, "other@example.com": None}


def test_a_mail_server_failure_does_not_lose_the_registration(submit, event, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("events.emails.EmailMultiAlternatives.send", broken)
    response = submit(event)
    assert response.status_code == 302
    assert event.registrations.get().status == Registration.Status.CONFIRMED
    assert "Could not send the confirmation email" in caplog.text


@pytest.mark.parametrize("event_id", ["999999", "9223372036854775808", "99999999999999999999999"])
@pytest.mark.parametrize("page", ["register/", "event.ics"])
def test_an_unknown_event_number_is_a_404_however_long(client, event, event_id, page):
    assert client.get(f"/events/{event_id}/{page}").status_code == 404


def test_invisible_control_characters_are_not_stored(submit, event):
    submit(event, name="Alex\x01 Smith", business_name="Smith\x1b Cleaning\x7f Ltd")
    registration = event.registrations.get()
    assert (registration.name, registration.business_name) == ("Alex Smith", "Smith Cleaning Ltd")


def test_address_lines_and_postcode_are_joined_in_the_email_and_the_calendar(submit, client, organisation, event_index):
    event = EventPageFactory(
        parent=organisation,
        venue_name="Riverside Hall",
        venue_address="12 Mill Lane\r\nRiverside,\n",
        venue_postcode="BB1 4QT",
    )
    submit(event)
    (message,) = mail.outbox
    assert "Where: Riverside Hall, 12 Mill Lane, Riverside, BB1 4QT" in message.body
    (html, _mime) = message.alternatives[0]
    assert "Where: Riverside Hall, 12 Mill Lane, Riverside, BB1 4QT" in html
    (vevent,) = ics_attachment(message).walk("VEVENT")
    assert str(vevent["location"]) == "Riverside Hall, 12 Mill Lane, Riverside, BB1 4QT"


def test_a_postcode_typed_in_the_address_is_not_repeated(organisation, event_index):
    event = EventPageFactory.build(
        venue_name="Town Hall", venue_address="1 Market Street\nPR1 2AB", venue_postcode="PR1 2AB"
    )
    assert event.venue_in_one_line == "Town Hall, 1 Market Street, PR1 2AB"
