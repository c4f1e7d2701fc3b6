"""Keep the award summary in step: any change that can move a dashboard figure marks its buyer stale.

Marks are cheap rows written in the changing transaction; `insights.summary` rewrites the buyers' rows after
the commit (a background task) or before the next dashboard read, whichever comes first.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from wagtail.signals import page_unpublished, post_page_move

from impact.models import Commitment
from opportunities.models import Award, Lot, OpportunityPage
from portal.models import CPVCode

from .summary import mark_stale

# Fields of an opportunity that the summary depends on; saves of drafts touch none of them.
SUMMARY_FIELDS = {"live", "buyer", "main_cpv"}


def _buyer_of_lot(lot_id):
    return list(Lot.objects.filter(pk=lot_id).values_list("opportunity__buyer_id", flat=True))


@receiver(pre_save, sender=Award)
def mark_old_buyer_when_an_award_moves(sender, instance, raw=False, **kwargs):
    """An award moved to another opportunity's lot leaves the old buyer's figures too."""
    if instance.pk and not raw:
        moved = Award.objects.filter(pk=instance.pk).exclude(lot_id=instance.lot_id)
        mark_stale(moved.values_list("lot__opportunity__buyer_id", flat=True))


@receiver(post_save, sender=Award)
@receiver(post_delete, sender=Award)
def mark_buyer_of_award(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale(_buyer_of_lot(instance.lot_id))


@receiver(post_save, sender=OpportunityPage)
def mark_buyer_of_saved_opportunity(sender, instance, raw=False, update_fields=None, **kwargs):
    """Publishing saves the page with every field; saving a draft revision names only bookkeeping fields."""
    if raw or (update_fields is not None and not SUMMARY_FIELDS.intersection(update_fields)):
        return
    mark_stale([instance.buyer_id])


@receiver(post_delete, sender=OpportunityPage)
@receiver(page_unpublished, sender=OpportunityPage)
def mark_buyer_of_opportunity(sender, instance, **kwargs):
    mark_stale([instance.buyer_id])


@receiver(post_page_move)
def mark_buyers_around_a_move(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    """A moved opportunity changes buyer: both organisations' figures change."""
    if issubclass(sender, OpportunityPage):
        mark_stale([getattr(instance, "buyer_id", None), parent_page_before.pk, parent_page_after.pk])


@receiver(post_save, sender=CPVCode)
def mark_buyers_using_a_cpv_code(sender, instance, created=False, raw=False, **kwargs):
    """A changed code can change the division of the opportunities that use it (labels are read live)."""
    if not created and not raw:
        mark_stale(OpportunityPage.objects.filter(main_cpv=instance).values_list("buyer_id", flat=True).distinct())


@receiver(post_save, sender=Commitment)
@receiver(post_delete, sender=Commitment)
def mark_buyer_of_commitment(sender, instance, raw=False, **kwargs):
    """A promise added, changed or removed in the award editor changes the dashboard's social value table."""
    if not raw:
        mark_stale(Award.objects.filter(pk=instance.award_id).values_list("lot__opportunity__buyer_id", flat=True))
