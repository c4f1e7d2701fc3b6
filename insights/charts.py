"""Horizontal bar charts drawn as SVG on the server: readable without JavaScript, and printable.

A chart is only a picture of the table that follows it: the template gives it a title and a description
(`role="img"`), and the same figures are always shown in a data table and offered as CSV.
"""

from dataclasses import dataclass

LABEL_WIDTH = 320
BAR_AREA = 380
VALUE_WIDTH = 120
ROW_HEIGHT = 32
BAR_HEIGHT = 20
PADDING = 8


@dataclass
class Bar:
    label: str
    text: str
    y: int
    width: float

    @property
    def value_x(self):
        return LABEL_WIDTH + self.width + PADDING

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT / 2


@dataclass
class BarChart:
    slug: str
    title: str
    description: str
    bars: list

    @property
    def width(self):
        return LABEL_WIDTH + BAR_AREA + VALUE_WIDTH

    @property
    def height(self):
        return max(1, len(self.bars)) * ROW_HEIGHT + 2 * PADDING

    @property
    def bar_x(self):
        return LABEL_WIDTH

    @property
    def bar_height(self):
        return BAR_HEIGHT

    @property
    def label_x(self):
        return LABEL_WIDTH - PADDING


def shorten(label, limit=40):
    """Keep long labels inside the label column; the table below the chart has them in full."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(slug, title, description, rows, maximum=None):
    """rows: (label, number, text shown beside the bar). Bars are scaled to the largest number (or maximum)."""
    rows = list(rows)
    top = maximum if maximum is not None else max((float(number or 0) for _, number, _ in rows), default=0)
    bars = []
    for position, (label, number, text) in enumerate(rows):
        width = 0 if not top else max(0.0, float(number or 0)) * BAR_AREA / float(top)
        y = PADDING + position * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bars.append(Bar(label=shorten(label), text=text, y=y, width=round(width, 1)))
    return BarChart(slug=slug, title=title, description=description, bars=bars)
