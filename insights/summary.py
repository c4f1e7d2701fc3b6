"""The award summary the dashboard reads (`AwardSummary`), and how it is kept in step with the awards.

Summing 200,000 awards on every request took seconds (joins to lots and pages, and a regular expression per
row for "local"); the summary holds one row per buyer, quarter, CPV division, postcode district and kind of
supplier, so the dashboard sums a few thousand rows instead. The database computes every row
(INSERT … SELECT … GROUP BY): no award passes through Python.

Keeping it in step: a change to an award or an opportunity marks its buyer stale (`StaleSummary`, in the
same transaction as the change, see `insights/signals.py`) and queues `refresh_task` for after the commit.
Readers call `refresh_stale()` first, so the dashboard never shows figures older than the last committed
change even when no worker is running. `rebuild()` (`manage.py refresh_insights`) rewrites everything after
bulk loads that bypass signals; bulk paths that keep the signals (the OCDS import) wrap their work in
`one_refresh_at_the_end()`.
"""

import contextlib
import contextvars

from django_tasks import task

from django.db import connection, transaction
from django.db.models import CharField, Count, F, Func, Q, Sum
from django.db.models.functions import Coalesce, Substr, TruncQuarter

from impact.models import Commitment
from opportunities.models import Award, OpportunityPage
from portal import suppliers

from .models import AwardSummary, CommitmentSummary, StaleSummary

SME_SIZES = sorted(suppliers.SME_SIZES)
SOCIAL_ECONOMY_TYPES = sorted(suppliers.SOCIAL_ECONOMY_KINDS)
LOCK_ID = 8_2026_0001  # any constant: serialises refreshes on PostgreSQL


class PostcodeDistrict(Func):
    """The supplier's postcode district in upper case: the text before the first space ("PR1" in " pr1 2ab").

    On PostgreSQL this is exactly the rule the dashboard used per request (any whitespace separates);
    elsewhere (SQLite, for development) only spaces do, as in `Award.postcode_district`.
    """

    output_field = CharField()
    template = "UPPER(SUBSTR(TRIM(%(expressions)s), 1, INSTR(TRIM(%(expressions)s) || ' ', ' ') - 1))"

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=r"UPPER(SUBSTRING(%(expressions)s FROM '^\s*(\S*)'))")


def _of_buyers(queryset, buyer_ids, prefix=""):
    """Narrow a query to some buyers (None among them: awards whose opportunity has no buyer)."""
    if buyer_ids is None:
        return queryset
    condition = Q(**{f"{prefix}buyer_id__in": [pk for pk in buyer_ids if pk is not None]})
    if None in buyer_ids:
        condition |= Q(**{f"{prefix}buyer_id__isnull": True})
    return queryset.filter(condition)


def _grouped_awards(buyer_ids=None):
    """The summary rows as a query: awards on published opportunities grouped by the summary's key."""
    awards = _of_buyers(Award.objects.filter(lot__opportunity__live=True).order_by(), buyer_ids, "lot__opportunity__")
    key = {
        "key_buyer": F("lot__opportunity__buyer_id"),
        "key_quarter": TruncQuarter("award_date"),
        "key_division": Substr("lot__opportunity__main_cpv__code", 1, 2),
        "key_district": PostcodeDistrict("supplier_postcode"),
        "key_sme": Q(supplier_size__in=SME_SIZES),
        "key_social": Q(supplier_type__in=SOCIAL_ECONOMY_TYPES),
    }
    # An award shared by several suppliers has a row each: it counts once, and each row adds its share.
    sums = {
        "sum_awards": Count("pk", filter=Q(counts_as_contract=True)),
        "sum_value": Sum(Coalesce("value_share", "value")),
    }
    # values() then annotate(): the SELECT lists the key columns, then the sums, in this order.
    return awards.annotate(**key).values(*key).annotate(**sums).values(*key, *sums)


def _grouped_commitments(buyer_ids=None):
    """The commitment summary rows as a query: commitments on awards of published opportunities."""
    commitments = Commitment.objects.filter(award__lot__opportunity__live=True).order_by()
    commitments = _of_buyers(commitments, buyer_ids, "award__lot__opportunity__")
    key = {
        "key_buyer": F("award__lot__opportunity__buyer_id"),
        "key_quarter": TruncQuarter("award__award_date"),
        "key_measure": F("measure_id"),
    }
    return commitments.annotate(**key).values(*key).annotate(sum_quantity=Sum("quantity")).values(*key, "sum_quantity")


def _insert_select(model, columns, query):
    sql, params = query.query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)  # noqa: S608 - names are ours, values are params


def _insert(buyer_ids=None):
    """INSERT … SELECT the summary rows of some buyers (or all), computed by the database."""
    columns = ["buyer_id", "quarter", "division", "district", "sme", "social", "awards", "value"]
    _insert_select(AwardSummary, columns, _grouped_awards(buyer_ids))
    _insert_select(
        CommitmentSummary, ["buyer_id", "quarter", "measure_id", "quantity"], _grouped_commitments(buyer_ids)
    )


def _lock():
    """Only one refresh at a time: two deleting and re-inserting the same buyer would double its rows.

    SQLite allows one writer at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])


def _delete_summary_rows(buyer_ids):
    _of_buyers(AwardSummary.objects.all(), buyer_ids).delete()
    _of_buyers(CommitmentSummary.objects.all(), buyer_ids).delete()


def _delete_marks(pks, batch=500):
    # Batches keep the IN list within SQLite's limit on query parameters after a large import.
    for start in range(0, len(pks), batch):
        StaleSummary.objects.filter(pk__in=pks[start : start + batch]).delete()


def refresh_stale():
    """Rewrite the rows of every buyer marked stale; return how many buyers that was."""
    marks = list(StaleSummary.objects.values_list("pk", "buyer_id"))
    if not marks:
        return 0
    buyer_ids = {buyer_id for _, buyer_id in marks}
    # No savepoint of its own (one query fewer each way inside a request's transaction); delete exactly the
    # marks read: a mark committed meanwhile stays for the next refresh, and every change whose mark we read
    # was committed before the INSERT below, so it is counted. Marks read by two refreshes at once only mean
    # the second, waiting on the lock, rewrites the same rows again.
    with transaction.atomic(savepoint=False):
        _lock()
        _delete_summary_rows(buyer_ids)
        _insert(buyer_ids)
        _delete_marks([pk for pk, _ in marks])
    return len(buyer_ids)


def rebuild(progress=None):
    """Rewrite the whole summary, one buyer at a time, in one transaction; `progress(done, total)` per buyer."""
    with transaction.atomic():
        _lock()
        marks = list(StaleSummary.objects.values_list("pk", flat=True))
        buyer_ids = list(OpportunityPage.objects.order_by("buyer_id").values_list("buyer_id", flat=True).distinct())
        AwardSummary.objects.all().delete()
        CommitmentSummary.objects.all().delete()
        for done, buyer_id in enumerate(buyer_ids, start=1):
            _insert({buyer_id})
            if progress:
                progress(done, len(buyer_ids))
        _delete_marks(marks)
    return len(buyer_ids)


@task()
def refresh_task():
    """Background task: bring the summary up to date before anyone asks for the dashboard."""
    refresh_stale()


def mark_stale(buyer_ids):
    """Record that these buyers' rows need rewriting (in the caller's transaction) and queue the refresh."""
    buyer_ids = set(buyer_ids)
    if not buyer_ids:
        return
    StaleSummary.objects.bulk_create([StaleSummary(buyer_id=buyer_id) for buyer_id in buyer_ids])
    if not _refresh_deferred.get():
        transaction.on_commit(refresh_task.enqueue)


_refresh_deferred = contextvars.ContextVar("insights_refresh_deferred", default=False)


@contextlib.contextmanager
def one_refresh_at_the_end():
    """For bulk changes: each change still marks its buyer stale in its own transaction (readers stay exact),
    but the refresh is queued once when the block ends, not once per change. An import of thousands of
    awards otherwise queued thousands of tasks, all but the first finding nothing to do."""
    if _refresh_deferred.get():
        yield
        return
    reset = _refresh_deferred.set(True)
    try:
        yield
    finally:
        _refresh_deferred.reset(reset)
        # Even after an error: the changes committed before it left their marks.
        transaction.on_commit(refresh_task.enqueue)
