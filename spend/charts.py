"""Pictures of the tables: horizontal bars and a map of postcode areas, drawn as SVG on the server.

A chart only repeats its table, which always follows it (with a CSV download), so it needs no
JavaScript and screen readers get its title and description, then the table.

The map has no coastline or boundaries: the project ships no map data and fetches none. Each postcode
area is a dot at its rough centre (from spend/data/postcode_areas.csv), so the dots together sketch the
UK; a circle whose area is proportional to the spend sits on each area that was paid.
"""

import math
from dataclasses import dataclass

from . import places

ROW_HEIGHT = 52
LONGEST_BAR_PERCENT = 62
LABEL_LIMIT = 34


@dataclass
class Bar:
    label: str
    text: str
    y: int
    width: float

    @property
    def label_y(self):
        return self.y + 17

    @property
    def bar_y(self):
        return self.y + 24

    @property
    def text_y(self):
        return self.y + 33

    @property
    def value_x(self):
        return round(self.width + 1.5, 1)


@dataclass
class BarChart:
    slug: str
    title: str
    description: str
    bars: list

    @property
    def height(self):
        return max(1, len(self.bars)) * ROW_HEIGHT


def bar_chart(slug, title, description, rows):
    """rows: (label, number, text beside the bar)."""
    rows = [(label, float(number or 0), text) for label, number, text in rows]
    top = max((number for _, number, _ in rows), default=0)
    bars = []
    for position, (label, number, text) in enumerate(rows):
        short = label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"
        width = 0 if top <= 0 else max(0.0, number) * LONGEST_BAR_PERCENT / top
        bars.append(Bar(short, text, position * ROW_HEIGHT, round(width, 1)))
    return BarChart(slug, title, description, bars)


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
            elif code in where.region_areas:
                place = places.REGION
            else:
                place = places.UK
            radius = max(2.5, LARGEST_CIRCLE * math.sqrt(amount / top))
            circles.append(
                Dot(code, round(x, 1), round(y, 1), round(radius, 1), PLACE_COLOURS[place], amount_text(by_area[code]))
            )
    circles.sort(key=lambda c: -c.r)  # big circles first, so small ones stay visible on top
    return {"width": MAP_WIDTH, "height": MAP_HEIGHT, "dots": dots, "circles": circles}
