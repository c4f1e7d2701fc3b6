"""Reading amounts, dates, headings and supplier names as publishers write them."""

import datetime
from decimal import Decimal

import pytest

from spend import names, reading


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1,250.00", Decimal("1250.00")),
        ("£4,878.20", Decimal("4878.20")),
        ("-250.00", Decimal("-250.00")),
        ("(120.00)", Decimal("-120.00")),
        ("300.00 CR", Decimal("-300.00")),
        ("-£75.50", Decimal("-75.50")),
        (" 640 ", Decimal("640")),
    ],
)
def test_amounts_read_as_publishers_write_them(text, amount):
    assert reading.parse_amount(text) == amount


@pytest.mark.parametrize("text", ["1,2O0.00", "", "n/a", "12.345", "£"])
def test_unreadable_amounts_are_none(text):
    assert reading.parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("03/04/2024", datetime.date(2024, 4, 3)),
        ("3/4/24", datetime.date(2024, 4, 3)),
        ("2024-04-03", datetime.date(2024, 4, 3)),
        ("2024-04-03T00:00:00", datetime.date(2024, 4, 3)),
        ("03-Apr-2024", datetime.date(2024, 4, 3)),
        ("3 April 2024", datetime.date(2024, 4, 3)),
        ("03.04.2024", datetime.date(2024, 4, 3)),
    ],
)
def test_dates_read_day_first(text, date):
    assert reading.parse_date(text) == date


@pytest.mark.parametrize("text", ["31/02/2024", "", "April 2024", "2024/13/01", "13-Foo-2024"])
def test_unreadable_dates_are_none(text):
    assert reading.parse_date(text) is None


def test_headings_of_the_transparency_code_template_are_recognised():
    headings = [
        "Body Name",
        "Body",
        "Date",
        "Transaction Number",
        "Net Amount",
        "Supplier Name",
        "Expense Type",
        "Service Area",
    ]
    assert reading.guess_columns(headings) == {
        "date": "Date",
        "amount": "Net Amount",
        "supplier": "Supplier Name",
        "transaction": "Transaction Number",
        "expense_type": "Expense Type",
        "service_area": "Service Area",
    }


def test_central_government_headings_are_recognised():
    headings = "Department Family,Entity,Date,Expense Type,Expense Area,Supplier,Transaction Number,Amount,Description"
    guessed = reading.guess_columns(headings.split(","))
    assert guessed["supplier"] == "Supplier"
    assert guessed["amount"] == "Amount"
    assert guessed["service_area"] == "Expense Area"


@pytest.mark.parametrize("name", ["ACME LTD", "Acme Limited", "Acme Ltd.", "The Acme Ltd", "acme  plc", "ACME LIMITED"])
def test_spellings_of_one_company_share_a_key(name):
    assert names.normalise(name) == "ACME"


def test_words_that_may_tell_businesses_apart_are_kept():
    assert names.normalise("Acme Services Ltd") == "ACME SERVICES"
    assert names.normalise("Smith & Sons Ltd") == names.normalise("Smith and Sons Limited") == "SMITH AND SONS"


@pytest.mark.parametrize("name", ["", "  ", "REDACTED", "Redacted - personal data", "*****", "Name withheld", "XXXX"])
def test_withheld_names_are_recognised(name):
    assert names.is_redacted(name)


def test_real_names_are_not_taken_for_withheld_ones():
    assert not names.is_redacted("Xerox Ltd")
    assert not names.is_redacted("Acme Ltd")


def test_company_numbers_are_padded_as_registered():
    assert names.company_number("4567123") == "04567123"
    assert names.company_number("SC 12345") == "SC012345"
    assert names.company_number("not a number") == ""
