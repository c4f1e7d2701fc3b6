"""Sending exactly once: ledger, failures mid-run, re-runs, digests per period, and the cron command."""

import datetime
from io import StringIO

import pytest

from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from alerts.criteria import Frequency
from alerts.delivery import purge_unconfirmed, record, send_due
from alerts.matching import Match
from alerts.models import Delivery, Digest, Subscription

from .conftest import it_lot
from .mail import CrashingBackend, FailingBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_subscribers_and_a_lot(make_subscription, places, publish_opportunity):
    subscriptions = [
        make_subscription(f"supplier{n}@example.org", search={"cpv": ["72"]}, frequency=Frequency.DAILY)
        for n in range(5)
    ]
    opportunity = publish_opportunity([it_lot(places)])
    return subscriptions, opportunity.lots.get()


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.parametrize("backend", [FailingBackend, CrashingBackend])
def test_a_run_that_fails_halfway_and_is_run_again_sends_every_alert_exactly_once(
    settings, five_subscribers_and_a_lot, backend
):
    subscriptions, _ = five_subscribers_and_a_lot
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 5
    settings.EMAIL_BACKEND = f"{backend.__module__}.{backend.__name__}"
    backend.attempts = 0
    now = timezone.now()

    if backend is CrashingBackend:
        with pytest.raises(SystemExit):
            send_due(Frequency.DAILY, now=now)
    else:
        report = send_due(Frequency.DAILY, now=now)
        assert (report.sent, report.failed) == (4, 1)
    assert len(mail.outbox) == (2 if backend is CrashingBackend else 4)
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 5 - len(mail.outbox)

    send_due(Frequency.DAILY, now=now)
    send_due(Frequency.DAILY, now=now)
    assert recipients() == sorted(s.email for s in subscriptions)
    assert not Delivery.objects.filter(sent_at__isnull=True).exists()
    assert Digest.objects.filter(sent_at__isnull=False).count() == 5


def test_matching_the_same_lot_twice_records_it_once(five_subscribers_and_a_lot):
    subscriptions, lot = five_subscribers_and_a_lot
    again = [Match(s.pk, lot.pk, ["CPV 72 IT services"]) for s in subscriptions]
    assert record(again) == 0
    assert Delivery.objects.count() == 5


def test_a_digest_goes_once_per_period_and_later_matches_wait_for_the_next(
    five_subscribers_and_a_lot, places, publish_opportunity
):
    monday = timezone.make_aware(datetime.datetime(2026, 11, 23, 7, 0))
    assert send_due(Frequency.DAILY, now=monday).sent == 5
    publish_opportunity([it_lot(places, title="Hosting")])
    report = send_due(Frequency.DAILY, now=monday + datetime.timedelta(hours=3))
    assert (report.sent, report.skipped) == (0, 5)
    assert len(mail.outbox) == 5
    assert send_due(Frequency.DAILY, now=monday + datetime.timedelta(days=1)).sent == 5
    assert len(mail.outbox) == 10
    assert "Hosting" in mail.outbox[-1].body
    assert "(24 November 2026)" in mail.outbox[-1].subject


def test_weekly_digests_are_keyed_by_iso_week(make_subscription, places, publish_opportunity):
    make_subscription(search={"cpv": ["72"]}, frequency=Frequency.WEEKLY)
    publish_opportunity([it_lot(places)])
    monday = timezone.make_aware(datetime.datetime(2026, 11, 23, 7, 0))
    assert send_due(Frequency.WEEKLY, now=monday).sent == 1
    publish_opportunity([it_lot(places, title="Hosting")])
    assert send_due(Frequency.WEEKLY, now=monday + datetime.timedelta(days=6)).skipped == 1
    assert send_due(Frequency.WEEKLY, now=monday + datetime.timedelta(days=7)).sent == 1
    assert list(Digest.objects.order_by("period").values_list("period", flat=True)) == ["2026-W48", "2026-W49"]


def test_paused_subscriptions_get_nothing_until_resumed(make_subscription, places, publish_opportunity):
    paused = make_subscription(search={"cpv": ["72"]}, frequency=Frequency.IMMEDIATE, paused=True)
    publish_opportunity([it_lot(places)])
    assert mail.outbox == []
    assert not Delivery.objects.filter(subscription=paused).exists()


def test_send_alerts_command_reports_progress_and_fails_loudly_on_errors(settings, five_subscribers_and_a_lot):
    out = StringIO()
    call_command("send_alerts", "--frequency", "daily", stdout=out)
    assert "5/5 subscriptions" in out.getvalue()
    assert "Daily alerts: 5 sent, 0 failed" in out.getvalue()

    settings.EMAIL_BACKEND = "tests.alerts.mail.FailingBackend"
    FailingBackend.attempts, FailingBackend.fail_on = 0, 1
    Delivery.objects.update(sent_at=None)
    Digest.objects.all().delete()
    with pytest.raises(CommandError, match="1 emails could not be sent"):
        call_command("send_alerts", "--frequency", "daily", stdout=StringIO())
    FailingBackend.fail_on = 3


def test_unconfirmed_subscriptions_are_deleted_when_their_link_expires(make_subscription):
    make_subscription("late@example.org", confirmed=False, search={"q": "catering"})
    make_subscription("fresh@example.org", confirmed=False, search={"q": "catering"})
    Subscription.objects.filter(email="late@example.org").update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert purge_unconfirmed() == 1
    assert list(Subscription.objects.values_list("email", flat=True)) == ["fresh@example.org"]
