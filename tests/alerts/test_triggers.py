"""Publishing an opportunity alerts its new lots and the changes that matter, compared with the live revision."""

import datetime
from types import SimpleNamespace

import pytest

from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents.models import Document

from alerts.criteria import Frequency
from alerts.delivery import send_due
from alerts.models import Delivery
from opportunities.models import Lot, OpportunityDocument, OpportunityPage, Stage

from .conftest import it_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(make_subscription):
    return make_subscription(search={"cpv": ["72"]}, frequency=Frequency.IMMEDIATE)


def republish(opportunity, django_capture_on_commit_callbacks, change):
    page = OpportunityPage.objects.get(pk=opportunity.pk)
    change(page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


def cloud_hosting_lot(cpv):
    """A change that adds an IT lot (CPV 72) to the page."""

    def add_lot(page):
        lot = Lot(number=99, title="Cloud hosting", description="Host our website.")
        lot.cpv_codes.set([cpv("72400000")])
        page.lots.add(lot)

    return add_lot


def test_republishing_alerts_only_the_new_lot(
    subscriber, places, publish_opportunity, cpv, django_capture_on_commit_callbacks
):
    opportunity = publish_opportunity([it_lot(places)])
    assert len(mail.outbox) == 1

    republish(opportunity, django_capture_on_commit_callbacks, cloud_hosting_lot(cpv))
    assert len(mail.outbox) == 2
    assert "Cloud hosting" in mail.outbox[1].body
    assert "Website maintenance" not in mail.outbox[1].body
    # Publishing again with nothing new sends nothing.
    republish(opportunity, django_capture_on_commit_callbacks, lambda page: None)
    assert len(mail.outbox) == 2


def test_an_extended_deadline_is_sent_with_the_new_date_in_uk_time(
    on_25_november_2026, subscriber, places, publish_opportunity, django_capture_on_commit_callbacks
):
    opportunity = publish_opportunity([it_lot(places)])
    later = timezone.make_aware(datetime.datetime(2026, 12, 18, 17, 0))

    def extend(page):
        page.submission_deadline = later

    republish(opportunity, django_capture_on_commit_callbacks, extend)
    assert len(mail.outbox) == 2
    update = mail.outbox[1]
    (lot,) = opportunity.lots.all()
    assert update.subject == f"Update to a lot you were told about: {opportunity.title}, {lot}"
    assert "The deadline for bids has moved to Friday 18 December 2026 at 5pm." in update.body
    assert Delivery.objects.filter(kind=Delivery.Kind.DEADLINE_EXTENDED, sent_at__isnull=False).count() == 1

    # A shorter deadline is not an extension; extending again is a new change.
    def extend_again(page):
        page.submission_deadline = later + datetime.timedelta(days=7)

    republish(opportunity, django_capture_on_commit_callbacks, extend_again)
    assert len(mail.outbox) == 3


def test_added_clarification_deadline_and_documents_are_sent(
    subscriber, places, publish_opportunity, django_capture_on_commit_callbacks
):
    opportunity = publish_opportunity([it_lot(places)])
    document = Document.objects.create(title="Specification", file=ContentFile(b"spec", name="spec.txt"))

    def add_both(page):
        page.clarification_deadline = timezone.now() + datetime.timedelta(days=5)
        page.documents.add(OpportunityDocument(document=document, description="Specification"))

    republish(opportunity, django_capture_on_commit_callbacks, add_both)
    update = mail.outbox[1].body
    assert "You can now ask the buyer questions until" in update
    assert "New documents: Specification." in update


def test_cancellation_goes_only_to_subscribers_already_told_about_the_lot(
    subscriber, make_subscription, places, publish_opportunity, django_capture_on_commit_callbacks
):
    opportunity = publish_opportunity([it_lot(places)])
    latecomer = make_subscription("late@example.org", search={"cpv": ["72"]}, frequency=Frequency.IMMEDIATE)

    def cancel(page):
        page.stage = Stage.CANCELLED

    republish(opportunity, django_capture_on_commit_callbacks, cancel)
    assert [m.to for m in mail.outbox] == [[subscriber.email], [subscriber.email]]
    assert "The buyer has cancelled this opportunity." in mail.outbox[1].body
    assert not Delivery.objects.filter(subscription=latecomer).exists()


def test_lots_of_awarded_opportunities_are_not_alerted(subscriber, places, publish_opportunity):
    publish_opportunity([it_lot(places)], stage=Stage.AWARDED)
    assert mail.outbox == []
    assert send_due(Frequency.IMMEDIATE).sent == 0


def test_publishing_rewrites_the_finders_rows_once_for_the_finder_and_alerts_together(
    subscriber, places, publish_opportunity, cpv, django_capture_on_commit_callbacks, monkeypatch
):
    from finder import indexing

    opportunity = publish_opportunity([it_lot(places)])
    rewrites = []
    real = indexing.index_opportunity
    monkeypatch.setattr(indexing, "index_opportunity", lambda pk: rewrites.append(pk) or real(pk))

    republish(opportunity, django_capture_on_commit_callbacks, cloud_hosting_lot(cpv))
    assert "Cloud hosting" in mail.outbox[-1].body
    assert rewrites == [opportunity.pk], "alerts use the finder's fresh rows instead of writing them again"


def test_a_new_lot_is_alerted_when_the_finders_own_refresh_has_not_run_yet(
    subscriber, places, publish_opportunity, cpv, django_capture_on_commit_callbacks, monkeypatch
):
    """With several workers the finder's refresh may still be waiting in the queue when alerts match."""
    from finder import indexing

    opportunity = publish_opportunity([it_lot(places)])
    waiting = SimpleNamespace(enqueue=lambda *args, **kwargs: None)  # queued for a worker that has not run it
    monkeypatch.setattr(indexing, "refresh_opportunity", waiting)

    republish(opportunity, django_capture_on_commit_callbacks, cloud_hosting_lot(cpv))
    assert "Cloud hosting" in mail.outbox[-1].body
