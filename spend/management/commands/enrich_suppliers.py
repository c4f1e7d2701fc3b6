from django.core.management.base import BaseCommand, CommandError

from spend import enrich
from spend.summary import refresh


class Command(BaseCommand):
    help = (
        "Fill in suppliers' postcodes, SIC codes, status, kind and size from downloaded register files "
        "(Companies House BasicCompanyData CSV, charity register extracts) and from the portal's awards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--companies-house", action="append", default=[], metavar="FILE")
        parser.add_argument("--charities", action="append", default=[], metavar="FILE")

    def handle(self, companies_house, charities, **options):
        def progress(rows):
            self.stdout.write(f"\r{rows:,} rows", ending="")
            self.stdout.flush()

        for loader, files in (
            (enrich.from_companies_house, companies_house),
            (enrich.from_charity_register, charities),
        ):
            for path in files:
                try:
                    report = loader(path, progress=progress)
                except OSError as error:
                    raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
                self.stdout.write(
                    f"\n{path}: {report.rows_read:,} rows, {report.matched:,} suppliers filled in "
                    f"({report.by_number:,} by number, {report.by_name:,} by name)."
                )
        self.stdout.write(f"{enrich.from_awards():,} suppliers given a size or kind from contract awards.")
        refresh()
        self.stdout.write(self.style.SUCCESS("Spend figures refreshed."))
