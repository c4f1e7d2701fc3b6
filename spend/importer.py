"""Bringing a payment file in: the preview and the import are one run, the preview rolled back.

A run streams the file (spend.reading), finds each line's supplier (spend.resolve) a batch at a time,
and writes the lines to a staging table (COPY on PostgreSQL, batched inserts elsewhere). Then SQL gives
each line its fingerprint: the hash of its values and which occurrence of those values it is in the file,
so two identical lines in one file stay two payments while the same line in an overlapping file is found
and left out. New lines move to Payment in one statement, each with the influenceable-spend rule that
excludes it worked out on the way (spend.summary.exclusion), and only that year's summary is rebuilt.
All of it is one transaction: a run that fails
leaves nothing behind, and a preview is the same run rolled back, so it reports exactly what the import
would do.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Sum

from portal import clock

from . import reading
from .models import ColumnMapping, Payment, PaymentFile, StagedPayment, Supplier
from .resolve import SupplierResolver, propose_merges
from .sectors import section_for_cpv

BATCH = 5_000
EXAMPLES_PER_PROBLEM = 50
STAGED_COLUMNS = (
    "file_id",
    "line_number",
    "content_hash",
    "line_hash",
    "date",
    "amount",
    "supplier_id",
    "supplier_key",
    "supplier_name",
    "transaction",
    "expense_type",
    "service_area",
    "description",
    "cpv_section",
    "opportunity_id",
)
TEXT_LIMITS = {"transaction": 60, "expense_type": 255, "service_area": 255, "description": 255}


class ImportRefused(Exception):
    """The file cannot be imported as it is; the message says why in plain English."""


@dataclass
class Problem:
    title: str
    count: int = 0
    examples: list = field(default_factory=list)  # (line number, message)


@dataclass
class Report:
    lines_read: int = 0
    lines_imported: int = 0
    lines_left_out: int = 0
    total: Decimal = Decimal(0)
    new_suppliers: int = 0
    first_date: object = None
    last_date: object = None
    problems: dict = field(default_factory=dict)

    def note(self, kind, line_number, message):
        problem = self.problems.setdefault(kind, Problem(reading.PROBLEM_TITLES[kind]))
        problem.count += 1
        if len(problem.examples) < EXAMPLES_PER_PROBLEM:
            problem.examples.append((line_number, message))

    def ordered_problems(self):
        """Problems that leave lines out first, in a fixed order."""
        return [self.problems[kind] for kind in reading.PROBLEM_TITLES if kind in self.problems]


class _Rollback(Exception):
    pass


def progress_key(payment_file):
    return f"spend:import-progress:{payment_file.pk}"


def check_mapping(columns, headings):
    missing = [
        label for name, label in ColumnMapping.FIELDS if name in ColumnMapping.REQUIRED and not columns.get(name)
    ]
    if missing:
        raise ImportRefused(f"Choose the column that holds: {', '.join(m.lower() for m in missing)}.")
    unknown = [heading for heading in columns.values() if heading and heading not in headings]
    if unknown:
        raise ImportRefused(f"The file has no column called “{unknown[0]}”. Check the columns you chose.")


def preview(payment_file, progress=None):
    """What importing the file would do, with every problem; nothing is saved."""
    try:
        with transaction.atomic():
            report = _run(payment_file, progress)
            raise _Rollback
    except _Rollback:
        return report


def import_payments(payment_file, progress=None):
    """Import the file for good. Lines with problems that leave them out are skipped and counted."""
    from . import summary  # the summary module imports the models this module fills

    with transaction.atomic():
        already = (
            PaymentFile.objects.filter(anchor=payment_file.anchor_id, sha256=payment_file.sha256, status="imported")
            .exclude(pk=payment_file.pk)
            .first()
        )
        if already is not None:
            raise ImportRefused(
                f"This file was already imported on {already.imported_at:%-d %B %Y} as “{already.file_name}”. "
                "Importing it again would change nothing."
            )
        report = _run(payment_file, progress)
        payment_file.status = PaymentFile.Status.IMPORTED
        payment_file.lines_read = report.lines_read
        payment_file.lines_imported = report.lines_imported
        payment_file.lines_left_out = report.lines_left_out
        payment_file.progress = 100
        payment_file.imported_at = clock.now()
        payment_file.save()
        # The new lines came in with the rules applied (see _Stager.finish), and the anchor's other years
        # are unchanged: only this year's summary needs rebuilding.
        summary.rebuild_summary([payment_file.anchor_id], years=[payment_file.year])
        propose_merges()
    return report


def _run(payment_file, progress):
    columns = payment_file.mapping.columns if payment_file.mapping else {}
    path = payment_file.file.path
    check_mapping(columns, reading.read_headings(path))
    if connection.vendor == "postgresql":
        # One import per anchor at a time: two would each miss the other's lines when looking for repeats.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [17, payment_file.anchor_id])
    report = Report()
    resolver = SupplierResolver()
    contracts = _contracts(payment_file.anchor_id) if columns.get("contract") else {}
    total_lines = max(1, reading.count_lines(path))

    def tick(number):
        percent = min(99, number * 100 // total_lines)
        cache.set(progress_key(payment_file), percent, 3600)
        if progress is not None:
            progress(number, total_lines)

    stager = _Stager(payment_file)
    batch = []
    for line in reading.read_lines(path, columns, payment_file.year, tick):
        report.lines_read += 1
        for kind, message in line.problems:
            report.note(kind, line.number, message)
        if line.left_out:
            report.lines_left_out += 1
            continue
        batch.append(line)
        if len(batch) >= BATCH:
            stager.write(batch, resolver, contracts)
            batch = []
    stager.write(batch, resolver, contracts)
    report.new_suppliers = resolver.created
    stager.finish(report)
    return report


def _contracts(anchor_id):
    """The anchor's opportunity references, for lines that name the contract they pay for."""
    from opportunities.models import OpportunityPage

    rows = OpportunityPage.objects.filter(buyer_id=anchor_id).values_list("reference", "pk", "main_cpv__code")
    return {reference.strip().upper(): (pk, section_for_cpv(code or "")) for reference, pk, code in rows if reference}


def _clip(text, limit):
    text = " ".join(text.split())
    return text[:limit]


class _Stager:
    """Writes checked lines to the staging table, then moves the new ones to Payment."""

    def __init__(self, payment_file):
        self.file = payment_file
        StagedPayment.objects.filter(file=payment_file).delete()

    def rows(self, lines, resolver, contracts):
        suppliers = resolver.resolve(lines)
        for line, (supplier_id, key) in zip(lines, suppliers, strict=True):
            values = line.values
            opportunity_id, section = contracts.get(values.get("contract", "").strip().upper(), (None, ""))
            yield (
                self.file.pk,
                line.number,
                line.content_hash,
                f"{line.content_hash}:1",
                line.date,
                line.amount,
                supplier_id,
                key[:255],
                _clip(values.get("supplier", ""), 255),
                *(_clip(values.get(name, ""), limit) for name, limit in TEXT_LIMITS.items()),
                section,
                opportunity_id,
            )

    def write(self, lines, resolver, contracts):
        if not lines:
            return
        # Suppliers are resolved (which may write) before COPY starts: the connection can do one thing at a time.
        rows = list(self.rows(lines, resolver, contracts))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                copy_sql = f"COPY {StagedPayment._meta.db_table} ({', '.join(STAGED_COLUMNS)}) FROM STDIN"
                with cursor.copy(copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            StagedPayment.objects.bulk_create(
                [StagedPayment(**dict(zip(STAGED_COLUMNS, row, strict=True))) for row in rows], batch_size=500
            )

    def finish(self, report):
        from .summary import exclusion  # the summary module imports the models this module fills

        staged, payment, files = StagedPayment._meta.db_table, Payment._meta.db_table, PaymentFile._meta.db_table
        file_id, anchor_id = self.file.pk, self.file.anchor_id
        with connection.cursor() as cursor:
            # Which occurrence of its values each line is, in file order: the second half of its fingerprint.
            # Lines were staged as the first; only values that repeat in the file are numbered again, so a
            # file of distinct lines is not rewritten.
            cursor.execute(
                f"UPDATE {staged} SET line_hash = content_hash || ':' || ranked.n "  # noqa: S608
                f"FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY content_hash ORDER BY line_number) AS n "
                f"FROM {staged} WHERE file_id = %s AND content_hash IN (SELECT content_hash FROM {staged} "
                f"WHERE file_id = %s GROUP BY content_hash HAVING COUNT(*) > 1)) AS ranked "
                f"WHERE {staged}.id = ranked.id AND ranked.n > 1",
                [file_id, file_id],
            )
            cursor.execute(
                f"SELECT s.line_number, f.file_name FROM {staged} s "  # noqa: S608
                f"JOIN {payment} p ON p.anchor_id = %s AND p.line_hash = s.line_hash "
                f"JOIN {files} f ON f.id = p.file_id WHERE s.file_id = %s ORDER BY s.line_number",
                [anchor_id, file_id],
            )
            repeats = cursor.fetchall()
            for number, file_name in repeats:
                report.note(reading.DUPLICATE, number, f"the same payment is already in “{file_name}”")
            report.lines_left_out += len(repeats)
            if repeats:
                cursor.execute(
                    f"DELETE FROM {staged} WHERE file_id = %s AND EXISTS (SELECT 1 FROM {payment} p "  # noqa: S608
                    f"WHERE p.anchor_id = %s AND p.line_hash = {staged}.line_hash)",
                    [file_id, anchor_id],
                )
            new_lines = StagedPayment.objects.filter(file_id=file_id)
            found = new_lines.aggregate(count=Count("pk"), total=Sum("amount"), first=Min("date"), last=Max("date"))
            report.lines_imported, report.total = found["count"], found["total"] or Decimal(0)
            report.first_date, report.last_date = found["first"], found["last"]
            if connection.vendor == "postgresql":
                _hold_links(cursor, file_id)
            # The lines move to Payment with the rule that excludes each (if any) worked out on the way,
            # rather than by updating a million payments afterwards.
            kept = [c for c in STAGED_COLUMNS if c != "content_hash"]
            select, params = new_lines.annotate(rule=exclusion()).values_list(*kept, "rule").query.sql_with_params()
            quoted = [connection.ops.quote_name(c) for c in kept]
            cursor.execute(
                f"INSERT INTO {payment} (anchor_id, year, {', '.join(quoted)}, excluded_by_id) "  # noqa: S608
                f"SELECT %s, %s, {', '.join('new.' + c for c in quoted)}, new.rule FROM ({select}) AS new",
                [anchor_id, self.file.year, *params],
            )
            cursor.execute(f"DELETE FROM {staged} WHERE file_id = %s", [file_id])  # noqa: S608


def _hold_links(cursor, file_id):
    """What the database's per-line foreign-key checks would do, once for the file (see Payment): the file
    and every supplier its lines name must exist, and are share-locked so that nothing deletes them before
    the import commits."""
    staged, files, suppliers = StagedPayment._meta.db_table, PaymentFile._meta.db_table, Supplier._meta.db_table
    cursor.execute(
        f"SELECT (SELECT COUNT(*) FROM (SELECT id FROM {files} WHERE id = %s FOR KEY SHARE) AS f), "  # noqa: S608
        f"(SELECT COUNT(*) FROM (SELECT id FROM {suppliers} WHERE id IN "
        f"(SELECT supplier_id FROM {staged} WHERE file_id = %s) FOR KEY SHARE) AS s), "
        f"(SELECT COUNT(DISTINCT supplier_id) FROM {staged} WHERE file_id = %s)",
        [file_id, file_id, file_id],
    )
    file_found, suppliers_found, suppliers_named = cursor.fetchone()
    if not file_found or suppliers_found != suppliers_named:
        raise ImportRefused("The file or one of its suppliers was deleted while importing. Import the file again.")


def problem_counts(report):
    """{kind: count}, for tests and the command's summary."""
    counts = defaultdict(int)
    for kind, problem in report.problems.items():
        counts[kind] = problem.count
    return dict(counts)
