"""Load CPV codes (Common Procurement Vocabulary, 2008) from the official list or any similar file.

The official spreadsheet has a CODE column ("03000000-1", code and check digit) and one label column
per language (EN for English). Files saved as CSV, or the .xlsx itself, both load. Rows that cannot be
used are reported with their line number and the reason, and nothing else is held up by them.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

CODE_COLUMNS = ("code", "cpv", "cpv code", "cpv_code")
LABEL_COLUMNS = ("en", "label", "english", "description", "name", "en label")
CODE = re.compile(r"^\s*(\d{8})(?:\s*-\s*(\d))?\s*$")
# The full official list, with its source noted in data/README.md.
SHIPPED_FILE = Path(__file__).parent / "data" / "cpv_2008.csv"
BATCH = 2000


class CPVFileError(ValueError):
    """The file as a whole cannot be read (wrong format, no code or label column)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rejected: list = field(default_factory=list)  # (line number, reason)

    def summary(self):
        return f"{self.created} created, {self.updated} updated, {len(self.rejected)} rejected"


def parent_code(code):
    """The code one level up (72210000 → 72200000), or None for a division (72000000).

    Levels are the significant digits after the division: group, class, category, then sub-categories.
    """
    significant = code.rstrip("0")
    if len(significant) <= 2:
        return None
    return significant[:-1].ljust(8, "0")


def find_column(header, names):
    lowered = [str(name or "").strip().lower() for name in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def read_rows(path):
    """Rows of the file as lists of strings, whatever its format (CSV in UTF-8 or Latin-1, or .xlsx)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def parse_rows(rows):
    """Turn raw rows into (line, code, check digit, label) entries and (line, reason) rejections."""
    if not rows:
        raise CPVFileError("The file is empty.")
    header = rows[0]
    code_at, label_at = find_column(header, CODE_COLUMNS), find_column(header, LABEL_COLUMNS)
    if code_at is None or label_at is None:
        raise CPVFileError(
            "The first row must name a code column (CODE) and an English label column (EN). "
            f"Found: {', '.join(str(name) for name in header) or 'nothing'}."
        )
    entries, rejected, seen = [], [], set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(str(cell).strip() for cell in row):
            continue
        code_text = row[code_at] if code_at < len(row) else ""
        label = (row[label_at] if label_at < len(row) else "").strip()
        match = CODE.match(code_text)
        if not match:
            rejected.append((line, f"'{code_text.strip()}' is not a CPV code (8 digits, like 03000000-1)"))
        elif not label:
            rejected.append((line, f"{match.group(1)} has no English label"))
        elif len(label) > 255:
            rejected.append((line, f"{match.group(1)}'s label is longer than 255 characters"))
        elif match.group(1) in seen:
            rejected.append((line, f"{match.group(1)} appears more than once; the first one was kept"))
        else:
            seen.add(match.group(1))
            entries.append((line, match.group(1), match.group(2) or "", label))
    return entries, rejected


def nearest_ancestor(code, ids):
    """The id of the closest code above `code` that is in `ids` (some levels are missing in the list)."""
    ancestor = parent_code(code)
    while ancestor and ancestor not in ids:
        ancestor = parent_code(ancestor)
    return ids.get(ancestor) if ancestor else None


def save_codes(model, entries, report, progress):
    """Create or update codes in batches, each new code linked to its parent as it is created.

    New codes are created a level at a time, broadest first, so every parent has its id before its
    children are written: the full list (9,454 codes) loads in a few bulk inserts, not one update a row.
    """
    existing = {code.code: code for code in model.objects.all()}
    ids = {code: row.id for code, row in existing.items()}
    to_create, to_update = [], []
    for _, code, check_digit, label in entries:
        current = existing.get(code)
        if current is None:
            to_create.append(model(code=code, check_digit=check_digit, label=label))
        elif current.label != label or (check_digit and current.check_digit != check_digit):
            current.label = label
            current.check_digit = check_digit or current.check_digit
            to_update.append(current)
    created = 0
    for level in sorted({len(new.code.rstrip("0")) for new in to_create}):
        batch = [new for new in to_create if len(new.code.rstrip("0")) == level]
        for new in batch:
            new.parent_id = nearest_ancestor(new.code, ids)
        for start in range(0, len(batch), BATCH):
            model.objects.bulk_create(batch[start : start + BATCH])
        ids.update((new.code, new.id) for new in batch)
        created += len(batch)
        progress(f"Added {created} of {len(to_create)} new codes")
    for start in range(0, len(to_update), BATCH):
        model.objects.bulk_update(to_update[start : start + BATCH], ["label", "check_digit"])
        progress(f"Updated {min(start + BATCH, len(to_update))} of {len(to_update)} changed codes")
    report.created, report.updated = len(to_create), len(to_update)
    if existing and to_create:  # new codes may now sit between older codes and their parents
        link_parents(model, progress)


def link_parents(model, progress):
    """Point every code at its nearest ancestor that exists: codes added since may sit between a code and
    the parent it was given."""
    ids = dict(model.objects.values_list("code", "id"))
    changed = []
    for code in model.objects.only("id", "code", "parent_id"):
        parent_id = nearest_ancestor(code.code, ids)
        if code.parent_id != parent_id:
            code.parent_id = parent_id
            changed.append(code)
    model.objects.bulk_update(changed, ["parent"], batch_size=BATCH)
    progress(f"Linked {len(changed)} codes to their parent codes")


def import_cpv(path, progress=lambda message: None, model=None):
    """Load a CPV file into the CPVCode table. Returns an ImportReport; raises CPVFileError for bad files.

    `model` lets a data migration pass its historical model.
    """
    if model is None:
        from portal.models import CPVCode as model
    entries, rejected = parse_rows(read_rows(path))
    progress(f"Read {len(entries)} codes; {len(rejected)} rows cannot be used")
    report = ImportReport(rejected=rejected)
    save_codes(model, entries, report, progress)
    return report


SEARCH_TOKENS = re.compile(r"[\w'-]+")


def search_codes(codes, text):
    """Narrow a CPVCode queryset to what a buyer typed: words match the label, numbers the start of the code.

    "catering" finds 55520000 Catering services; "555" finds every code under 555; "school meals" needs
    both words; "55520000-1" ignores the check digit. Every word must match, in any order. Labels that
    start with the first word come first ("Catering services" before "Canteen and catering services").
    """
    from django.db.models import BooleanField, Case, Value, When

    words = []
    for token in SEARCH_TOKENS.findall(text or ""):
        digits = token.split("-")[0]
        if digits.isdigit():
            codes = codes.filter(code__startswith=digits[:8])
        else:
            codes = codes.filter(label__icontains=token)
            words.append(token)
    if words:
        starts = Case(
            When(label__istartswith=words[0], then=Value(True)), default=Value(False), output_field=BooleanField()
        )
        codes = codes.order_by(starts.desc(), "code")
    return codes
