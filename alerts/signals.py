"""Publishing an opportunity queues alert matching for its new lots and the changes suppliers care about."""

import logging

from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published

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
        # After commit, so the worker (or the immediate backend) sees the published lots.
        transaction.on_commit(lambda: match_changes.enqueue(changes))
