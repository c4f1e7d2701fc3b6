"""Keep the search index current: publishing, unpublishing, moving or deleting an opportunity queues a
refresh of its rows. Plain saves of drafts change nothing a supplier can see, so they are ignored."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, post_page_move

from opportunities.models import OpportunityPage

from .indexing import queue_refresh


@receiver(page_published, sender=OpportunityPage)
@receiver(page_unpublished, sender=OpportunityPage)
def refresh_on_publication_change(sender, instance, **kwargs):
    queue_refresh(instance.pk)


@receiver(post_page_move)
def refresh_on_move(sender, instance, **kwargs):
    """A move changes the URL of the page and of every opportunity below it."""
    if issubclass(sender, OpportunityPage):
        queue_refresh(instance.pk)
        return
    for opportunity_id in OpportunityPage.objects.descendant_of(instance).values_list("pk", flat=True):
        queue_refresh(opportunity_id)


@receiver(post_delete, sender=OpportunityPage)
def refresh_on_delete(sender, instance, **kwargs):
    """The rows go with the page (cascade); the refresh removes it from Elasticsearch too."""
    queue_refresh(instance.pk)
