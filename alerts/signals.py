"""Publishing an opportunity queues alert matching for its new lots and the changes suppliers care about."""

import logging

from django.dispatch import receiver

from wagtail.signals import page_published

from finder import indexing
from opportunities.models import OpportunityPage

from .changes import opportunity_changes, previous_live_revision
from .tasks import match_changes

logger = logging.getLogger(__name__)


@receiver(page_published, sender=OpportunityPage)
def queue_alerts_for_publication(sender, instance, revision, **kwargs):
    try:
        changes = opportunity_changes(instance, previous_live_revision(instance, revision))
    except Exception:
        # A fault in alerts must never stop a buyer publishing; the log says which page was missed so
        # its lots can be matched by hand (alerts.tasks.match_changes).
        logger.exception("Alerts: could not work out what changed in opportunity %s", instance.pk)
        return
    if changes:
        # Queued after the finder's refresh of this opportunity (so the immediate backend and a single
        # worker run that first), with a mark taken now, before the refresh, so the task can tell
        # whether it has run.
        mark = indexing.latest_change()
        indexing.after_refreshes(lambda: match_changes.enqueue(changes, mark))
