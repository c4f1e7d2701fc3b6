"""Quarters: the period the dashboard is filtered and grouped by."""

import datetime
import re
from dataclasses import dataclass

QUARTER_PATTERN = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>\d)$")
# Years a quarter may name: wide enough for any award on record, narrow enough for dates to exist.
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __str__(self):
        return f"{self.year}-Q{self.quarter}"

    @property
    def label(self):
        """How people read it: "April to June 2025", the calendar months, not a financial year."""
        return f"{QUARTER_MONTHS[self.quarter - 1]} {self.year}"

    @property
    def start(self):
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self):
        """The last day of the quarter."""
        following = Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)
        return following.start - datetime.timedelta(days=1)

    @classmethod
    def parse(cls, text):
        """Read "2025-Q2"; raise ValueError with a message a person can act on."""
        match = QUARTER_PATTERN.match((text or "").strip().upper())
        if not match:
            raise ValueError("Choose a quarter from the list, like 2025-Q2.")
        year, quarter = int(match["year"]), int(match["quarter"])
        if not 1 <= quarter <= 4:
            raise ValueError("A year has four quarters: choose Q1, Q2, Q3 or Q4.")
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"Choose a year from {FIRST_YEAR} to {LAST_YEAR}.")
        return cls(year, quarter)

    @classmethod
    def of(cls, date):
        return cls(date.year, (date.month - 1) // 3 + 1)


QUARTER_MONTHS = ["January to March", "April to June", "July to September", "October to December"]


def quarters_between(first, last):
    """Every quarter from first to last, inclusive."""
    quarters, current = [], first
    while current <= last:
        quarters.append(current)
        current = Quarter(current.year + 1, 1) if current.quarter == 4 else Quarter(current.year, current.quarter + 1)
    return quarters
