"""Where a supplier is: postcode parts, the shipped postcode tables, and the four places.

A payment is local when its supplier's postcode district is one of the partnership's (the local area in
the portal's settings); regional when the supplier's postcode district lies in the partnership's ITL1
region; elsewhere in the UK for any other UK postcode; outside the UK when the supplier is registered
abroad (or in the Channel Islands or the Isle of Man). Without a postcode the place stays unknown.

The tables (spend/data/postcode_districts.csv and postcode_areas.csv) are built from ONS postcode data
by `manage.py build_postcode_table`; spend/data/README.md says where from. A district missing from the
table (a new one, say) takes the region of its postcode area.
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
POSTCODE = re.compile(r"^([A-Z]{1,2})([0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})?$")
DISTRICT = re.compile(r"^([A-Z]{1,2})[0-9][A-Z0-9]?$")

LOCAL, REGION, UK, ABROAD, UNKNOWN = "local", "region", "uk", "abroad", "unknown"
PLACE_LABELS = {
    LOCAL: "Local area",
    REGION: "Rest of the region",
    UK: "Elsewhere in the UK",
    ABROAD: "Outside the UK",
    UNKNOWN: "Place not known",
}
PLACES = tuple(PLACE_LABELS)


@dataclass(frozen=True)
class PostcodeArea:
    code: str
    name: str
    itl1: str
    latitude: float
    longitude: float


def read_table(file_name, key, make):
    """{row[key]: make(row)} for every row of a CSV file shipped in spend/data."""
    with (DATA / file_name).open(encoding="utf-8") as handle:
        return {row[key]: make(row) for row in csv.DictReader(handle)}


@cache
def postcode_areas():
    return read_table(
        "postcode_areas.csv",
        "area",
        lambda row: PostcodeArea(
            row["area"], row["name"], row["itl1"], float(row["latitude"]), float(row["longitude"])
        ),
    )


@dataclass(frozen=True)
class PostcodeDistrict:
    code: str
    area: str
    itl1: str
    latitude: float
    longitude: float


@cache
def postcode_districts():
    return read_table(
        "postcode_districts.csv",
        "district",
        lambda row: PostcodeDistrict(
            row["district"], row["area"], row["itl1"], float(row["latitude"]), float(row["longitude"])
        ),
    )


def district_region(district):
    """The ITL1 code of a district ('CH5' -> 'TLL'), from its area if the table lacks it; '' if unknown."""
    known = postcode_districts().get(district)
    if known:
        return known.itl1
    match = DISTRICT.match(district or "")
    area = postcode_areas().get(match.group(1)) if match else None
    return area.itl1 if area else ""


def split_postcode(value):
    """(district, area) of a full postcode or a district: 'pr1 2ab' -> ('PR1', 'PR'). Blanks if unreadable."""
    text = re.sub(r"\s+", " ", (value or "").strip().upper())
    match = POSTCODE.match(text)
    if not match or match.group(1) not in postcode_areas():
        return "", ""
    return match.group(1) + match.group(2), match.group(1)


def tidy_postcode(value):
    district, _ = split_postcode(value)
    if not district:
        return ""
    text = re.sub(r"\s+", "", value.upper())
    return f"{text[:-3]} {text[-3:]}" if len(text) > len(district) else district


@dataclass(frozen=True)
class Region:
    """The partnership's region, in the terms a query needs.

    A district is in the region when its area is one of `areas` (the areas most of whose postcodes are in
    the region) and it is not one of `left_out` (their districts that lie in another region), or when it
    is one of `added` (the region's districts in areas mostly elsewhere). Districts the table lacks go
    with their area.
    """

    code: str = ""
    areas: frozenset = frozenset()
    left_out: frozenset = frozenset()
    added: frozenset = frozenset()


def region_of(local_districts):
    """The ITL1 region most of the partnership's local districts are in, as a Region."""
    regions = Counter(region for d in local_districts if (region := district_region(d)))
    if not regions:
        return Region()
    code = regions.most_common(1)[0][0]
    areas = frozenset(area for area, place in postcode_areas().items() if place.itl1 == code)
    districts = postcode_districts().values()
    return Region(
        code,
        areas,
        left_out=frozenset(d.code for d in districts if d.area in areas and d.itl1 != code),
        added=frozenset(d.code for d in districts if d.area not in areas and d.itl1 == code),
    )


def abroad_areas():
    return frozenset(code for code, area in postcode_areas().items() if not area.itl1)


ITL1_NAMES = {
    "TLC": "North East",
    "TLD": "North West",
    "TLE": "Yorkshire and The Humber",
    "TLF": "East Midlands",
    "TLG": "West Midlands",
    "TLH": "East of England",
    "TLI": "London",
    "TLJ": "South East",
    "TLK": "South West",
    "TLL": "Wales",
    "TLM": "Scotland",
    "TLN": "Northern Ireland",
}
