"""Primes' subcontracts in the finder and in alerts.

The finder does not import this app: each subcontract is written to its search table through
`finder.indexing.write_external`, one row per lot, headed "Subcontract: via {prime}, for {anchor}" and
linking to the subcontract's public page. Saving a subcontract (or deleting one, or anything that deletes
it), or publishing its anchor under a new name or slug, queues `refresh_subcontract` after the transaction
commits; it rewrites the rows, then asks alerts to match the lots while the subcontract is open. The
ledger records each lot once per subscription, so an edit sends a subscriber only lots it has not had.
`manage.py rebuild_search_index` reads them all through `all_items`, registered in `SuppliersConfig.ready`.
"""

from django_tasks import task

from django.db import transaction
from django.urls import reverse
from django.utils.text import Truncator

from finder.indexing import ExternalItem, ExternalLot, write_external
from portal import clock

from .models import Subcontract, SubcontractLot
from .subcontracts import headline

SOURCE = "subcontract"


def lot_key(lot):
    return f"subcontract-lot:{lot.pk}"


def subcontracts():
    return Subcontract.objects.select_related("award__lot__opportunity__buyer").prefetch_related("lots")


def as_item(subcontract):
    """The finder's view of a subcontract: open until its deadline, then closed."""
    buyer = subcontract.award.lot.opportunity.buyer
    lots = list(subcontract.lots.all())
    return ExternalItem(
        title=subcontract.title,
        url=reverse("suppliers:subcontract_detail", args=[subcontract.pk]),
        headline=headline(subcontract),
        deadline=subcontract.deadline,
        summary=Truncator(subcontract.description).words(60),
        description=subcontract.description,
        buyer_slug=buyer.slug if buyer else "",
        buyer_name=buyer.title if buyer else "",
        published=subcontract.created_at,
        lots=[
            ExternalLot(
                key=lot_key(lot),
                number=lot.number,
                title=lot.title,
                description=lot.description,
                value=lot.value,
                cpv_divisions=(lot.division,) if lot.division else (),
            )
            for lot in lots
        ],
    )


def all_items():
    """(key, item) for every subcontract, for the finder's full rebuild."""
    for subcontract in subcontracts().order_by("pk").iterator(chunk_size=500):
        yield subcontract.pk, as_item(subcontract)


def index_subcontract(subcontract_id):
    """Rewrite one subcontract's rows in the finder (remove them if it is gone); the lots' keys."""
    subcontract = subcontracts().filter(pk=subcontract_id).first()
    return write_external(SOURCE, subcontract_id, None if subcontract is None else as_item(subcontract)), subcontract


@task()
def refresh_subcontract(subcontract_id):
    """Background task: the subcontract's rows in the finder, then its lots matched against alerts."""
    from alerts.tasks import match_external

    keys, subcontract = index_subcontract(subcontract_id)
    if keys and subcontract.deadline > clock.now():
        match_external.enqueue(keys)


def queue_refresh(subcontract_id):
    transaction.on_commit(lambda: refresh_subcontract.enqueue(subcontract_id))


def on_delete(sender, instance, **kwargs):
    queue_refresh(instance.pk)


def on_buyer_published(sender, instance, **kwargs):
    """Rows name their anchor and link to its slug: rewrite the subcontracts whose rows show an old one."""
    from finder.models import LotEntry

    lots = SubcontractLot.objects.filter(subcontract__award__lot__opportunity__buyer=instance)
    keys = {lot_key(lot): lot.subcontract_id for lot in lots.only("pk", "subcontract_id")}
    stale = LotEntry.objects.filter(source=SOURCE, external_key__in=keys)
    stale = stale.exclude(buyer_name=instance.title, buyer_slug=instance.slug)
    for subcontract_id in {keys[key] for key in stale.values_list("external_key", flat=True)}:
        queue_refresh(subcontract_id)
