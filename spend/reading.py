"""Reading a payment file: its columns, its amounts and dates, and every problem with its lines.

The file is streamed with the csv module, one line at a time, so a million lines take no more memory than
ten. Each line becomes a `Line`: the values the mapping points at, read into dates and pounds, with the
problems found on it. Whether a problem leaves the line out or only warns is decided here, once, for the
preview and the import alike.
"""

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from . import names

# Headings publishers use for each field, compared without case, spaces or punctuation. The first columns
# come from the Local Government Transparency Code's spending template; the rest from NHS and central
# government files.
SYNONYMS = {
    "date": ("date", "paymentdate", "dateofpayment", "datepaid", "paiddate", "transactiondate", "effectivedate"),
    "amount": (
        "netamount",
        "amount",
        "amountexvat",
        "amountinsterling",
        "value",
        "netvalue",
        "paymentamount",
        "totalamount",
        "amountgbp",
    ),
    "supplier": ("suppliername", "supplier", "payee", "payeename", "vendorname", "vendor", "beneficiary"),
    "transaction": ("transactionnumber", "transactionno", "transactionid", "transactionref", "invoicenumber"),
    "expense_type": ("expensetype", "expensestype", "expenditurecategory", "subjectivedescription", "expenses"),
    "service_area": ("servicearea", "serviceareacategorisation", "expensearea", "directorate", "service"),
    "description": ("description", "narrative", "purposeofexpenditure", "summaryofpurpose"),
    "company_number": ("companynumber", "suppliercompanynumber", "companyregno", "companiesregistrationnumber"),
    "charity_number": ("charitynumber", "registeredcharitynumber", "suppliercharitynumber"),
    "postcode": ("supplierpostcode", "postcode"),
    "contract": ("contractreference", "contractnumber", "contractid", "contractref"),
}

ENCODING_SAMPLE = 256 * 1024


def _squash(heading):
    return re.sub(r"[^a-z0-9]", "", heading.lower())


def guess_columns(headings):
    """{field: heading} for every field whose usual heading is in the file."""
    by_squashed = {_squash(h): h for h in headings if h}
    guessed = {}
    for name, options in SYNONYMS.items():
        heading = next((by_squashed[o] for o in options if o in by_squashed), None)
        if heading is not None and heading not in guessed.values():
            guessed[name] = heading
    return guessed


def detect_encoding(path):
    """UTF-8 (with or without a byte-order mark) when the start of the file reads as it, else Windows-1252."""
    with open(path, "rb") as handle:
        sample = handle.read(ENCODING_SAMPLE)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A sample cut through a multi-byte character is still UTF-8.
        if error.start < len(sample) - 3:
            return "cp1252"
    return "utf-8-sig"


def open_text(path):
    return open(path, encoding=detect_encoding(path), errors="replace", newline="")  # noqa: SIM115


def read_headings(path):
    """The file's column headings, stripped; empty if the file has none."""
    with open_text(path) as handle:
        first = next(csv.reader(handle), [])
    return [heading.strip() for heading in first]


_MONEY_JUNK = re.compile(r"[£,\s]|GBP", re.IGNORECASE)


def parse_amount(text):
    """'£1,234.50', '(250.00)', '250.00 CR' and '-250' read as pounds; anything else is None."""
    raw = (text or "").strip()
    if not raw:
        return None
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        raw, negative = raw[1:-1], True
    upper = raw.upper()
    if upper.endswith("CR"):
        raw, negative = raw[:-2], True
    elif upper.endswith("DR"):
        raw = raw[:-2]
    raw = _MONEY_JUNK.sub("", raw)
    if raw.startswith("-£"):
        raw = "-" + raw[2:]
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", raw):
        return None
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        return None
    return -amount if negative else amount


MONTHS = {
    m: i
    for i, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)
}
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T].*)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORDS = re.compile(r"^(\d{1,2})[\s\-/]([A-Za-z]{3})[A-Za-z]*[\s\-/](\d{2}|\d{4})$")


def parse_date(text):
    """UK dates as publishers write them: 03/11/2025, 3-11-25, 2025-11-03, 03-Nov-2025, 3 November 2025."""
    raw = (text or "").strip()
    try:
        if match := _ISO.match(raw):
            year, month, day = (int(g) for g in match.groups())
        elif match := _DAY_FIRST.match(raw):
            day, month, year = (int(g) for g in match.groups())
        elif (match := _WORDS.match(raw)) and match.group(2).upper() in MONTHS:
            day, month, year = int(match.group(1)), MONTHS[match.group(2).upper()], int(match.group(3))
        else:
            return None
        if year < 100:
            year += 2000
        return datetime.date(year, month, day)
    except ValueError:
        return None


# Problems. A line with a LEAVE_OUT problem is not imported; the others are imported and reported.
AMOUNT, DATE, SHORT, DUPLICATE = "amount", "date", "short", "duplicate"
REDACTED, CREDIT, OUTSIDE_YEAR = "redacted", "credit", "outside_year"
LEAVE_OUT = frozenset({AMOUNT, DATE, SHORT, DUPLICATE})
PROBLEM_TITLES = {
    SHORT: "Lines with missing columns (left out)",
    AMOUNT: "Amounts we cannot read (left out)",
    DATE: "Dates we cannot read (left out)",
    DUPLICATE: "Lines already imported from another file (left out)",
    REDACTED: "Blank or withheld supplier names (imported as 'Supplier not named')",
    CREDIT: "Credit notes and negative amounts (imported: they reduce the spend)",
    OUTSIDE_YEAR: "Dates outside the financial year (imported into the year you chose)",
}


@dataclass
class Line:
    number: int
    values: dict
    date: datetime.date | None = None
    amount: Decimal | None = None
    problems: list = field(default_factory=list)  # (kind, message)
    content_hash: str = ""
    redacted: bool = False

    @property
    def left_out(self):
        return any(kind in LEAVE_OUT for kind, _ in self.problems)


def _shown(text, limit=40):
    text = text.strip()
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def check_line(line, year):
    """Read the line's date and amount and note every problem with it."""
    values = line.values
    line.amount = parse_amount(values.get("amount", ""))
    if line.amount is None:
        raw = values.get("amount", "")
        line.problems.append(
            (AMOUNT, f"the amount {_shown(raw)} is not a number of pounds" if raw.strip() else "the amount is blank")
        )
    elif line.amount < 0:
        line.problems.append((CREDIT, f"a credit note or refund of £{-line.amount:,.2f}"))
    line.date = parse_date(values.get("date", ""))
    if line.date is None:
        raw = values.get("date", "")
        line.problems.append(
            (DATE, f"the date {_shown(raw)} is not a date like 31/03/2025" if raw.strip() else "the date is blank")
        )
    elif year is not None and not (datetime.date(year, 4, 1) <= line.date <= datetime.date(year + 1, 3, 31)):
        line.problems.append((OUTSIDE_YEAR, f"{line.date:%-d %B %Y} is outside {year} to {year + 1}"))
    supplier = values.get("supplier", "")
    if names.is_redacted(supplier):
        line.redacted = True
        line.problems.append(
            (REDACTED, "the supplier name is blank" if not supplier.strip() else f"the supplier is {_shown(supplier)}")
        )
    return line


def content_hash(values):
    """The same payment gives the same fingerprint in any file: its mapped values, tidied. Two identical
    lines in one file are two payments; the import tells them apart by their order (see spend.importer)."""
    text = "\x1f".join([" ".join(values.get(name, "").split()) for name in FINGERPRINT_FIELDS]).upper()
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


FINGERPRINT_FIELDS = ("date", "amount", "supplier", "transaction", "expense_type", "service_area", "description")


def count_lines(path):
    """Rough number of lines, from the byte count, for a progress bar that does not read the file twice."""
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def read_lines(path, columns, year, progress=None):
    """Every line of the file as a checked `Line`, streamed. `columns` maps field names to headings."""
    with open_text(path) as handle:
        reader = csv.reader(handle)
        headings = [h.strip() for h in next(reader, [])]
        positions = {name: headings.index(heading) for name, heading in columns.items() if heading in headings}
        width = len(headings)
        for number, row in enumerate(reader, start=2):
            if not "".join(row).strip():
                continue
            values = {name: (row[i] if i < len(row) else "") for name, i in positions.items()}
            line = Line(number=number, values=values)
            if len(row) < width and any(i >= len(row) for i in positions.values()):
                line.problems.append((SHORT, f"it has {len(row)} values but the file has {width} columns"))
            else:
                check_line(line, year)
            line.content_hash = content_hash(values)
            if progress is not None and number % 10_000 == 0:
                progress(number)
            yield line


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def text_sample(path, lines=6):
    """The first few lines, to show the analyst what the columns hold while matching them."""
    with open_text(path) as handle:
        return list(csv.reader(io.StringIO("".join(handle.readline() for _ in range(lines)))))
