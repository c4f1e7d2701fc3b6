"""Keep the figures in step with what analysts edit in the admin.

A rule or a supplier's kind decides which payments are influenceable, so saving either re-applies the
rules, after the commit. Imports and merges refresh their own anchors (spend.importer, spend.resolve);
bulk updates send no signals, so `manage.py refresh_spend` is the safety net.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import InfluenceRule, Payment, Supplier


def _refresh(anchor_ids=None):
    from .summary import refresh

    transaction.on_commit(lambda: refresh(anchor_ids=anchor_ids))


@receiver(post_save, sender=InfluenceRule)
@receiver(post_delete, sender=InfluenceRule)
def rules_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh()


@receiver(post_save, sender=Supplier)
def supplier_changed(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    """A saved supplier may have a new kind or name that a rule matches: refresh the anchors that paid it."""
    if raw or created or getattr(instance, "_enriching", False):
        return
    anchors = list(Payment.objects.filter(supplier=instance).values_list("anchor_id", flat=True).distinct().order_by())
    if anchors:
        _refresh(anchors)


@receiver(pre_save, sender=Supplier)
def note_who_set_the_size(sender, instance, raw=False, **kwargs):
    """A size or kind changed by hand (not by enrichment) is the analyst's: say so beside it."""
    if raw or not instance.pk or getattr(instance, "_enriching", False):
        return
    before = Supplier.objects.filter(pk=instance.pk).values("size", "kind").first() or {}
    if before.get("size") != instance.size:
        instance.size_source = "Set by an analyst" if instance.size else ""
    if before.get("kind") != instance.kind:
        instance.kind_source = "Set by an analyst" if instance.kind else ""
