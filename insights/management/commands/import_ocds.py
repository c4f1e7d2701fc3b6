from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from insights.ocds.importer import import_ocds


class Command(BaseCommand):
    help = "Import OCDS release or record packages (a file, or a folder of .json files) as opportunities."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A JSON file, or a folder searched for .json files.")
        parser.add_argument(
            "--schema-dir", help="Folder with the OCDS schemas (default: OCDS_SCHEMA_DIR, else the shipped copy)."
        )
        parser.add_argument(
            "--add-buyers",
            action="store_true",
            help="Create a draft organisation page for each buyer outside the partnership (one-off loads).",
        )

    def handle(self, path, schema_dir=None, add_buyers=False, **options):
        if not Path(path).exists():
            raise CommandError(f"There is no file or folder at {path}.")
        report = import_ocds(path, progress=self.stdout.write, schema_dir=schema_dir, add_buyers=add_buyers)
        write_report(self, report)


def write_report(command, report):
    """The counts, then what was skipped, added, left out or refused, each with its reason."""
    command.stdout.write(
        command.style.SUCCESS(f"Imported {report.imported} releases; {report.already_imported} were already imported.")
    )
    if report.outside_partnership:
        command.stdout.write(
            f"Skipped {report.skipped} releases from buyers outside the partnership "
            "(use --add-buyers to add them as draft organisation pages):"
        )
        for name, count in report.outside_partnership.most_common():
            command.stdout.write(f"  {name}: {count}")
    if report.buyers_added:
        added = ", ".join(report.buyers_added)
        command.stdout.write(f"Added {len(report.buyers_added)} draft organisation pages: {added}")
    for release_id, note in report.notes:
        command.stdout.write(f"  {release_id}: {note}")
    if report.rejected:
        command.stdout.write(command.style.WARNING(f"Rejected {len(report.rejected)}:"))
        for source, release_id, reason in report.rejected:
            command.stdout.write(f"  {source} {release_id}: {reason}")
