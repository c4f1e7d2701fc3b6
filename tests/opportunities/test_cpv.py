"""CPV reference data: the shipped official list, importing it, and finding codes by word or number."""

import csv

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from opportunities.cpv import SHIPPED_FILE, CPVFileError, import_cpv, parent_code, search_codes
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


@pytest.mark.django_db
def test_the_full_official_list_is_loaded_by_migration():
    assert CPVCode.objects.count() == 9454
    levels = [code.level for code in CPVCode.objects.only("code")]
    assert (levels.count(1), levels.count(2), levels.count(3)) == (45, 272, 1002)
    # The codes a catering co-op's buyer used, with the regulation's labels and check digits.
    for display_code, label in [
        ("55520000-1", "Catering services"),
        ("55321000-6", "Meal-preparation services"),
        ("55330000-2", "Cafeteria services"),
        ("03000000-1", "Agricultural, farming, fishing, forestry and related products"),
        ("98910000-5", "Services specific to international organisations and bodies"),
    ]:
        code = CPVCode.objects.get(code=display_code[:8])
        assert (code.display_code, code.label) == (display_code, label)
    assert CPVCode.objects.get(code="55521100").parent.code == "55521000"
    assert CPVCode.objects.filter(parent__isnull=True).count() == 45


@pytest.mark.django_db
def test_every_code_keeps_the_official_check_digit_and_label():
    """The list is the authority for check digits: the published ones do not all follow the documented
    algorithm (see opportunities/data/README.md), so each is compared with the file, not recomputed."""
    with SHIPPED_FILE.open(encoding="utf-8") as file:
        official = {row["CODE"][:8]: (row["CODE"][9:], row["EN"]) for row in csv.DictReader(file)}
    stored = {
        code: (digit, label) for code, digit, label in CPVCode.objects.values_list("code", "check_digit", "label")
    }
    assert stored == official
    assert all(len(digit) == 1 for digit, _ in official.values())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("catering", "39222000"),  # labels that start with the word come first
        ("Catering 555", "55520000"),
        ("school meals", "15894210"),
        ("5552", "55520000"),
        ("55520000-1", "55520000"),
        ("window cleaning", "90911300"),  # Window-cleaning services
    ],
)
def test_codes_are_found_by_word_or_number(typed, first):
    found = list(search_codes(CPVCode.objects.all(), typed).values_list("code", flat=True))
    assert found[0] == first
    if "catering" in typed.lower():
        assert "55520000" in found


@pytest.mark.django_db
def test_search_without_a_match_finds_nothing():
    assert not search_codes(CPVCode.objects.all(), "zzzz catering").exists()


def test_parent_code_goes_one_level_up():
    assert parent_code("72000000") is None
    assert parent_code("72200000") == "72000000"
    assert parent_code("72212000") == "72210000"
    assert parent_code("72212211") == "72212210"


@pytest.fixture
def groups_only(db):
    """A site as the first releases left it: the divisions and groups, group check digits blank."""
    CPVCode.objects.exclude(code__regex=r"^\d{3}00000$").delete()
    CPVCode.objects.exclude(code__endswith="000000").update(check_digit="")


def write(tmp_path, text, name="cpv.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


@pytest.mark.usefixtures("groups_only")
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


@pytest.mark.usefixtures("groups_only")
def test_import_again_updates_without_duplicating(tmp_path):
    import_cpv(write(tmp_path, "code;label\n90910000;Cleaning services\n"))
    report = import_cpv(write(tmp_path, "code;label\n90910000-9;Cleaning services (updated)\n"))
    assert (report.created, report.updated) == (0, 1)
    code = CPVCode.objects.get(code="90910000")
    assert (code.label, code.check_digit) == ("Cleaning services (updated)", "9")


@pytest.mark.usefixtures("groups_only")
def test_import_reads_latin1_files(tmp_path):
    path = write(tmp_path, "CODE,EN\n92700000-8,Cybercafé services\n", encoding="latin-1")
    assert import_cpv(path).updated == 1
    assert CPVCode.objects.get(code="92700000").check_digit == "8"


@pytest.mark.usefixtures("groups_only")
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


@pytest.mark.usefixtures("groups_only")
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
