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
def match_changes(changes, index_mark=None):
    """Match each change (see alerts.changes) against the active subscriptions and record the matches.
    `index_mark` is the finder's latest change when these were queued (`finder.indexing.latest_change`)."""
    index_if_not_yet(changes, index_mark)
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


def index_if_not_yet(changes, index_mark):
    """Alerts send what the finder shows, so the finder's rows of the changed opportunities must be up to
    date first. Its own refresh is queued before this task and has usually run; with several workers it
    may not have, so rewrite the rows of any opportunity not rewritten since the mark, or whose changed
    lots are missing from them (a new lot is what most alerts are about)."""
    from finder.indexing import index_opportunity, rewritten_since
    from finder.models import LotEntry
    from opportunities.models import Lot

    lot_ids = {lot_id for item in changes for lot_id in item["lot_ids"]}
    offered = {lot_id for item in changes if item["kind"] != Delivery.Kind.CANCELLED for lot_id in item["lot_ids"]}
    lots = dict(Lot.objects.filter(pk__in=lot_ids).values_list("pk", "opportunity_id"))
    opportunity_ids = set(lots.values())
    current = rewritten_since(index_mark, opportunity_ids) if index_mark is not None else set()
    indexed = set(LotEntry.objects.filter(lot_id__in=offered).values_list("lot_id", flat=True))
    missing = {lots[lot] for lot in offered if lot in lots and lot not in indexed}
    for opportunity_id in sorted((opportunity_ids - current) | missing):
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
