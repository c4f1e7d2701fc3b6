"""The /events/ listing, its filters, the calendar feeds, partner pages and the embeddable listing."""

import datetime

import pytest
from icalendar import Calendar

from django.utils import timezone

from events.factories import EventPageFactory, PartnerFactory, RegistrationFactory
from events.models import AttendanceMode, EventType, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(organisation, other_organisation, event_index, partner):
    now = timezone.now()
    later = EventPageFactory(
        parent=organisation,
        title="Later workshop",
        event_type=EventType.BID_WRITING,
        start=now + datetime.timedelta(days=40),
    )
    sooner = EventPageFactory(
        parent=other_organisation,
        title="Sooner webinar",
        event_type=EventType.WEBINAR,
        attendance_mode=AttendanceMode.ONLINE,
        joining_url="https://meet.example.com/x",
        start=now + datetime.timedelta(days=3),
    )
    past = EventPageFactory(
        parent=organisation,
        title="Last year's meet the buyer",
        start=now - datetime.timedelta(days=30),
        end=now - datetime.timedelta(days=30, hours=-2),
    )
    later.partners.add(partner)
    later.save_revision().publish()
    return {"later": later, "sooner": sooner, "past": past}


def titles(response):
    return [event.title for event in response.context["listing"].page()]


def test_upcoming_events_come_first_and_past_ones_are_in_the_archive(client, events):
    response = client.get("/events/")
    assert response.status_code == 200
    assert titles(response) == ["Sooner webinar", "Later workshop"]
    assert titles(client.get("/events/?when=past")) == ["Last year's meet the buyer"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=webinar", ["Sooner webinar"]),
        ("organiser=northshire-borough-council", ["Later workshop"]),
        ("partner=northshire-chamber", ["Later workshop"]),
        ("mode=online", ["Sooner webinar"]),
        ("mode=in_person", ["Later workshop"]),
    ],
)
def test_filters(client, events, query, expected):
    events["later"].get_parent()  # organisation slug comes from its title
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_month_filter(client, events):
    month = timezone.localtime(events["sooner"].start).strftime("%Y-%m")
    expected = {"Sooner webinar"}
    if timezone.localtime(events["later"].start).strftime("%Y-%m") == month:
        expected.add("Later workshop")
    assert set(titles(client.get(f"/events/?month={month}"))) == expected


def test_a_bad_filter_value_gets_a_message_and_a_400(client, events):
    response = client.get("/events/?type=party&month=1999-99")
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert titles(response) == ["Sooner webinar", "Later workshop"]


def test_listing_query_count_does_not_grow_with_events(client, events, organisation, django_assert_max_num_queries):
    for _ in range(5):
        EventPageFactory(parent=organisation)
    with django_assert_max_num_queries(20):
        assert client.get("/events/").status_code == 200


def test_event_page_shows_places_left_and_keeps_the_referral(client, events, partner):
    event = events["later"]
    RegistrationFactory(event=event)
    response = client.get(f"{event.url}?ref={partner.slug}")
    content = response.content.decode()
    assert "19 of 20 left" in content
    assert f"/events/{event.pk}/register/?ref={partner.slug}" in content


def test_calendar_feeds(client, events, organisation, partner):
    everything = Calendar.from_ical(client.get("/events/calendar.ics").content)
    assert {str(e["summary"]) for e in everything.walk("VEVENT")} == {
        "Later workshop",
        "Sooner webinar",
        "Last year's meet the buyer",
    }
    assert b"meet.example.com" not in client.get("/events/calendar.ics").content
    own = Calendar.from_ical(client.get(f"/events/calendar/{organisation.slug}.ics").content)
    assert {str(e["summary"]) for e in own.walk("VEVENT")} == {"Later workshop", "Last year's meet the buyer"}
    partnered = Calendar.from_ical(client.get(f"/events/calendar.ics?partner={partner.slug}").content)
    assert [str(e["summary"]) for e in partnered.walk("VEVENT")] == ["Later workshop"]
    assert client.get("/events/calendar/no-such-organisation.ics").status_code == 404


def test_embed_can_be_framed_and_links_carry_the_referral(client, events, partner):
    response = client.get(f"/events/embed/?partner={partner.slug}")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    content = response.content.decode()
    assert "Later workshop" in content and "Sooner webinar" not in content
    assert f"?ref={partner.slug}" in content
    assert client.get("/events/").get("X-Frame-Options") == "DENY"
    assert client.get("/events/embed/?partner=nobody").status_code == 404


def test_partner_page_lists_supported_events_with_counts_but_no_names(client, events, partner):
    other = PartnerFactory(slug="fsb")
    RegistrationFactory.create_batch(3, event=events["later"], partner=partner, name="Secret Person")
    RegistrationFactory(event=events["later"], partner=other)
    RegistrationFactory(event=events["later"], partner=partner, status=Registration.Status.CANCELLED)
    response = client.get(f"/partners/{partner.slug}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Later workshop" in content and "Sooner webinar" not in content
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in content
    assert "Secret Person" not in content
    assert client.get("/partners/nobody/").status_code == 404


def test_home_page_counts_upcoming_events(client, events):
    response = client.get("/")
    assert response.context["upcoming_event_count"] == 2
