"""Buyers manage registrations for their own organisation's events only, through real admin requests."""

import csv
import io

import pytest

from django.core import mail

from events.factories import EventPageFactory, PartnerFactory, RegistrationFactory
from events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_event(organisation, event_index):
    return EventPageFactory(parent=organisation, title="Our meet the buyer")


@pytest.fixture
def other_event(other_organisation, event_index):
    return EventPageFactory(parent=other_organisation, title="Their meet the buyer")


def test_buyer_sees_only_their_own_events_and_registrations(client, buyer, own_event, other_event):
    RegistrationFactory(event=own_event, name="Our Attendee")
    RegistrationFactory(event=other_event, name="Their Attendee", email="secret@example.com")
    client.force_login(buyer)
    index = client.get("/admin/event-registrations/")
    assert index.status_code == 200
    assert b"Our meet the buyer" in index.content
    assert b"Their meet the buyer" not in index.content
    own = client.get(f"/admin/event-registrations/{own_event.pk}/")
    assert b"Our Attendee" in own.content
    for url in (
        f"/admin/event-registrations/{other_event.pk}/",
        f"/admin/event-registrations/{other_event.pk}/export.csv",
        f"/admin/event-registrations/{other_event.pk}/message/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert b"secret@example.com" not in response.content


def test_buyer_cannot_mark_or_message_another_organisations_registrants(client, buyer, other_event):
    registration = RegistrationFactory(event=other_event)
    client.force_login(buyer)
    response = client.post(
        f"/admin/event-registrations/{other_event.pk}/", {"shown": [registration.pk], "attended": [registration.pk]}
    )
    assert response.status_code == 404
    response = client.post(f"/admin/event-registrations/{other_event.pk}/message/", {"subject": "Hi", "body": "Hi"})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert not registration.attended
    assert not mail.outbox


def test_someone_without_buyer_access_is_turned_away(client, own_event):
    from portal.factories import UserFactory

    user = UserFactory(is_staff=True)
    client.force_login(user)
    response = client.get("/admin/event-registrations/")
    assert response.status_code in {302, 403}
    assert client.get(f"/admin/event-registrations/{own_event.pk}/export.csv").status_code in {302, 403}


def test_superuser_sees_every_organisations_events(client, superuser, own_event, other_event):
    client.force_login(superuser)
    content = client.get("/admin/event-registrations/").content
    assert b"Our meet the buyer" in content
    assert b"Their meet the buyer" in content


def test_csv_export_lists_the_filtered_registrations_safely(client, buyer, own_event):
    chamber = PartnerFactory(name="Chamber", slug="chamber")
    RegistrationFactory(event=own_event, name="=HYPERLINK(1)", partner=chamber)
    RegistrationFactory(event=own_event, name="Wait Listed", status=Registration.Status.WAITLISTED)
    client.force_login(buyer)
    response = client.get(f"/admin/event-registrations/{own_event.pk}/export.csv?status=confirmed")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Name", "Business", "Email"]
    assert len(rows) == 2
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][10] == "Chamber"


def test_marking_attendance(client, buyer, own_event):
    came, missed = RegistrationFactory.create_batch(2, event=own_event)
    client.force_login(buyer)
    response = client.post(
        f"/admin/event-registrations/{own_event.pk}/", {"shown": [came.pk, missed.pk], "attended": [came.pk]}
    )
    assert response.status_code == 302
    came.refresh_from_db()
    missed.refresh_from_db()
    assert came.attended and not missed.attended
    filtered = client.get(f"/admin/event-registrations/{own_event.pk}/?attended=yes")
    assert came.name.encode() in filtered.content
    assert missed.name.encode() not in filtered.content


def test_counts_by_partner(client, buyer, own_event):
    chamber = PartnerFactory(name="Northshire Chamber", slug="chamber")
    RegistrationFactory.create_batch(2, event=own_event, partner=chamber)
    RegistrationFactory(event=own_event)
    client.force_login(buyer)
    content = client.get(f"/admin/event-registrations/{own_event.pk}/").content.decode()
    assert "<td>Northshire Chamber</td><td>2</td>" in content
    assert "<td>No partner (came directly)</td><td>1</td>" in content


def test_message_goes_to_everyone_with_a_place_only(client, buyer, own_event):
    confirmed = RegistrationFactory.create_batch(2, event=own_event)
    RegistrationFactory(event=own_event, status=Registration.Status.WAITLISTED)
    client.force_login(buyer)
    page = client.get(f"/admin/event-registrations/{own_event.pk}/message/")
    assert b"2 people" in page.content
    response = client.post(
        f"/admin/event-registrations/{own_event.pk}/message/",
        {"subject": "Parking at the Town Hall", "body": "Use the car park on Mill Lane."},
    )
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == sorted(r.email for r in confirmed)
    assert "Use the car park on Mill Lane." in mail.outbox[0].body
    invalid = client.post(f"/admin/event-registrations/{own_event.pk}/message/", {"subject": "", "body": ""})
    assert invalid.status_code == 200
    assert b"This field is required" in invalid.content


def test_buyer_can_create_an_event_under_their_organisation_in_the_admin(client, buyer, organisation, event_index):
    from tests.admin_forms import page_form_data, streamfield

    client.force_login(buyer)
    data = page_form_data(
        {
            "title": "Bid-writing workshop",
            "slug": "bid-writing-workshop",
            "event_type": "bid_writing",
            "summary": "Learn to write a winning bid.",
            "start": "2031-03-10 10:00",
            "end": "2031-03-10 12:00",
            "attendance_mode": "online",
            "joining_url": "https://meet.example.com/room",
            "capacity": "30",
            "description": streamfield([]),
            "agenda": streamfield([]),
        },
        publish=True,
    )
    response = client.post(f"/admin/pages/add/events/eventpage/{organisation.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    from events.models import EventPage

    event = EventPage.objects.get(title="Bid-writing workshop")
    assert event.get_parent().pk == organisation.pk
    assert event.live
    assert event.organiser_id == organisation.pk


def test_co_organisers_buyers_see_the_registrations_too(client, buyer_of, organisation, other_event, own_event):
    other_event.co_organisers.add(organisation)
    other_event.save_revision().publish()
    RegistrationFactory(event=other_event, name="Shared Attendee")
    client.force_login(buyer_of(organisation, username="co-buyer"))
    index = client.get("/admin/event-registrations/").content.decode()
    assert index.count("Their meet the buyer") == 1
    assert "Our meet the buyer" in index
    assert b"Shared Attendee" in client.get(f"/admin/event-registrations/{other_event.pk}/").content
    # They share the attendance list, not the page: editing stays with the organiser's buyers.
    assert client.get(f"/admin/pages/{other_event.pk}/edit/").status_code in {302, 403}


def test_long_registration_lists_are_paged_and_attendance_returns_to_the_same_page(client, buyer, own_event):
    registrations = RegistrationFactory.create_batch(105, event=own_event)
    cell = [f"<td>{registration.name}</td>" for registration in registrations]  # "Person 1" is in "Person 10"
    client.force_login(buyer)
    url = f"/admin/event-registrations/{own_event.pk}/"
    first = client.get(url).content.decode()
    assert "Showing 1 to 100 of 105" in first
    assert cell[99] in first and cell[100] not in first
    second = client.get(f"{url}?status=confirmed&p=2").content.decode()
    assert "Showing 101 to 105 of 105" in second
    assert cell[100] in second and cell[0] not in second
    assert client.get(f"{url}?p=999").status_code == 200  # a stale page number shows the last page

    own_event.registrations.filter(pk=registrations[0].pk).update(attended=True)
    shown = [r.pk for r in registrations[100:]]
    response = client.post(url, {"shown": shown, "attended": shown[:2], "query": "status=confirmed&p=2"})
    assert response.status_code == 302
    assert response["Location"].endswith("?status=confirmed&p=2")
    assert own_event.registrations.filter(attended=True).count() == 3  # page 1's tick was left alone
