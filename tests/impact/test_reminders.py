"""Emails to suppliers go exactly once each, whatever fails: a refused message, a crash mid-run, a rerun.

Three contracts report quarterly over this financial year; its first quarter (April to June) ends on 30 June
and its report is due on 30 July. The invitation goes from 1 July, the reminder from 23 July (a week before),
the overdue email from 6 August (a week after). The tests stop the clock on those days of this financial year:
the days are named because the stages hang on the quarter's end and the due date.
"""

import datetime

import pytest

from django.core import mail

from impact import reminders
from impact.models import ReminderSent
from tests.alerts.mail import CrashingBackend, FailingBackend
from tests.impact.conftest import make_award, make_plan, this_financial_year

SUPPLIERS = ["alpha@example.org", "beta@example.org", "gamma@example.org"]


def morning_of(month, day):
    """9 in the morning, UK time, on a day of this financial year's first half (all the stages fall in it)."""
    return f"{datetime.date(this_financial_year(), month, day)} 09:00"


@pytest.fixture
def plans(organisation, measures):
    return [
        make_plan(make_award(organisation, supplier=f"Supplier {n}", reference=f"NBC-{n}", **{"local-jobs": 2}), email)
        for n, email in enumerate(SUPPLIERS)
    ]


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.django_db
@pytest.mark.usefixtures("after_the_first_quarter")
def test_each_stage_goes_once_and_stops_when_the_report_arrives(clock_at, plans, client, measures):
    assert reminders.send_due().sent == 3
    assert reminders.send_due().sent == 0, "a second run the same day sends nothing"
    assert recipients() == SUPPLIERS
    assert all("Tell us what you delivered" in message.subject for message in mail.outbox)
    link = mail.outbox[0].body.split("Report here:\n")[1].split("\n")[0]

    mail.outbox.clear()
    clock_at(morning_of(7, 24))
    assert reminders.send_due().sent == 3
    reminder_link = next(m for m in mail.outbox if m.to == mail.outbox[0].to).body.split("Report here:\n")[1]
    assert reminder_link.startswith(link), "the reminder repeats the link the invitation gave"
    # The first supplier reports.
    path = "/" + link.split("/", 3)[3]  # the path of http://host/report-delivery/<token>/
    response = client.post(
        path,
        {f"measure_{measures['local-jobs'].pk}": "1", "submitted_by": "Sam Patel", "notes": ""},
    )
    assert response.status_code == 200

    mail.outbox.clear()
    clock_at(morning_of(8, 7))
    assert reminders.send_due().sent == 2
    assert reminders.send_due().sent == 0
    assert recipients() == SUPPLIERS[1:], "the supplier who reported is not chased"
    assert all("overdue" in message.subject for message in mail.outbox)
    assert ReminderSent.objects.count() == 3 + 3 + 2


@pytest.mark.django_db
def test_a_late_run_sends_only_the_latest_stage(clock_at, plans):
    clock_at(morning_of(8, 7))
    assert reminders.send_due().sent == 3
    assert all("overdue" in message.subject for message in mail.outbox)
    assert set(ReminderSent.objects.values_list("stage", flat=True)) == {"after"}


@pytest.mark.django_db
@pytest.mark.usefixtures("after_the_first_quarter")
def test_a_refused_message_is_sent_on_the_next_run_and_nothing_twice(plans, settings):
    settings.EMAIL_BACKEND = "tests.alerts.mail.FailingBackend"
    FailingBackend.attempts, FailingBackend.fail_on = 0, 2
    report = reminders.send_due()
    assert (report.sent, report.failed) == (2, 1)
    assert ReminderSent.objects.count() == 2, "the failed email left no ledger row"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.send_due().sent == 1
    assert reminders.send_due().sent == 0
    assert recipients() == SUPPLIERS, "each supplier got exactly one invitation"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("after_the_first_quarter")
def test_a_crash_mid_run_loses_and_duplicates_nothing(plans, settings):
    """A real crash: the process stops on the second email, with real commits and rollbacks in PostgreSQL."""
    settings.EMAIL_BACKEND = "tests.alerts.mail.CrashingBackend"
    CrashingBackend.attempts, CrashingBackend.fail_on = 0, 2
    with pytest.raises(SystemExit):
        reminders.send_due()
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1, "the crashed email's ledger row was rolled back"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.send_due().sent == 2
    assert reminders.send_due().sent == 0
    assert recipients() == SUPPLIERS


@pytest.mark.django_db
@pytest.mark.usefixtures("after_the_first_quarter")
def test_the_command_reports_progress(plans, capsys):
    from django.core.management import call_command

    call_command("send_impact_emails")
    out = capsys.readouterr().out
    assert "3/3 emails processed" in out
    assert "3 sent, 0 failed" in out
