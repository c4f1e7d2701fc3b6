"""Where a supplier is: postcode parts, the shipped postcode-area-to-region table, and the four places.

A payment is local when its supplier's postcode district is one of the partnership's (the local area in
the portal's settings); regional when the supplier's postcode area lies in the partnership's ITL1 region;
elsewhere in the UK for any other UK postcode; outside the UK when the supplier is registered abroad (or
in the Channel Islands or the Isle of Man). Without a postcode the place stays unknown.
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


@cache
def postcode_areas():
    with (DATA / "postcode_areas.csv").open(encoding="utf-8") as handle:
        return {
            row["area"]: PostcodeArea(
                row["area"], row["name"], row["itl1"], float(row["latitude"]), float(row["longitude"])
            )
            for row in csv.DictReader(handle)
        }


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


def region_areas(local_districts):
    """The postcode areas of the partnership's region: the ITL1 region most of its local districts are in."""
    areas = postcode_areas()
    regions = Counter(
        areas[m.group(1)].itl1 for d in local_districts if (m := DISTRICT.match(d)) and m.group(1) in areas
    )
    if not regions:
        return frozenset(), ""
    region = regions.most_common(1)[0][0]
    return frozenset(code for code, area in areas.items() if area.itl1 == region), region


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
