"""Filling in what payment files do not say about suppliers, from files the analyst downloads.

- The Companies House "free company data product" (BasicCompanyData-*.csv): registered postcode, SIC codes,
  status, company category, accounts category.
- The charity registers' extracts: the Charity Commission's register extract (publicextract.charity.txt,
  tab-separated) and OSCR's Scottish register (CSV).
- Awards in the portal, which record the supplier's size and kind as the buyer entered them.

Everything is read offline and streamed, so a full Companies House file (millions of rows) needs no more
memory than the suppliers being matched. A supplier is matched by its company or charity number where it
has one, otherwise by its normalised name when exactly one register row has that name. What an analyst
typed in is never overwritten: enrichment only fills blanks.

Size comes only from evidence: a size declared in an award, or the Companies House accounts category
(micro-entity or small-company accounts). Anything else stays unknown; it is never guessed as large.
"""

import csv
from dataclasses import dataclass

from django.db import transaction

from . import names
from .models import Supplier
from .places import split_postcode, tidy_postcode
from .reading import open_text
from .sectors import section_for_sic

UK_COUNTRIES = {"", "UNITED KINGDOM", "ENGLAND", "WALES", "SCOTLAND", "NORTHERN IRELAND", "GREAT BRITAIN", "UK"}
CATEGORY_KINDS = {
    "community interest company": "social_enterprise",
    "registered society": "coop",
    "industrial and provident society": "coop",
    "charitable incorporated organisation": "vcse",
    "scottish charitable incorporated organisation": "vcse",
}
ACCOUNTS_SIZES = {"MICRO ENTITY": "micro", "SMALL": "small", "TOTAL EXEMPTION SMALL": "small"}


def _save_quietly(supplier):
    """Save without the per-supplier refresh (spend.signals): enrichment refreshes once at the end."""
    supplier._enriching = True
    supplier.save()


@dataclass
class EnrichReport:
    rows_read: int = 0
    matched: int = 0
    by_number: int = 0
    by_name: int = 0


def _columns(path):
    """A csv reader over the file with headings stripped (Companies House pads some with a space)."""
    handle = open_text(path)
    first = handle.readline()
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    headings = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    return handle, csv.DictReader(handle, fieldnames=headings, delimiter=delimiter)


def _register_rows(path, report, progress):
    """Each row of a register file, counted in the report; progress(rows read) every 100,000 rows."""
    handle, rows = _columns(path)
    with handle:
        for row in rows:
            report.rows_read += 1
            if progress is not None and report.rows_read % 100_000 == 0:
                progress(report.rows_read)
            yield row


def _pick(row, *options):
    for option in options:
        value = row.get(option)
        if value:
            return value.strip()
    return ""


def _unnumbered_by_key(number_field):
    """Suppliers without a number of this kind, by name key (only keys that one supplier has)."""
    suppliers = Supplier.objects.filter(**{number_field: ""}, merged_into=None, redacted=False)
    return dict(suppliers.values_list("key", "pk"))


def _match(report, row_number, row_name, numbered, by_key, ambiguous, seen_keys):
    """The supplier this register row is, or None."""
    if row_number and row_number in numbered:
        report.by_number += 1
        return numbered[row_number]
    key = names.normalise(row_name)
    if key in by_key:
        if key in seen_keys:
            ambiguous.add(key)
            return None
        seen_keys.add(key)
        report.by_name += 1
        return by_key[key]
    return None


@transaction.atomic
def from_companies_house(path, progress=None):
    report = EnrichReport()
    numbered = dict(Supplier.objects.exclude(company_number="").values_list("company_number", "pk"))
    by_key = _unnumbered_by_key("company_number")
    found, ambiguous, seen_keys = {}, set(), set()
    for row in _register_rows(path, report, progress):
        number = names.company_number(_pick(row, "CompanyNumber"))
        supplier_id = _match(report, number, _pick(row, "CompanyName"), numbered, by_key, ambiguous, seen_keys)
        if supplier_id is not None:
            found[supplier_id] = (number, row)
    for supplier in Supplier.objects.filter(pk__in=found):
        number, row = found[supplier.pk]
        if not supplier.company_number and names.normalise(_pick(row, "CompanyName")) in ambiguous:
            continue
        _apply_company(supplier, number, row)
        report.matched += 1
    return report


def _apply_company(supplier, number, row):
    supplier.company_number = supplier.company_number or number
    postcode = _pick(row, "RegAddress.PostCode")
    country = _pick(row, "RegAddress.Country", "CountryOfOrigin").upper()
    if not supplier.postcode and split_postcode(postcode)[0]:
        supplier.postcode = tidy_postcode(postcode)
        supplier.district, supplier.area = split_postcode(postcode)
    elif not supplier.postcode and country not in UK_COUNTRIES:
        supplier.outside_uk = True
    sic = [_pick(row, f"SICCode.SicText_{n}")[:5] for n in range(1, 5)]
    sic = [code for code in sic if code[:2].isdigit()]
    if sic and not supplier.sic_codes:
        supplier.sic_codes = ", ".join(sic)
        supplier.sector = section_for_sic(sic[0])
    supplier.status = _pick(row, "CompanyStatus")[:60] or supplier.status
    kind = CATEGORY_KINDS.get(_pick(row, "CompanyCategory").lower(), "private")
    if not supplier.kind:
        supplier.kind, supplier.kind_source = kind, "Companies House company category"
    size = ACCOUNTS_SIZES.get(_pick(row, "Accounts.AccountCategory").upper())
    if size and not supplier.size:
        supplier.size, supplier.size_source = size, "Companies House accounts category"
    _save_quietly(supplier)


@transaction.atomic
def from_charity_register(path, progress=None):
    report = EnrichReport()
    numbered = dict(Supplier.objects.exclude(charity_number="").values_list("charity_number", "pk"))
    by_key = _unnumbered_by_key("charity_number")
    found, ambiguous, seen_keys = {}, set(), set()
    for row in _register_rows(path, report, progress):
        number = names.charity_number(_pick(row, "registered_charity_number", "Charity Number"))
        if _pick(row, "linked_charity_number") not in ("", "0"):
            continue  # a linked subsidiary charity: the main charity's row is the one payments name
        name = _pick(row, "charity_name", "Charity Name")
        supplier_id = _match(report, number, name, numbered, by_key, ambiguous, seen_keys)
        if supplier_id is not None:
            found[supplier_id] = (number, row)
    for supplier in Supplier.objects.filter(pk__in=found):
        number, row = found[supplier.pk]
        if not supplier.charity_number and names.normalise(_pick(row, "charity_name", "Charity Name")) in ambiguous:
            continue
        supplier.charity_number = supplier.charity_number or number
        postcode = _pick(row, "charity_contact_postcode", "Postcode")
        if not supplier.postcode and split_postcode(postcode)[0]:
            supplier.postcode = tidy_postcode(postcode)
            supplier.district, supplier.area = split_postcode(postcode)
        supplier.status = _pick(row, "charity_registration_status", "Charity Status")[:60] or supplier.status
        if not supplier.kind or supplier.kind == "private":
            supplier.kind, supplier.kind_source = "vcse", "Charity register"
        _save_quietly(supplier)
        report.matched += 1
    return report


def from_awards():
    """Size and kind from the portal's awards, where the supplier's number or name matches. Returns how many."""
    from opportunities.models import Award

    suppliers = Supplier.objects.filter(merged_into=None, redacted=False)
    by_number = dict(suppliers.exclude(company_number="").values_list("company_number", "pk"))
    by_charity = dict(suppliers.exclude(charity_number="").values_list("charity_number", "pk"))
    by_key = dict(suppliers.values_list("key", "pk"))
    updates = {}
    for name, number, size, kind, postcode in Award.objects.order_by("award_date", "pk").values_list(
        "supplier_name", "supplier_number", "supplier_size", "supplier_type", "supplier_postcode"
    ):
        pk = (
            by_number.get(names.company_number(number))
            or by_charity.get(number.strip())
            or by_key.get(names.normalise(name))
        )
        if pk:
            updates[pk] = (size, kind, postcode)  # the latest award wins
    changed = 0
    for supplier in Supplier.objects.filter(pk__in=updates):
        size, kind, postcode = updates[supplier.pk]
        dirty = False
        if size and not supplier.size:
            supplier.size, supplier.size_source, dirty = size, "Declared in a contract award", True
        if kind and not supplier.kind:
            supplier.kind, supplier.kind_source, dirty = kind, "Declared in a contract award", True
        if postcode and not supplier.postcode and split_postcode(postcode)[0]:
            supplier.postcode = tidy_postcode(postcode)
            supplier.district, supplier.area = split_postcode(postcode)
            dirty = True
        if dirty:
            _save_quietly(supplier)
            changed += 1
    return changed
