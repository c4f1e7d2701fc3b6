"""CPV reference data: the shipped divisions and groups, and importing the official list."""

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from opportunities.cpv import CPVFileError, import_cpv, parent_code
from portal.models import CPVCode


@pytest.mark.django_db
def test_the_45_divisions_and_their_groups_are_loaded_by_migration():
    divisions = CPVCode.objects.filter(code__endswith="000000")
    assert divisions.count() == 45
    assert CPVCode.objects.get(code="72000000").label == (
        "IT services: consulting, software development, Internet and support"
    )
    assert CPVCode.objects.get(code="45000000").display_code == "45000000-7"
    cleaning = CPVCode.objects.get(code="90900000")
    assert cleaning.label == "Cleaning and sanitation services"
    assert cleaning.parent.code == "90000000"
    assert CPVCode.objects.exclude(code__endswith="000000").filter(parent__isnull=True).count() == 0
    # Checked against the regulation's list: 77800000 is aquaculture, and apiculture has its own group.
    assert CPVCode.objects.get(code="77800000").label == "Aquaculture services"
    assert CPVCode.objects.get(code="77900000").parent.code == "77000000"


def test_parent_code_goes_one_level_up():
    assert parent_code("72000000") is None
    assert parent_code("72200000") == "72000000"
    assert parent_code("72212000") == "72210000"
    assert parent_code("72212211") == "72212210"


def write(tmp_path, text, name="cpv.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


@pytest.mark.django_db
def test_import_reads_the_official_columns_and_reports_rejected_rows(tmp_path):
    path = write(
        tmp_path,
        "CODE,BG,EN,FR\n"
        "90910000-9,x,Cleaning services,Services de nettoyage\n"
        '90911000-6,x,"Accommodation, building and window cleaning services",x\n'
        "9091100,x,Too short,x\n"
        "90919000-2,x,,x\n"
        "90910000-9,x,Cleaning services again,x\n"
        "\n",
    )
    messages = []
    report = import_cpv(path, progress=messages.append)
    assert report.created == 2
    assert [line for line, _ in report.rejected] == [4, 5, 6]
    assert "not a CPV code" in report.rejected[0][1]
    assert "no English label" in report.rejected[1][1]
    assert "more than once" in report.rejected[2][1]
    assert messages, "progress is reported"
    code = CPVCode.objects.get(code="90911000")
    assert code.check_digit == "6"
    assert code.parent.code == "90910000"
    assert CPVCode.objects.get(code="90910000").parent.code == "90900000"


@pytest.mark.django_db
def test_import_again_updates_without_duplicating(tmp_path):
    import_cpv(write(tmp_path, "code;label\n90910000;Cleaning services\n"))
    report = import_cpv(write(tmp_path, "code;label\n90910000-9;Cleaning services (updated)\n"))
    assert (report.created, report.updated) == (0, 1)
    code = CPVCode.objects.get(code="90910000")
    assert (code.label, code.check_digit) == ("Cleaning services (updated)", "9")


@pytest.mark.django_db
def test_import_reads_latin1_files(tmp_path):
    path = write(tmp_path, "CODE,EN\n92700000-8,Cybercafé services\n", encoding="latin-1")
    assert import_cpv(path).updated == 1
    assert CPVCode.objects.get(code="92700000").check_digit == "8"


@pytest.mark.django_db
def test_import_reads_the_official_spreadsheet(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["CODE", "EN"])
    workbook.active.append(["90911200-8", "Building-cleaning services"])
    path = tmp_path / "cpv.xlsx"
    workbook.save(path)
    assert import_cpv(path).created == 1
    assert CPVCode.objects.get(code="90911200").parent.code == "90900000"


@pytest.mark.django_db
def test_a_file_without_code_and_label_columns_is_refused(tmp_path):
    with pytest.raises(CPVFileError, match="code column"):
        import_cpv(write(tmp_path, "number,text\n1,2\n"))


@pytest.mark.django_db
def test_command_prints_progress_and_rejections(tmp_path, capsys):
    path = write(tmp_path, "CODE,EN\n90910000-9,Cleaning services\nnonsense,Bad\n")
    call_command("import_cpv", str(path))
    output = capsys.readouterr()
    assert "1 created, 0 updated, 1 rejected" in output.out
    assert "Line 3 rejected: 'nonsense' is not a CPV code" in output.err


@pytest.mark.django_db
def test_command_explains_a_missing_file():
    with pytest.raises(CommandError, match="There is no file at"):
        call_command("import_cpv", "/nowhere/cpv.csv")
