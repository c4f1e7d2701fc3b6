"""Dates, times and money read the GOV.UK way on every page that shows them."""

import datetime
from decimal import Decimal

import pytest

from portal.formatting import gbp, uk_datetime, uk_time


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        (datetime.datetime(2031, 1, 3, 17, 30), "5:30pm"),
        (datetime.datetime(2031, 7, 3, 8, 0), "9am"),  # British Summer Time
        (datetime.datetime(2031, 7, 3, 11, 0), "midday"),
        (datetime.datetime(2031, 1, 3, 0, 0), "midnight"),
        (datetime.datetime(2031, 1, 3, 0, 5), "12:05am"),
    ],
)
def test_times_read_the_gov_uk_way(utc, expected):
    assert uk_time(utc.replace(tzinfo=datetime.UTC)) == expected


def test_a_deadline_reads_as_a_day_and_a_time():
    moment = datetime.datetime(2026, 12, 16, 12, 0, tzinfo=datetime.UTC)
    assert uk_datetime(moment) == "Wednesday 16 December 2026 at midday"


def test_money_groups_thousands_and_shows_pence_only_when_there_are_some():
    assert gbp(Decimal("1234567.00")) == "£1,234,567"
    assert gbp(Decimal("1234.50")) == "£1,234.50"
    assert gbp(900) == "£900"
    assert gbp("40000.5") == "£40,000.50"
    assert gbp(None) == ""
