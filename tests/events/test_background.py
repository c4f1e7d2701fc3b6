"""Reminders the day before, and deleting personal data after the retention period."""

import datetime

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import tasks
from events.factories import EventPageFactory, RegistrationFactory
from events.models import Registration
from events.reminders import send_due_reminders
from events.retention import anonymise_expired_registrations

pytestmark = pytest.mark.django_db


def test_reminders_go_once_to_confirmed_people_the_day_before(organisation, event_index):
    tomorrow = EventPageFactory(parent=organisation, start=timezone.now() + datetime.timedelta(hours=20))
    next_week = EventPageFactory(parent=organisation, start=timezone.now() + datetime.timedelta(days=7))
    coming = RegistrationFactory(event=tomorrow)
    RegistrationFactory(event=tomorrow, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=tomorrow, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=next_week)
    assert send_due_reminders() == 1
    assert [message.to for message in mail.outbox] == [[coming.email]]
    assert "coming up" in mail.outbox[0].subject
    assert send_due_reminders() == 0
    call_command("send_event_reminders")
    tasks.send_event_reminders.enqueue()
    assert len(mail.outbox) == 1


def test_a_failed_reminder_is_tried_again_next_time(organisation, event_index, monkeypatch):
    event = EventPageFactory(parent=organisation, start=timezone.now() + datetime.timedelta(hours=5))
    registration = RegistrationFactory(event=event)

    def broken(registration):
        raise OSError("mail server down")

    monkeypatch.setattr("events.emails.send_reminder", broken)
    assert send_due_reminders() == 0
    registration.refresh_from_db()
    assert registration.reminder_sent_at is None
    monkeypatch.undo()
    assert send_due_reminders() == 1


def test_personal_data_is_deleted_after_the_retention_period_keeping_counts(organisation, event_index, settings):
    settings.EVENT_DATA_RETENTION_DAYS = 30
    now = timezone.now()
    old = EventPageFactory(
        parent=organisation, start=now - datetime.timedelta(days=32), end=now - datetime.timedelta(days=31, hours=22)
    )
    recent = EventPageFactory(
        parent=organisation, start=now - datetime.timedelta(days=10), end=now - datetime.timedelta(days=9, hours=22)
    )
    RegistrationFactory.create_batch(2, event=old, attended=True)
    kept = RegistrationFactory(event=recent)
    assert anonymise_expired_registrations() == 2
    assert old.registrations.count() == 2
    assert old.registrations.filter(attended=True).count() == 2
    assert set(old.registrations.values_list("name", "email", "business_name", "postcode", "access_needs")) == {
        ("", "", "", "", "")
    }
    kept.refresh_from_db()
    assert kept.email and kept.anonymised_at is None
    assert anonymise_expired_registrations() == 0
    call_command("anonymise_event_registrations")
    tasks.anonymise_old_registrations.enqueue()
    settings.EVENT_DATA_RETENTION_DAYS = 5
    assert anonymise_expired_registrations() == 1


def test_retention_defaults_to_90_days(settings):
    from events.retention import retention_days

    del settings.EVENT_DATA_RETENTION_DAYS
    assert retention_days() == 90
