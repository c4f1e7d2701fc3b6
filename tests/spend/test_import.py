"""Importing payment files: the preview shows every problem, the import keeps only what it should."""

from decimal import Decimal

import pytest

from spend.importer import ImportRefused, import_payments, preview
from spend.models import ColumnMapping, Payment, PaymentFile, SpendSummary, Supplier
from tests.spend.conftest import DATA, import_text, preview_text, upload

pytestmark = pytest.mark.django_db

HEADER = "Date,Net Amount,Supplier Name,Transaction Number,Expense Type\n"


def test_preview_reports_every_kind_of_problem_and_saves_nothing(organisation, lga_file):
    report = preview_text(organisation, 2024, lga_file)
    kinds = {kind: problem.count for kind, problem in report.problems.items()}
    assert kinds == {"amount": 1, "date": 1, "redacted": 2, "credit": 2, "outside_year": 1}
    messages = {kind: problem.examples[0] for kind, problem in report.problems.items()}
    assert messages["amount"] == (7, "the amount “1,2O0.00” is not a number of pounds")
    assert messages["date"] == (8, "the date “31/02/2024” is not a date like 31/03/2025")
    assert messages["redacted"] == (9, "the supplier is “REDACTED - PERSONAL DATA”")
    assert report.problems["redacted"].examples[1] == (10, "the supplier name is blank")
    assert messages["credit"] == (6, "a credit note or refund of £250.00")
    assert messages["outside_year"] == (15, "21 May 2023 is outside 2024 to 2025")
    assert (report.lines_read, report.lines_imported, report.lines_left_out) == (14, 12, 2)
    assert not Payment.objects.exists()
    assert not Supplier.objects.exists()


def test_import_keeps_good_lines_and_credit_notes_and_joins_spellings(organisation, lga_file):
    report = import_text(organisation, 2024, lga_file)
    assert report.lines_imported == 12
    # 1250 + 2000 + 750 + 12400.50 - 250 + 640 + 510 + 45000 + 30000 + 5000 - 120 + 600
    assert report.total == Decimal("97780.50")
    assert Payment.objects.count() == 12
    acme = Supplier.objects.get(key="ACME")
    assert acme.payments.count() == 4
    assert sorted(acme.names.values_list("key", flat=True)) == ["ACME"]
    assert Supplier.objects.get(redacted=True).payments.count() == 2
    assert SpendSummary.objects.filter(anchor=organisation, year=2024).count() > 0
    payment_file = PaymentFile.objects.get()
    assert (payment_file.status, payment_file.lines_imported, payment_file.lines_left_out) == ("imported", 12, 2)


def test_importing_the_same_file_again_changes_nothing(organisation, lga_file):
    import_text(organisation, 2024, lga_file)
    with pytest.raises(ImportRefused, match="already imported"):
        import_text(organisation, 2024, lga_file)
    assert Payment.objects.count() == 12


def test_lines_already_imported_from_another_file_are_left_out_and_named(organisation):
    first = HEADER + "01/05/2024,100.00,Acme Ltd,T1,Repairs\n01/05/2024,200.00,Acme Ltd,T2,Repairs\n"
    import_text(organisation, 2024, first, name="april.csv")
    overlapping = HEADER + "01/05/2024,200.00,ACME LTD,T2,Repairs\n02/05/2024,300.00,Acme Ltd,T3,Repairs\n"
    report = preview_text(organisation, 2024, overlapping, name="quarter.csv")
    assert report.problems["duplicate"].examples == [(2, "the same payment is already in “april.csv”")]
    report = import_text(organisation, 2024, overlapping, name="quarter.csv")
    assert (report.lines_imported, report.lines_left_out) == (1, 1)
    assert sorted(Payment.objects.values_list("amount", flat=True)) == [100, 200, 300]


def test_two_identical_lines_in_one_file_are_two_payments(organisation):
    content = HEADER + "01/05/2024,50.00,Parking Ltd,,Parking\n01/05/2024,50.00,Parking Ltd,,Parking\n"
    report = import_text(organisation, 2024, content)
    assert report.lines_imported == 2
    # …and the same two lines in a later file are both recognised as already there.
    again = content + "02/05/2024,50.00,Parking Ltd,,Parking\n"
    report = import_text(organisation, 2024, again, name="later.csv")
    assert (report.lines_imported, report.lines_left_out) == (1, 2)


def test_a_line_with_missing_columns_is_left_out_with_a_message(organisation):
    content = HEADER + "01/05/2024,50.00\n02/05/2024,60.00,Acme Ltd,T9,Repairs\n"
    report = import_text(organisation, 2024, content)
    assert report.problems["short"].examples == [(2, "it has 2 values but the file has 5 columns")]
    assert report.lines_imported == 1


def test_same_line_for_two_anchors_is_two_payments(organisation, other_organisation):
    content = HEADER + "01/05/2024,100.00,Acme Ltd,T1,Repairs\n"
    import_text(organisation, 2024, content)
    import_text(other_organisation, 2024, content)
    assert Payment.objects.count() == 2
    assert Supplier.objects.count() == 1


def test_a_file_without_a_supplier_column_is_refused_before_reading(organisation):
    payment_file = upload(organisation, 2024, "Date,Value\n01/05/2024,5\n")
    with pytest.raises(ImportRefused, match="Choose the column that holds: supplier name"):
        preview(payment_file)


def test_a_failed_import_leaves_nothing_behind(organisation, monkeypatch):
    from spend import summary

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(summary, "rebuild_summary", broken)
    payment_file = upload(organisation, 2024, HEADER + "01/05/2024,100.00,Acme Ltd,T1,Repairs\n")
    with pytest.raises(RuntimeError):
        import_payments(payment_file)
    assert not Payment.objects.exists()
    assert not Supplier.objects.exists()
    assert PaymentFile.objects.get().status == "uploaded"


def test_windows_1252_files_are_read(organisation):
    content = (HEADER + "01/05/2024,£100.00,Café Nero Ltd,T1,Catering\n").encode("cp1252")
    report = import_text(organisation, 2024, content)
    assert report.lines_imported == 1
    assert Supplier.objects.get().name == "Café Nero Ltd"


def test_the_publishers_columns_are_remembered(organisation):
    columns = {"date": "Paid", "amount": "Value", "supplier": "Payee"}
    import_text(organisation, 2024, "Paid,Value,Payee\n01/05/2024,5.00,Acme\n", columns=columns, publisher="Westmoor")
    assert ColumnMapping.objects.get(publisher="Westmoor").columns == columns


def test_a_company_number_joins_a_differently_named_supplier(organisation):
    header = "Date,Amount,Supplier,Company Number\n"
    import_text(organisation, 2024, header + "01/05/2024,10.00,Acme Ltd,4567123\n")
    import_text(organisation, 2024, header + "02/05/2024,20.00,Acme Building Services,04567123\n", name="b.csv")
    assert Supplier.objects.count() == 1
    assert Supplier.objects.get().company_number == "04567123"


def test_the_central_government_layout_imports(organisation):
    report = import_text(organisation, 2023, (DATA / "central_government.csv").read_bytes())
    assert report.lines_imported == 2
    assert report.total == Decimal("5528.20")


def test_a_bigger_file_takes_no_more_queries(organisation, other_organisation):
    """Lines are written a batch at a time and suppliers found a batch at a time, never one by one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = upload(organisation, 2024, HEADER + "01/05/2024,10.00,Firm0 Ltd,T0,Repairs\n")
    many = upload(
        other_organisation,
        2024,
        # 60 lines: on SQLite (the demo's database) a batch of staged lines is split at 999 values.
        HEADER + "".join(f"01/05/2024,{n + 10}.00,Firm{n % 20} Ltd,T{n},Repairs\n" for n in range(60)),
        name="many.csv",
    )
    with CaptureQueriesContext(connection) as small:
        import_payments(one)
    with CaptureQueriesContext(connection) as big:
        report = import_payments(many)
    assert report.lines_imported == 60
    assert len(big) == len(small)
