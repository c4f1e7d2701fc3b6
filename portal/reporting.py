"""Pages of figures: a table that is the single source for its chart, its HTML table and its CSV download.

A chart is only a picture of the table that follows it: horizontal bars drawn as SVG on the server, readable
without JavaScript and printable. The template (components/bar_chart.html) gives it a title and a description
(`role="img"`), and the same figures are always shown in the table (components/data_table.html) and offered
as CSV.

The SVG has no viewBox: its text stays at the page's own size on a phone instead of shrinking with the
drawing, and the bars are sized in percentages of whatever width there is. Each label sits on its own
line above its bar, so a long label never squeezes the bars.
"""

from dataclasses import dataclass, field

ROW_HEIGHT = 52
LABEL_BASELINE = 17
BAR_TOP = 24
BAR_HEIGHT = 18
# The longest bar takes this share of the width, leaving room for its figure (say "£14,766,330") beside it.
LONGEST_BAR_PERCENT = 62
GAP_PERCENT = 1.5
# About what fits on one line of a 320-pixel-wide screen; the table below the chart has labels in full.
LABEL_LIMIT = 34


@dataclass
class Table:
    slug: str
    caption: str
    headers: list
    rows: list = field(default_factory=list)  # what people read
    data: list = field(default_factory=list)  # the same figures, unformatted, for CSV
    numeric: set = field(default_factory=set)  # which columns hold numbers (aligned right)

    def add(self, shown, raw):
        self.rows.append(shown)
        self.data.append(raw)


@dataclass
class Bar:
    label: str
    text: str
    y: int
    width: float  # percent of the chart's width

    @property
    def label_y(self):
        return self.y + LABEL_BASELINE

    @property
    def bar_y(self):
        return self.y + BAR_TOP

    @property
    def text_y(self):
        return self.bar_y + BAR_HEIGHT / 2

    @property
    def value_x(self):
        return round(self.width + GAP_PERCENT, 1)


@dataclass
class BarChart:
    slug: str
    title: str
    description: str
    bars: list
    bar_height: int = BAR_HEIGHT

    @property
    def height(self):
        return max(1, len(self.bars)) * ROW_HEIGHT


def shorten(label, limit=LABEL_LIMIT):
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(slug, title, description, rows, maximum=None):
    """rows: (label, number, text shown beside the bar). Bars are scaled to the largest number (or maximum)."""
    rows = [(label, float(number or 0), text) for label, number, text in rows]
    top = float(maximum) if maximum is not None else max((number for _, number, _ in rows), default=0)
    bars = []
    for position, (label, number, text) in enumerate(rows):
        width = 0 if top <= 0 else max(0.0, number) * LONGEST_BAR_PERCENT / top
        bars.append(Bar(label=shorten(label), text=text, y=position * ROW_HEIGHT, width=round(width, 1)))
    return BarChart(slug=slug, title=title, description=description, bars=bars)
