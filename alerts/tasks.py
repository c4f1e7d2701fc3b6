"""Background work: match a publication's changes, then send what is due straight away.

Runs on django-tasks: immediately in tests and local development, on the database backend with
`manage.py db_worker` in production. Arguments are plain JSON (ids and strings).
"""

import logging

from django_tasks import task

from .criteria import Frequency
from .delivery import record, send_due
from .matching import Match, build_index, load_lot_facts
from .models import Delivery

logger = logging.getLogger(__name__)


@task()
def match_changes(changes):
    """Match each change (see alerts.changes) against the active subscriptions and record the matches."""
    index = None
    for item in changes:
        kind = item["kind"]
        if kind == Delivery.Kind.CANCELLED:
            matches = told_about(item["lot_ids"])
        else:
            index = index or build_index()
            matches = index.match_all(load_lot_facts(item["lot_ids"]))
        added = record(matches, kind, item["change_key"], item["change_text"])
        logger.info(
            "Alerts: %s on lots %s matched %s subscriptions (%s new)", kind, item["lot_ids"], len(matches), added
        )
    send_immediate.enqueue()


def told_about(lot_ids):
    """A cancellation goes only to subscribers already sent one of the lots, with the original reasons."""
    rows = (
        Delivery.objects.filter(lot_id__in=lot_ids, kind=Delivery.Kind.NEW_LOT, sent_at__isnull=False)
        .filter(subscription__confirmed_at__isnull=False, subscription__paused=False)
        .values_list("subscription_id", "lot_id", "reasons")
    )
    return [Match(subscription_id, lot_id, reasons) for subscription_id, lot_id, reasons in rows]


@task()
def send_immediate():
    """Send the unsent matches of every "as soon as published" subscription."""
    report = send_due(Frequency.IMMEDIATE)
    logger.info("Immediate alerts: %s", report)
    return str(report)
