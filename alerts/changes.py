"""What a publication changed that suppliers need to hear about, compared with the previous live revision.

Called from the `page_published` signal. It runs while the buyer waits, so it only compares two
revisions and lists lot ids; the matching itself is a background task (alerts.tasks).
"""

import hashlib

from wagtail.models import PageLogEntry, Revision

from opportunities.models import Lot, Stage
from portal.formatting import uk_datetime

from .models import Delivery

# New lots are only worth an alert while suppliers can still act on them.
ALERTABLE_STAGES = {Stage.PIPELINE, Stage.MARKET_ENGAGEMENT, Stage.OPEN}


def previous_live_revision(page, revision):
    """The revision that was live before `revision` was published, or None on first publication.

    Wagtail logs the publish after sending `page_published`, so the newest publish log entry that is
    not this revision's is the previous publication.
    """
    entry = (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision__isnull=False)
        .exclude(revision_id=revision.pk)
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        return None
    previous = Revision.objects.filter(pk=entry.revision_id).first()
    return previous.as_object() if previous else None


def opportunity_changes(page, previous):
    """A list of changes (JSON-ready dicts for the matching task) between `previous` and `page`."""
    lot_ids = list(Lot.objects.filter(opportunity=page).order_by("sort_order", "pk").values_list("pk", flat=True))
    changes = []
    if page.stage != Stage.CANCELLED and page.current_stage() in ALERTABLE_STAGES:
        known = {lot.pk for lot in previous.lots.all()} if previous else set()
        new = [pk for pk in lot_ids if pk not in known]
        if new:
            changes.append(change(Delivery.Kind.NEW_LOT, new))
    if previous is None or not lot_ids:
        return changes

    if page.stage == Stage.CANCELLED and previous.stage != Stage.CANCELLED:
        return [*changes, change(Delivery.Kind.CANCELLED, lot_ids, text="The buyer has cancelled this opportunity.")]

    old, new = previous.submission_deadline, page.submission_deadline
    # Revisions store times to the millisecond, the live page to the microsecond: compare whole seconds.
    if old and new and new.replace(microsecond=0) > old.replace(microsecond=0):
        changes.append(
            change(
                Delivery.Kind.DEADLINE_EXTENDED,
                lot_ids,
                key=new.isoformat(),
                text=f"The deadline for bids has moved to {uk_datetime(new)}.",
            )
        )
    if page.clarification_deadline and not previous.clarification_deadline:
        changes.append(
            change(
                Delivery.Kind.CLARIFICATION_ADDED,
                lot_ids,
                key=page.clarification_deadline.isoformat(),
                text=f"You can now ask the buyer questions until {uk_datetime(page.clarification_deadline)}.",
            )
        )
    known_documents = {d.document_id for d in previous.documents.all()}
    added = [d for d in page.documents.select_related("document") if d.document_id not in known_documents]
    if added:
        names = ", ".join(d.description or d.document.title for d in added)
        key = hashlib.sha256(",".join(str(d.document_id) for d in added).encode()).hexdigest()[:32]
        changes.append(change(Delivery.Kind.DOCUMENTS_ADDED, lot_ids, key=key, text=f"New documents: {names}."[:255]))
    return changes


def change(kind, lot_ids, key="", text=""):
    return {"kind": str(kind), "lot_ids": list(lot_ids), "change_key": key, "change_text": text}
