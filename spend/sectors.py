"""Sectors: the sections of SIC 2007, reached from a company's SIC codes or a contract's CPV code."""

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
UNKNOWN_SECTOR = ""
UNKNOWN_LABEL = "Sector not known"


@cache
def sections():
    """{'A': 'Agriculture, forestry and fishing', …} in order."""
    with (DATA / "sic_sections.csv").open(encoding="utf-8") as handle:
        return {row["section"]: row["name"] for row in csv.DictReader(handle)}


@cache
def _division_ranges():
    with (DATA / "sic_sections.csv").open(encoding="utf-8") as handle:
        return [(int(r["first_division"]), int(r["last_division"]), r["section"]) for r in csv.DictReader(handle)]


@cache
def _cpv_sections():
    with (DATA / "cpv_sections.csv").open(encoding="utf-8") as handle:
        return {row["division"]: row["section"] for row in csv.DictReader(handle)}


def section_for_sic(code):
    """'81210' or '81210 - General cleaning of buildings' -> 'N'. Blank when unreadable."""
    digits = (code or "").strip()[:5]
    if len(digits) < 2 or not digits[:2].isdigit():
        return UNKNOWN_SECTOR
    division = int(digits[:2])
    return next((section for first, last, section in _division_ranges() if first <= division <= last), "")


def section_for_cpv(code):
    """'90910000' -> 'E', by the CPV division (first two digits)."""
    return _cpv_sections().get((code or "")[:2], UNKNOWN_SECTOR)


def label(section):
    return sections().get(section, UNKNOWN_LABEL) if section else UNKNOWN_LABEL
