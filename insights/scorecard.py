"""The accessibility scorecard: how easy each anchor makes it for a small supplier to bid.

Five queries whatever the number of anchors. Medians use PostgreSQL's `percentile_cont` there; other
databases (SQLite in development) fetch the sorted values for the median alone and take the middle in Python.
An anchor's own page adds rows from other apps (`add_rows`: quick quotes come from the suppliers app, which
this app may not import), one query per source.
Reading ages are worked out in Python (textstat has no database equivalent), once per distinct summary.
"""

import logging
import statistics
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce

from opportunities.models import Lot, OpportunityPage, Stage
from portal.readability import reading_age

SECONDS_PER_DAY = 86400
logger = logging.getLogger(__name__)


class Median(Aggregate):
    """PostgreSQL's continuous median."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class ScorecardRow:
    label: str
    value: str


# Functions that take anchor ids and return {anchor id: [ScorecardRow]}, registered by apps above this one.
_row_sources = []


def add_rows(source):
    """Register `source(anchor_ids) -> {anchor_id: [ScorecardRow]}`; it should ask one query for all anchors."""
    if source not in _row_sources:
        _row_sources.append(source)
    return source


@dataclass
class Scorecard:
    anchor_id: int
    title: str = ""
    slug: str = ""
    opportunities: int = 0
    lotted: int = 0
    lots: int = 0
    lots_sme: int = 0
    lots_vcse: int = 0
    median_lot_value: float | None = None
    median_days: float | None = None
    summaries: int = 0
    summaries_plain: int = 0

    @staticmethod
    def _percent(part, whole):
        return None if not whole else part * 100 / whole

    @property
    def lotted_share(self):
        return self._percent(self.lotted, self.opportunities)

    @property
    def sme_share(self):
        return self._percent(self.lots_sme, self.lots)

    @property
    def vcse_share(self):
        return self._percent(self.lots_vcse, self.lots)

    @property
    def plain_share(self):
        return self._percent(self.summaries_plain, self.summaries)


_word_list_missing = False


@lru_cache(maxsize=4096)
def _reading_age(text):
    """Reading age of a summary, or None when it cannot be judged (too short, or the word list is missing)."""
    global _word_list_missing
    if _word_list_missing:
        return None
    try:
        return reading_age(text)
    except LookupError:
        # textstat needs NLTK's pronunciation dictionary and tries to download it on every call without it:
        # give up for the life of the process, and show the share as "No data".
        _word_list_missing = True
        logger.warning("Reading ages are unavailable: textstat could not load its word list.", exc_info=True)
        return None


def _opportunities(anchor_ids):
    """Published opportunities that reached the market (pipeline notices have no deadline or lots yet)."""
    return OpportunityPage.objects.live().filter(buyer_id__in=anchor_ids).exclude(stage=Stage.PIPELINE).order_by()


class EpochDays(Func):
    """A PostgreSQL interval as a number of days."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0"
    output_field = FloatField()


def _medians(queryset, expression, duration=False):
    """{group: median of expression} in one query; durations come back as days."""
    if connection.vendor == "postgresql":
        if duration:
            expression = EpochDays(expression)
        queryset = queryset.annotate(measure=expression).filter(measure__isnull=False)
        rows = queryset.values("group").annotate(median=Median("measure")).values_list("group", "median")
        return {group: float(median) for group, median in rows}
    queryset = queryset.annotate(measure=expression).filter(measure__isnull=False)
    values = {}
    for group, measure in queryset.values_list("group", "measure").order_by("group", "measure"):
        number = measure.total_seconds() / SECONDS_PER_DAY if hasattr(measure, "total_seconds") else float(measure)
        values.setdefault(group, []).append(number)
    return {group: statistics.median(numbers) for group, numbers in values.items()}


def scorecards(anchors, reading_age_target):
    """One Scorecard per anchor, in the order given."""
    cards = {anchor.pk: Scorecard(anchor_id=anchor.pk, title=anchor.title, slug=anchor.slug) for anchor in anchors}
    ids = list(cards)
    if not ids:
        return []
    opportunities = _opportunities(ids)

    lot_count = Lot.objects.filter(opportunity=OuterRef("pk")).order_by().values("opportunity")
    lot_count = lot_count.annotate(n=Count("pk")).values("n")
    rows = (
        opportunities.annotate(lot_count=Coalesce(Subquery(lot_count, output_field=IntegerField()), 0))
        .values("buyer_id")
        .annotate(total=Count("pk"), lotted=Count("pk", filter=Q(lot_count__gt=1)))
    )
    for row in rows:
        cards[row["buyer_id"]].opportunities = row["total"]
        cards[row["buyer_id"]].lotted = row["lotted"]

    lots = Lot.objects.filter(opportunity__in=opportunities).order_by()
    for row in lots.values("opportunity__buyer_id").annotate(
        total=Count("pk"),
        sme=Count("pk", filter=Q(suitable_for_sme=True)),
        vcse=Count("pk", filter=Q(suitable_for_vcse=True)),
    ):
        card = cards[row["opportunity__buyer_id"]]
        card.lots, card.lots_sme, card.lots_vcse = row["total"], row["sme"], row["vcse"]

    lot_values = _medians(lots.annotate(group=F("opportunity__buyer_id")), Coalesce("value_max", "value_min"))
    days = ExpressionWrapper(F("submission_deadline") - F("published_date"), output_field=DurationField())
    response_days = _medians(
        opportunities.filter(published_date__isnull=False, submission_deadline__isnull=False).annotate(
            group=F("buyer_id")
        ),
        days,
        duration=True,
    )
    for pk, card in cards.items():
        card.median_lot_value = lot_values.get(pk)
        card.median_days = response_days.get(pk)

    for buyer_id, summary in opportunities.values_list("buyer_id", "summary"):
        age = _reading_age(summary)
        if age is None:
            continue  # too short to judge: counted neither way
        cards[buyer_id].summaries += 1
        cards[buyer_id].summaries_plain += age <= reading_age_target
    return list(cards.values())


def more_rows(anchor_ids):
    """{anchor id: [ScorecardRow]} from every registered source, one query each."""
    rows = {}
    for source in _row_sources:
        for anchor_id, found in source(anchor_ids).items():
            rows.setdefault(anchor_id, []).extend(found)
    return rows
