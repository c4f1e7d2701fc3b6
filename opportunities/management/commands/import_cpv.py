"""Load the official CPV list (or a CSV like it): manage.py import_cpv FILE."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from opportunities.cpv import CPVFileError, import_cpv


class Command(BaseCommand):
    help = "Load CPV codes from a CSV or .xlsx file with CODE and EN columns. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CPV list, for example cpv_2008.xlsx or cpv_2008.csv")

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                report = import_cpv(options["file"], progress=self.stdout.write)
        except FileNotFoundError as error:
            raise CommandError(f"There is no file at {options['file']}.") from error
        except CPVFileError as error:
            raise CommandError(str(error)) from error
        for line, reason in report.rejected:
            self.stderr.write(f"Line {line} rejected: {reason}")
        self.stdout.write(self.style.SUCCESS(f"CPV codes loaded: {report.summary()}."))
