"""The event page, its admin form's checks, and where events show up on other pages."""

import datetime

import pytest

from django.core import mail
from django.utils import timezone

from events.factories import RegistrationFactory
from events.models import Registration
from opportunities.factories import LotFactory, OpportunityPageFactory
from tests.admin_forms import page_form_data, streamfield

pytestmark = pytest.mark.django_db


def test_event_page_shows_details_access_and_linked_contracts(
    client, organisation, event, django_assert_max_num_queries
):
    opportunity = OpportunityPageFactory(parent=organisation, title="Office cleaning contract")
    lot = LotFactory(opportunity=opportunity, title="Town hall cleaning")
    others = OpportunityPageFactory.create_batch(3, parent=organisation)
    event.opportunities.add(opportunity, *others)
    event.lots.add(lot, *[LotFactory(opportunity=other) for other in others])
    event.hearing_loop = True
    event.save_revision().publish()
    # Most of these are Wagtail's routing and settings; linked contracts must not add one query each.
    with django_assert_max_num_queries(22):
        response = client.get(event.url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Step-free access" in content and "Hearing loop" in content
    assert "Office cleaning contract" in content and "Town hall cleaning" in content
    assert "Northshire Chamber of Commerce" in content
    assert "Register for this event" in content


def test_full_event_offers_the_waiting_list(client, event):
    RegistrationFactory.create_batch(2, event=event)
    content = client.get(event.url).content.decode()
    assert "Join the waiting list" in content
    assert "Full." in content


def test_more_places_published_move_the_waiting_list_up(event, django_capture_on_commit_callbacks):
    RegistrationFactory.create_batch(2, event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    event.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [message.to for message in mail.outbox] == [[waiting.email]]


def test_organisation_page_lists_its_upcoming_events(client, organisation, event):
    content = client.get(organisation.url).content.decode()
    assert "Upcoming events" in content
    assert event.title in content


def test_admin_explains_an_online_event_with_no_joining_link(client, superuser, organisation, event_index):
    client.force_login(superuser)
    start = timezone.localtime() + datetime.timedelta(days=5)
    data = page_form_data(
        {
            "title": "Webinar",
            "slug": "webinar",
            "event_type": "webinar",
            "summary": "An hour online.",
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": start.strftime("%Y-%m-%d %H:%M"),
            "attendance_mode": "online",
            "joining_url": "",
            "capacity": "0",
            "description": streamfield([]),
            "agenda": streamfield([]),
        },
        publish=True,
    )
    response = client.post(f"/admin/pages/add/events/eventpage/{organisation.pk}/", data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Add the link people use to join online" in content
    assert "The event must end after it starts" in content
    assert "Ensure this value is greater than or equal to 1" in content


def test_event_editor_offers_only_the_organisers_own_contracts(
    client, superuser, organisation, other_organisation, event
):
    own = OpportunityPageFactory(parent=organisation, title="Our cleaning contract")
    LotFactory(opportunity=own, title="Our lot")
    theirs = OpportunityPageFactory(parent=other_organisation, title="Their catering contract")
    LotFactory(opportunity=theirs, title="Their lot")
    client.force_login(superuser)
    content = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert "Our cleaning contract" in content
    assert "Our cleaning contract: Lot" in content
    assert "Their catering contract" not in content


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        (datetime.datetime(2031, 7, 3, 8, 0), "9am"),  # British Summer Time
        (datetime.datetime(2031, 1, 3, 13, 30), "1:30pm"),  # Greenwich Mean Time
        (datetime.datetime(2031, 7, 3, 11, 0), "midday"),
        (datetime.datetime(2031, 1, 3, 0, 0), "midnight"),
    ],
)
def test_times_read_the_gov_uk_way_in_uk_time(utc, expected):
    from events.templatetags.events_tags import uk_time

    assert uk_time(utc.replace(tzinfo=datetime.UTC)) == expected
