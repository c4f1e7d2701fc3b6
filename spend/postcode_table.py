"""Builds spend/data/postcode_districts.csv and postcode_areas.csv from public postcode data.

Run by `manage.py build_postcode_table` (see spend/data/README.md for the source file and its licence);
the portal only ever reads the two small CSV files it writes, never the internet.

The source is the postcode districts file Doogal (doogal.co.uk) makes from the ONS Postcode Directory:
one row per postcode district with its centre (latitude, longitude), its number of live ("active")
postcodes and the region it lies in ("UK region": an English region, Wales, Scotland or Northern
Ireland). Each district is written with its ITL1 code; each postcode area takes the region that holds
most of its live postcodes, and a centre that is the plain mean of its districts' centres.

`check_against_nspl` compares the districts' regions with the ONS National Statistics Postcode Lookup
(NSPL) postcode by postcode, for whichever NSPL area files are given.
"""

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

DISTRICT = re.compile(r"^([A-Z]{1,2})[0-9][A-Z0-9]?$")
CROWN_DEPENDENCIES = {"GY", "JE", "IM"}  # not in the UK: no region, counted as outside the UK

REGION_NAMES = {
    "north east": "TLC",
    "north west": "TLD",
    "yorkshire and the humber": "TLE",
    "east midlands": "TLF",
    "west midlands": "TLG",
    "east of england": "TLH",
    "london": "TLI",
    "south east": "TLJ",
    "south west": "TLK",
    "wales": "TLL",
    "scotland": "TLM",
    "northern ireland": "TLN",
}

# The ONS codes of the same twelve places: English regions (GSS E12, once "Government Office Regions")
# and the three other countries (GSS W92, S92, N92), and their NUTS1 codes (ITL1 is NUTS1 with UK
# changed to TL).
GSS_CODES = {
    "E12000001": "TLC",
    "E12000002": "TLD",
    "E12000003": "TLE",
    "E12000004": "TLF",
    "E12000005": "TLG",
    "E12000006": "TLH",
    "E12000007": "TLI",
    "E12000008": "TLJ",
    "E12000009": "TLK",
    "W92000004": "TLL",
    "S92000003": "TLM",
    "N92000002": "TLN",
}


def itl1_code(value):
    """The ITL1 code for a region's name, GSS code, NUTS1 code or ITL1 code; '' if it is none of them."""
    text = (value or "").strip()
    if text.upper() in GSS_CODES:
        return GSS_CODES[text.upper()]
    if re.fullmatch(r"(UK|TL)[C-N]", text.upper()):
        return "TL" + text[-1].upper()
    return REGION_NAMES.get(re.sub(r"\s+", " ", text.lower()), "")


@dataclass
class District:
    code: str
    area: str
    itl1: str
    latitude: float
    longitude: float
    live_postcodes: int


def _number(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


def read_districts(handle):
    """The districts of a Doogal 'Postcode districts.csv': UK ones with a region, and the Crown dependencies.

    Skipped: districts with no region and no place (British Forces, the odd non-geographic district such
    as GIR), and codes that are not postcode districts.
    """
    districts = []
    for row in csv.DictReader(handle):
        code = row["Postcode"].strip().upper()
        match = DISTRICT.match(code)
        if not match or not row["Latitude"] or not row["Longitude"]:
            continue
        area = match.group(1)
        itl1 = itl1_code(row.get("UK region"))
        if not itl1 and area not in CROWN_DEPENDENCIES:
            continue
        districts.append(
            District(
                code,
                area,
                itl1,
                round(float(row["Latitude"]), 4),
                round(float(row["Longitude"]), 4),
                _number(row.get("Active postcodes")),
            )
        )
    return sorted(districts, key=_sort_key)


def _sort_key(district):
    match = re.match(r"([A-Z]+)([0-9]+)(.*)", district.code)
    return match.group(1), int(match.group(2)), match.group(3)


def areas_of(districts, names):
    """Each area's region (the one holding most of its live postcodes) and centre (mean of its districts).

    `names` gives each area's name; areas with no name are left out, so the list of areas stays the one
    the portal knows.
    """
    by_area = defaultdict(list)
    for district in districts:
        by_area[district.area].append(district)
    areas = []
    for code in sorted(by_area):
        if code not in names:
            continue
        members = by_area[code]
        live = Counter()
        for district in members:
            live[district.itl1] += district.live_postcodes
        itl1 = (
            live.most_common(1)[0][0] if sum(live.values()) else Counter(d.itl1 for d in members).most_common(1)[0][0]
        )
        placed = [d for d in members if d.live_postcodes] or members
        latitude = sum(d.latitude for d in placed) / len(placed)
        longitude = sum(d.longitude for d in placed) / len(placed)
        areas.append((code, names[code], itl1, round(latitude, 2), round(longitude, 2)))
    return areas


def write_districts(handle, districts):
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["district", "area", "itl1", "latitude", "longitude"])
    for d in districts:
        writer.writerow([d.code, d.area, d.itl1, f"{d.latitude:.4f}", f"{d.longitude:.4f}"])


def write_areas(handle, areas):
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["area", "name", "itl1", "latitude", "longitude"])
    writer.writerows(areas)


def nspl_regions(handles):
    """For each district in the NSPL files given: how many live postcodes lie in each ITL1 region."""
    counts = defaultdict(Counter)
    for handle in handles:
        for row in csv.DictReader(handle):
            if row.get("doterm"):
                continue  # terminated postcode
            district = row["pcds"].split(" ")[0]
            region = row.get("rgn", "")
            counts[district][itl1_code(region if region.startswith("E12") else row.get("ctry", ""))] += 1
    return counts


def check_against_nspl(districts, nspl_counts):
    """(districts compared, [(district, our region, NSPL's majority region, share of its postcodes)]).

    Only districts whose postcodes the NSPL files cover are compared.
    """
    ours = {d.code: d.itl1 for d in districts}
    compared, differences = 0, []
    for district, counts in sorted(nspl_counts.items()):
        if district not in ours:
            continue
        compared += 1
        region, count = counts.most_common(1)[0]
        if region != ours[district]:
            differences.append((district, ours[district], region, round(count / sum(counts.values()), 3)))
    return compared, differences
