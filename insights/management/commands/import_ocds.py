from django.core.management.base import BaseCommand, CommandError

from insights.ocds.importer import import_ocds


class Command(BaseCommand):
    help = "Import OCDS release or record packages (a file, or a folder of .json files) as opportunities."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A JSON file, or a folder searched for .json files.")
        parser.add_argument(
            "--schema-dir", help="Folder with the OCDS schemas (default: OCDS_SCHEMA_DIR, else the shipped copy)."
        )

    def handle(self, path, schema_dir=None, **options):
        from pathlib import Path

        if not Path(path).exists():
            raise CommandError(f"There is no file or folder at {path}.")
        report = import_ocds(path, progress=self.stdout.write, schema_dir=schema_dir)
        self.stdout.write(
            self.style.SUCCESS(f"Imported {report.imported} releases; {report.already_imported} were already imported.")
        )
        if report.rejected:
            self.stdout.write(self.style.WARNING(f"Rejected {len(report.rejected)}:"))
            for source, release_id, reason in report.rejected:
                self.stdout.write(f"  {source} {release_id}: {reason}")
