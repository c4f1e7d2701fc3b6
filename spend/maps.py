"""A map of spend by postcode area, drawn as SVG on the server (the bar charts are portal.reporting's).

The map only repeats its table, which always follows it (with a CSV download), so it needs no
JavaScript and screen readers get its title and description, then the table.

The map has no coastline or boundaries: the project ships no map data and fetches none. Each postcode
area is a dot at its centre (the mean of its districts' centres, from spend/data/postcode_areas.csv), so
the dots together sketch the UK; a circle whose area is proportional to the spend sits on each area that
was paid, coloured by the region most of the area's postcodes are in.
"""

import math
from dataclasses import dataclass

from . import places


@dataclass
class Dot:
    code: str
    x: float
    y: float
    r: float
    colour: str
    label: str


MAP_WIDTH, MAP_HEIGHT, MARGIN = 320, 520, 12
LARGEST_CIRCLE = 26
PLACE_COLOURS = {places.LOCAL: "#0b0c0c", places.REGION: "#1d70b8", places.UK: "#6f72af", places.ABROAD: "#6f72af"}


def _project(latitude, longitude):
    """A plain equirectangular projection squeezed by the cosine of the UK's middle latitude."""
    west, east, south, north = -8.2, 1.8, 49.1, 60.9
    scale_x = math.cos(math.radians(55))
    width = (east - west) * scale_x
    height = north - south
    factor = min((MAP_WIDTH - 2 * MARGIN) / width, (MAP_HEIGHT - 2 * MARGIN) / height)
    return MARGIN + (longitude - west) * scale_x * factor, MARGIN + (north - latitude) * factor


def area_map(by_area, where, amount_text):
    """Background dots for every area, and spend circles for the areas paid."""
    local_areas = {places.split_postcode(district)[1] for district in where.local_districts} - {""}
    top = max((float(v) for v in by_area.values()), default=0)
    dots, circles = [], []
    for code, area in sorted(places.postcode_areas().items()):
        x, y = _project(area.latitude, area.longitude)
        dots.append(Dot(code, round(x, 1), round(y, 1), 1.6, "#b1b4b6", area.name))
        amount = float(by_area.get(code) or 0)
        if amount > 0 and top > 0:
            if code in local_areas:
                place = places.LOCAL
            elif code in where.region.areas:
                place = places.REGION
            else:
                place = places.UK
            radius = max(2.5, LARGEST_CIRCLE * math.sqrt(amount / top))
            circles.append(
                Dot(code, round(x, 1), round(y, 1), round(radius, 1), PLACE_COLOURS[place], amount_text(by_area[code]))
            )
    circles.sort(key=lambda c: -c.r)  # big circles first, so small ones stay visible on top
    return {"width": MAP_WIDTH, "height": MAP_HEIGHT, "dots": dots, "circles": circles}
