from django.core.management.base import BaseCommand, CommandError

from insights.ocds.sync import sync_notices

from .import_ocds import write_report


class Command(BaseCommand):
    help = (
        "Bring in the partnership's notices from an OCDS publisher's API (the CDP's Find a Tender by default), "
        "from where the last run stopped. Run it from cron, say every 30 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", help="The release package API to read (default: NOTICES_SOURCE_URL).")

    def handle(self, source=None, **options):
        report = sync_notices(source=source, progress=self.stdout.write)
        if report.busy:
            return
        self.stdout.write(f"Read {report.releases} releases on {report.pages} pages.")
        write_report(self, report.imports)
        if report.stopped:
            # A non-zero exit, so cron reports it; the next run resumes from the page that failed.
            raise CommandError(report.stopped)
