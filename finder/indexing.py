"""Keep the finder's search table (and Elasticsearch, when used) in step with published opportunities.

Each live opportunity becomes one `LotEntry` per lot, with its many-valued filters as `EntryTag`s.
Publishing, unpublishing, moving or deleting an opportunity queues `refresh_opportunity`, a background
task that rewrites that opportunity's rows; `rebuild` rewrites them all.

Apps the finder does not import (suppliers, for primes' subcontracts) put their own lots in the same
table through `write_external`, and name a function giving all of them in `register_source`, which
`rebuild` calls. Each such item is a group of rows of its own (`ExternalGroup`), so it is counted, paged
and logged like an opportunity.
"""

import contextlib
import contextvars
import dataclasses
import datetime
import logging
from decimal import Decimal

from django_tasks import task

from django.db import connection, transaction

from opportunities.models import OpportunityPage

from .cpv import division_label
from .models import EntryTag, ExternalGroup, IndexChange, IndexVersion, LotEntry

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


def live_opportunities():
    """Live opportunities with everything the rows need, in a fixed number of queries per batch."""
    return (
        OpportunityPage.objects.live()
        .select_related("buyer", "main_cpv")
        .prefetch_related("additional_cpv", "locations", "social_value_themes", "lots__cpv_codes", "lots__locations")
        .order_by("pk")
    )


def description_text(opportunity):
    field = OpportunityPage._meta.get_field("description")
    return " ".join(str(part) for part in field.get_searchable_content(opportunity.description))


def lot_value(lot, opportunity, lot_count):
    """A lot's highest stated value; a contract with a single lot may state its value on the opportunity."""
    value = lot.value_max if lot.value_max is not None else lot.value_min
    if value is None and lot_count == 1:
        value = opportunity.value_max if opportunity.value_max is not None else opportunity.value_min
    return value


def build_rows(opportunity, url):
    """The unsaved entries and tags for one opportunity: [(LotEntry, [EntryTag, ...]), ...]."""
    lots = sorted(opportunity.lots.all(), key=lambda lot: lot.number)
    opportunity_cpvs = [c for c in [opportunity.main_cpv, *opportunity.additional_cpv.all()] if c]
    opportunity_locations = list(opportunity.locations.all())
    themes = list(opportunity.social_value_themes.all())
    buyer = opportunity.buyer
    description = description_text(opportunity)
    rows = []
    for lot in lots:
        cpvs = list(lot.cpv_codes.all()) or opportunity_cpvs
        locations = list(lot.locations.all()) or opportunity_locations
        tags = {("cpv", cpv.division, division_label(cpv.division)) for cpv in cpvs}
        tags |= {("location", location.slug, location.name) for location in locations}
        tags |= {("theme", theme.slug, theme.name) for theme in themes}
        words = [
            opportunity.title,
            opportunity.reference,
            opportunity.summary,
            description,
            buyer.title if buyer else "",
            lot.title,
            lot.description,
            *(cpv.label for cpv in cpvs),
            *(division_label(cpv.division) for cpv in cpvs),
            *(location.name for location in locations),
            *(theme.name for theme in themes),
        ]
        entry = LotEntry(
            lot=lot,
            opportunity=opportunity,
            group=opportunity.pk,
            opportunity_title=opportunity.title,
            opportunity_url=url or "",
            reference=opportunity.reference,
            summary=opportunity.summary,
            opportunity_description=description,
            buyer_slug=buyer.slug if buyer else "",
            buyer_name=buyer.title if buyer else "",
            lot_number=lot.number,
            lot_title=lot.title,
            lot_description=lot.description,
            lot_count=len(lots),
            stage=opportunity.stage,
            procedure=opportunity.procedure,
            regime=opportunity.contract_size,
            published_date=opportunity.published_date or opportunity.first_published_at,
            submission_deadline=opportunity.submission_deadline,
            value_min=lot.value_min,
            value=lot_value(lot, opportunity, len(lots)),
            # The Act's rules (`procurement_act.suitable_for_sme/vcse`), not the tick boxes alone: a lot
            # reserved for VCSEs never reaches every SME, whatever was ticked or imported.
            suitable_for_sme=lot.open_to_every_sme,
            suitable_for_vcse=lot.open_to_every_vcse,
            reserved=lot.reserved,
            text=" ".join(w for w in words if w).lower(),
        )
        rows.append((entry, [EntryTag(facet=f, value=v, label=label) for f, v, label in sorted(tags)]))
    return rows


def save_rows(rows):
    entries = LotEntry.objects.bulk_create([entry for entry, _ in rows])
    tags = []
    for entry, (_, entry_tags) in zip(entries, rows, strict=True):
        for tag in entry_tags:
            tag.entry = entry
            tags.append(tag)
    EntryTag.objects.bulk_create(tags)
    update_search_vectors(LotEntry.objects.filter(pk__in=[e.pk for e in entries]))
    return entries


def update_search_vectors(entries):
    """Fill the weighted full-text vector on PostgreSQL: titles weigh most, then summary and buyer."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    entries.update(
        search_vector=SearchVector("lot_title", "opportunity_title", weight="A", config="english")
        + SearchVector("summary", "buyer_name", "reference", weight="B", config="english")
        + SearchVector("lot_description", "opportunity_description", weight="C", config="english")
        + SearchVector("text", weight="D", config="english")
    )


def index_opportunity(opportunity_id):
    """Rewrite one opportunity's rows: its lots if it is live, nothing if it is not (or is gone)."""
    with transaction.atomic():
        LotEntry.objects.filter(group=opportunity_id).delete()
        opportunity = live_opportunities().filter(pk=opportunity_id).first()
        if opportunity is not None:
            save_rows(build_rows(opportunity, opportunity.get_url()))
        IndexChange.log(IndexVersion.bump(), opportunity_id)
    index_group_elsewhere(opportunity_id)


def index_group_elsewhere(group):
    """Pass a rewritten group to the search backend when it keeps an index of its own (Elasticsearch)."""
    from .backends import get_backend

    backend = get_backend()
    if backend.name != "database":
        backend.index_opportunity(group)


# Lots from other apps


@dataclasses.dataclass
class ExternalLot:
    """One lot of an external item. `key` is stable while the lot exists, unique across sources (say
    "subcontract-lot:12"): alerts record what they sent by it."""

    key: str
    number: int
    title: str
    description: str = ""
    value: Decimal | None = None
    cpv_divisions: tuple = ()


@dataclasses.dataclass
class ExternalItem:
    """Something other than an opportunity that the finder lists with its lots (a prime's subcontract).
    It is open until its deadline, then closed (the finder's stage rule)."""

    title: str
    url: str
    headline: str
    deadline: datetime.datetime
    lots: list
    summary: str = ""
    description: str = ""
    buyer_slug: str = ""
    buyer_name: str = ""
    published: datetime.datetime | None = None
    stage: str = "open"


_sources = {}


def register_source(source, items):
    """`items()` yields (key, ExternalItem) for every item of `source` that should be found now;
    `rebuild` calls it. Apps register in their `AppConfig.ready`."""
    _sources[source] = items


def external_rows(group, source, item):
    rows = []
    for lot in sorted(item.lots, key=lambda lot: lot.number):
        divisions = sorted(set(lot.cpv_divisions))
        words = [item.title, item.headline, item.summary, item.description, item.buyer_name, lot.title]
        words += [lot.description, *(division_label(division) for division in divisions)]
        entry = LotEntry(
            group=group,
            source=source,
            external_key=lot.key,
            headline=item.headline,
            opportunity_title=item.title,
            opportunity_url=item.url,
            summary=item.summary,
            opportunity_description=item.description,
            buyer_slug=item.buyer_slug,
            buyer_name=item.buyer_name,
            lot_number=lot.number,
            lot_title=lot.title,
            lot_description=lot.description,
            lot_count=len(item.lots),
            stage=item.stage,
            procedure="",
            published_date=item.published,
            submission_deadline=item.deadline,
            value_min=lot.value,
            value=lot.value,
            text=" ".join(w for w in words if w).lower(),
        )
        tags = [EntryTag(facet="cpv", value=division, label=division_label(division)) for division in divisions]
        rows.append((entry, tags))
    return rows


def write_external(source, key, item):
    """Replace one external item's rows with `item`'s lots, or remove them (`item` None), in one
    transaction with the version bump and the change log, as `index_opportunity` does. Returns the
    keys of the lots written."""
    with transaction.atomic():
        if item is None:
            group = ExternalGroup.objects.filter(source=source, key=str(key)).first()
            if group is None:
                return []
        else:
            group, _ = ExternalGroup.objects.get_or_create(source=source, key=str(key))
        group_id = group.group
        LotEntry.objects.filter(group=group_id).delete()
        if item is not None:
            save_rows(external_rows(group_id, source, item))
        IndexChange.log(IndexVersion.bump(), group_id)
        if item is None:
            group.delete()
    index_group_elsewhere(group_id)
    return [] if item is None else [lot.key for lot in item.lots]


def rebuild_external():
    """Every registered source's rows (inside `rebuild`'s transaction)."""
    LotEntry.objects.exclude(source="").delete()
    for source, items in _sources.items():
        kept = set()
        for key, item in items():
            group, _ = ExternalGroup.objects.get_or_create(source=source, key=str(key))
            kept.add(group.pk)
            save_rows(external_rows(group.group, source, item))
        ExternalGroup.objects.filter(source=source).exclude(pk__in=kept).delete()


def rebuild(progress=None):
    """Rewrite every row from the live opportunities; `progress(done, total)` is called per batch."""
    opportunities = live_opportunities()
    total = opportunities.count()
    done = 0
    with transaction.atomic():
        LotEntry.objects.all().delete()
        last_pk = 0
        while True:
            batch = list(opportunities.filter(pk__gt=last_pk)[:BATCH_SIZE])
            if not batch:
                break
            rows = [row for opportunity in batch for row in build_rows(opportunity, opportunity.get_url())]
            save_rows(rows)
            last_pk = batch[-1].pk
            done += len(batch)
            if progress:
                progress(done, total)
        rebuild_external()
        IndexChange.log(IndexVersion.bump())
    return done


@task()
def refresh_opportunity(opportunity_id):
    """Background task: bring one opportunity's search rows up to date."""
    index_opportunity(opportunity_id)


def queue_refresh(opportunity_id):
    """Queue the refresh once the surrounding transaction commits, so the task sees the saved page."""
    deferred = _deferred_refreshes.get()
    if deferred is not None:
        deferred.add(opportunity_id)
        return
    transaction.on_commit(lambda: refresh_opportunity.enqueue(opportunity_id))


def after_refreshes(callback):
    """Call `callback` once the refreshes asked for so far are queued: when the transaction commits, or
    at the end of an `each_refresh_once_at_the_end` block. Work that reads the search table (alerts)
    then runs after the refresh it depends on, on the immediate backend and a single worker alike."""
    deferred = _deferred_callbacks.get()
    if deferred is not None:
        deferred.append(callback)
        return
    transaction.on_commit(callback)


def latest_change():
    """The id of the latest logged change to the search table (0 if none): a mark to ask later whether
    an opportunity's rows have been rewritten since (`rewritten_since`)."""
    return IndexChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def rewritten_since(mark, opportunity_ids):
    """The opportunities among these whose rows were rewritten (alone, or by a full rebuild) after `mark`."""
    later = IndexChange.objects.filter(pk__gt=mark)
    if later.filter(opportunity_id__isnull=True).exists():
        return set(opportunity_ids)
    return set(later.filter(opportunity_id__in=opportunity_ids).values_list("opportunity_id", flat=True))


_deferred_refreshes = contextvars.ContextVar("finder_deferred_refreshes", default=None)
_deferred_callbacks = contextvars.ContextVar("finder_deferred_callbacks", default=None)


@contextlib.contextmanager
def each_refresh_once_at_the_end():
    """For bulk changes: refresh each changed opportunity once, when the block ends. An import applies
    several releases to the same opportunity (tender, awards, amendments); each would queue a refresh.
    Callbacks given to `after_refreshes` meanwhile run after those refreshes are queued."""
    if _deferred_refreshes.get() is not None:
        yield
        return
    opportunity_ids, callbacks = set(), []
    reset = _deferred_refreshes.set(opportunity_ids)
    reset_callbacks = _deferred_callbacks.set(callbacks)
    try:
        yield
    finally:
        _deferred_refreshes.reset(reset)
        _deferred_callbacks.reset(reset_callbacks)
        for opportunity_id in sorted(opportunity_ids):
            queue_refresh(opportunity_id)
        for callback in callbacks:
            transaction.on_commit(callback)
