"""Background work: match a publication's changes, then send what is due straight away.

Runs on django-tasks: immediately in tests and local development, on the database backend with
`manage.py db_worker` in production. Arguments are plain JSON (ids and strings).
"""

import logging

from django_tasks import task

from .criteria import Frequency
from .delivery import record, send_due
from .matching import Match, match_lots
from .models import Delivery

logger = logging.getLogger(__name__)


@task()
def match_changes(changes):
    """Match each change (see alerts.changes) against the active subscriptions and record the matches."""
    index_first(changes)
    for item in changes:
        kind = item["kind"]
        matches = told_about(item["lot_ids"]) if kind == Delivery.Kind.CANCELLED else match_lots(item["lot_ids"])
        added = record(matches, kind, item["change_key"], item["change_text"])
        logger.info(
            "Alerts: %s on lots %s matched %s subscriptions (%s new)", kind, item["lot_ids"], len(matches), added
        )
    send_immediate.enqueue()


@task()
def match_external(keys):
    """Match lots another app has just written to the finder's table (`finder.indexing.write_external`,
    say a prime's subcontract lots) against the active subscriptions. The ledger records each lot once
    per subscription, so an edited subcontract sends only the lots a subscriber has not had."""
    matches = match_lots((), external_keys=keys)
    added = record(matches)
    logger.info("Alerts: external lots %s matched %s subscriptions (%s new)", keys, len(matches), added)
    send_immediate.enqueue()


def index_first(changes):
    """Bring the finder's rows of the changed opportunities up to date before matching: alerts send what
    the finder shows, and the finder's own refresh is a separate task that may not have run yet."""
    from finder.indexing import index_opportunity
    from opportunities.models import Lot

    lot_ids = {lot_id for item in changes for lot_id in item["lot_ids"]}
    opportunity_ids = set(Lot.objects.filter(pk__in=lot_ids).values_list("opportunity_id", flat=True))
    for opportunity_id in sorted(opportunity_ids):
        index_opportunity(opportunity_id)


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
