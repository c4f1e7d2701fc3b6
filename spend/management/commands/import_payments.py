import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.models import OrganisationPage
from spend import reading
from spend.importer import ImportRefused, import_payments, preview
from spend.models import ColumnMapping
from spend.uploads import receive, remember_mapping


class Command(BaseCommand):
    help = (
        "Import a payment file (CSV) for an anchor and financial year. The publisher's column mapping is "
        "reused if known, else guessed from the headings and remembered. Use --preview to see the problems only."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--anchor", required=True, help="The anchor's page slug, like northshire-borough-council.")
        parser.add_argument("--year", required=True, type=int, help="First year of the financial year: 2024.")
        parser.add_argument("--publisher", help="Whose column mapping to use; the anchor's name if not given.")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="FIELD=HEADING",
            help=f"Set a column, like amount='Net Amount'. Fields: {', '.join(n for n, _ in ColumnMapping.FIELDS)}.",
        )
        parser.add_argument("--preview", action="store_true", help="Report what would happen and save nothing.")

    def handle(self, file, anchor, year, publisher, column, preview, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file at {file}.")
        organisation = OrganisationPage.objects.filter(slug=anchor).first()
        if organisation is None:
            raise CommandError(f"No anchor has the slug “{anchor}”.")
        publisher = publisher or organisation.title
        mapping = ColumnMapping.objects.filter(publisher=publisher).first()
        columns = dict(mapping.columns) if mapping else reading.guess_columns(reading.read_headings(path))
        for item in column:
            name, _, heading = item.partition("=")
            if name not in dict(ColumnMapping.FIELDS):
                raise CommandError(f"“{name}” is not a field. Fields: {', '.join(dict(ColumnMapping.FIELDS))}.")
            columns[name] = heading
        with path.open("rb") as handle:
            payment_file = receive(organisation, year, handle)
        payment_file.mapping = remember_mapping(publisher, columns)
        payment_file.save()
        self.stdout.write(f"Columns: {', '.join(f'{k}={v!r}' for k, v in sorted(columns.items()))}")
        try:
            report = (self._preview if preview else self._import)(payment_file)
        except ImportRefused as error:
            payment_file.file.delete(save=False)
            payment_file.delete()
            raise CommandError(str(error)) from error
        self._report(report)

    def _progress(self, done, total):
        self.stdout.write(f"\r{min(100, done * 100 // total):3d}% ({done:,} lines)", ending="")
        self.stdout.flush()

    def _preview(self, payment_file):
        report = preview(payment_file, progress=self._progress)
        payment_file.file.delete(save=False)
        payment_file.delete()
        self.stdout.write("\nPreview only: nothing was saved.")
        return report

    def _import(self, payment_file):
        report = import_payments(payment_file, progress=self._progress)
        self.stdout.write("")
        return report

    def _report(self, report):
        out = self.stdout
        out.write(
            f"{report.lines_read:,} lines read, {report.lines_imported:,} imported (£{report.total:,.2f}), "
            f"{report.lines_left_out:,} left out, {report.new_suppliers:,} new suppliers."
        )
        for problem in report.ordered_problems():
            out.write(f"{problem.title}: {problem.count:,}")
            for number, message in problem.examples[:5]:
                out.write(f"  line {number}: {message}")
        if report.lines_left_out and not sys.stdout.isatty():
            out.write("Lines left out are listed above (the first five of each kind).")
