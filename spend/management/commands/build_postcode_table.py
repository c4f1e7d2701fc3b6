from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from spend import postcode_table
from spend.places import DATA


class Command(BaseCommand):
    help = (
        "Rebuild spend/data/postcode_districts.csv and postcode_areas.csv from Doogal's 'Postcode "
        "districts.csv' (made from the ONS Postcode Directory), optionally checking the regions against "
        "ONS NSPL area files. See spend/data/README.md for where the files come from."
    )

    def add_arguments(self, parser):
        parser.add_argument("districts_file", metavar="POSTCODE_DISTRICTS_CSV")
        parser.add_argument("--check-nspl", nargs="*", default=[], metavar="NSPL_CSV")
        parser.add_argument("--out", default=str(DATA), help="Folder to write to (default: spend/data).")

    def handle(self, districts_file, check_nspl, out, **options):
        out = Path(out)
        try:
            with open(districts_file, encoding="utf-8-sig", newline="") as handle:
                districts = postcode_table.read_districts(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {districts_file}: {error.strerror}.") from error
        if not districts:
            raise CommandError(f"{districts_file} has no postcode districts with a region.")
        with (DATA / "postcode_areas.csv").open(encoding="utf-8", newline="") as handle:
            names = {row["area"]: row["name"] for row in postcode_table.csv.DictReader(handle)}
        areas = postcode_table.areas_of(districts, names)
        with (out / "postcode_districts.csv").open("w", encoding="utf-8", newline="") as handle:
            postcode_table.write_districts(handle, districts)
        with (out / "postcode_areas.csv").open("w", encoding="utf-8", newline="") as handle:
            postcode_table.write_areas(handle, areas)
        self.stdout.write(f"{len(districts):,} districts and {len(areas)} areas written to {out}.")
        if check_nspl:
            handles = [open(path, encoding="utf-8-sig", newline="") for path in check_nspl]  # noqa: SIM115
            try:
                compared, differences = postcode_table.check_against_nspl(
                    districts, postcode_table.nspl_regions(handles)
                )
            finally:
                for handle in handles:
                    handle.close()
            self.stdout.write(
                f"Districts checked against the NSPL: {compared:,}; in another region there: {len(differences):,}."
            )
            for district, ours, theirs, share in differences:
                self.stdout.write(f"  {district}: {ours or 'none'} here, {theirs or 'none'} in the NSPL ({share:.0%})")
