"""Keep the search index current: publishing, unpublishing, moving or deleting an opportunity queues a
refresh of its rows. Plain saves of drafts change nothing a supplier can see, so they are ignored.

Buyers, locations and themes are filter choices and their names are copied into the rows, so changing
one tells every process to reread the choices (`IndexVersion.CHOICES`) and refreshes the rows that
carry its name.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, post_page_move

from opportunities.models import OpportunityPage
from portal.models import Location, OrganisationPage, SocialValueTheme

from .indexing import queue_refresh
from .models import IndexVersion, LotEntry


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


def opportunities_using(instance):
    """Ids of the opportunities whose rows carry this location or theme."""
    if isinstance(instance, Location):
        found = Q(locations=instance) | Q(lots__locations=instance)
    else:
        found = Q(social_value_themes=instance)
    return set(OpportunityPage.objects.filter(found).values_list("pk", flat=True))


@receiver(post_save, sender=Location)
@receiver(post_save, sender=SocialValueTheme)
@receiver(pre_delete, sender=Location)
@receiver(pre_delete, sender=SocialValueTheme)
def refresh_on_taxonomy_change(sender, instance, **kwargs):
    """A save may rename it; a delete is seen before it happens, while the links still exist, and the
    refresh runs after it commits."""
    IndexVersion.bump(IndexVersion.CHOICES)
    for opportunity_id in opportunities_using(instance):
        queue_refresh(opportunity_id)


@receiver(post_save, sender=OrganisationPage)
@receiver(post_delete, sender=OrganisationPage)
def reread_buyers(sender, instance, **kwargs):
    """Any save may publish, unpublish or rename a buyer; rereading three short lists is cheap."""
    IndexVersion.bump(IndexVersion.CHOICES)


@receiver(page_published, sender=OrganisationPage)
def refresh_on_buyer_rename(sender, instance, **kwargs):
    """Rows show the buyer's name and link to its slug: refresh the rows that show an old one."""
    stale = LotEntry.objects.filter(opportunity__buyer=instance)
    stale = stale.exclude(buyer_name=instance.title, buyer_slug=instance.slug)
    for opportunity_id in set(stale.values_list("opportunity_id", flat=True)):
        queue_refresh(opportunity_id)
