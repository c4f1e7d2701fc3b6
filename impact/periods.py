"""Reporting periods for delivery returns, and financial years for the supplier survey.

A plan's periods run back to back from its start, each `months_per_period` long (three: quarterly), the
last one cut short at the plan's end. A return is due `days_to_report` days after its period ends.
"""

import datetime
from dataclasses import dataclass


def add_months(day, months):
    """The same day of the month `months` later (the 1st stays the 1st; the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # the last day of the period
    due: datetime.date

    @property
    def label(self):
        """ "1 April to 30 June 2026", or with both years when it spans two."""
        if self.start.year == self.end.year:
            return f"{self.start:%-d %B} to {self.end:%-d %B %Y}"
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    def has_ended(self, today):
        return today > self.end


def periods(plan):
    """Every reporting period of a delivery plan, first to last."""
    result = []
    start, step = plan.starts_on, 0
    while start <= plan.ends_on:
        step += 1
        following = add_months(plan.starts_on, plan.months_per_period * step)
        end = min(following - datetime.timedelta(days=1), plan.ends_on)
        result.append(Period(start, end, end + datetime.timedelta(days=plan.days_to_report)))
        start = following
    return result


def period_starting(plan, start):
    """The plan's period that starts on `start`, or None."""
    return next((period for period in periods(plan) if period.start == start), None)


def financial_year_of(day):
    """The year a UK financial year starts in (April to March): 15 March 2027 is in 2026/27, so 2026."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_bounds(year):
    """First and last day of the financial year starting in April of `year`."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def financial_year_label(year):
    return f"{year}/{(year + 1) % 100:02d}"
