"""The analyst's admin journey with real admin requests: upload, match columns, preview, import, merges."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.factories import UserFactory
from spend.access import ensure_anchor_analysts, ensure_partnership_analysts
from spend.models import ColumnMapping, Payment, PaymentFile, Supplier, SupplierMerge
from tests.spend.conftest import DATA, import_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("summer_after_the_samples_year")]


@pytest.fixture
def anchor_analyst(organisation):
    user = UserFactory()
    user.groups.add(ensure_anchor_analysts(organisation))
    return user


@pytest.fixture
def partnership_analyst(db):
    user = UserFactory()
    user.groups.add(ensure_partnership_analysts())
    return user


def upload_file(client, anchor, content, name="payments.csv"):
    return client.post(
        "/admin/spend/upload/",
        {"anchor": anchor.pk, "year": "2024", "publisher": "", "file": SimpleUploadedFile(name, content)},
    )


def test_an_analyst_uploads_matches_previews_and_imports(client, organisation, anchor_analyst):
    client.force_login(anchor_analyst)
    response = upload_file(client, organisation, (DATA / "lga_transparency.csv").read_bytes())
    payment_file = PaymentFile.objects.get()
    assert response.url == f"/admin/spend/files/{payment_file.pk}/columns/"
    page = client.get(response.url).content.decode()
    assert '<option value="Net Amount" selected>' in page  # guessed from the heading
    columns = {"date": "Date", "amount": "Net Amount", "supplier": "Supplier Name", "expense_type": "Expense Type"}
    response = client.post(response.url, {**columns, "publisher": "Northshire Borough Council"})
    assert response.url.endswith("/preview/")
    preview = client.get(response.url).content.decode()
    assert "Line 7: the amount “1,2O0.00” is not a number of pounds" in preview
    assert "Line 8: the date “31/02/2024” is not a date like 31/03/2025" in preview
    assert "Line 9: the supplier is “REDACTED - PERSONAL DATA”" in preview
    assert "Line 6: a credit note or refund of £250.00" in preview
    assert "Import 12 lines and leave out 2" in preview
    assert not Payment.objects.exists()
    response = client.post(f"/admin/spend/files/{payment_file.pk}/import/")
    assert response.url == f"/admin/spend/files/{payment_file.pk}/"
    assert "Imported 12 lines" in client.get(response.url).content.decode()
    assert Payment.objects.count() == 12
    assert ColumnMapping.objects.get(publisher="Northshire Borough Council").columns == columns


def test_the_same_file_uploaded_again_says_so_and_imports_nothing(client, organisation, anchor_analyst):
    content = (DATA / "lga_transparency.csv").read_bytes()
    import_text(organisation, 2024, content)
    client.force_login(anchor_analyst)
    response = upload_file(client, organisation, content)
    client.post(response.url, {"date": "Date", "amount": "Net Amount", "supplier": "Supplier Name", "publisher": "N"})
    second = PaymentFile.objects.exclude(status="imported").get()
    assert (
        "Importing it again would change nothing."
        in client.get(f"/admin/spend/files/{second.pk}/preview/").content.decode()
    )
    client.post(f"/admin/spend/files/{second.pk}/import/")
    assert Payment.objects.count() == 12
    assert "Importing it again would change nothing." in client.get(f"/admin/spend/files/{second.pk}/").content.decode()


def test_a_bad_upload_gets_a_clear_message(client, organisation, anchor_analyst):
    client.force_login(anchor_analyst)
    response = upload_file(client, organisation, b"%PDF-1.4", name="payments.pdf")
    assert response.status_code == 200
    assert "The file must be a CSV file. Save a spreadsheet as CSV first." in response.content.decode()
    response = client.post(f"/admin/spend/files/{0}/columns/")
    assert response.status_code == 404


def test_an_anchor_analyst_cannot_upload_for_or_open_another_anchor(
    client, organisation, other_organisation, anchor_analyst
):
    client.force_login(anchor_analyst)
    response = upload_file(client, other_organisation, b"Date,Amount,Supplier\n")
    assert "Select a valid choice" in response.content.decode()
    import_text(other_organisation, 2024, "Date,Amount,Supplier\n01/05/2024,5,Acme\n")
    theirs = PaymentFile.objects.get(anchor=other_organisation)
    assert client.get(f"/admin/spend/files/{theirs.pk}/").status_code == 404
    assert client.get(f"/admin/spend/files/{theirs.pk}/preview/").status_code == 404


def test_a_buyer_without_spend_permissions_is_turned_away(client, organisation, buyer_of):
    client.force_login(buyer_of(organisation))
    assert client.get("/admin/spend/upload/").status_code == 302
    assert client.get("/admin/spend/merges/").status_code == 302


def test_a_partnership_analyst_confirms_and_undoes_a_merge(client, organisation, partnership_analyst):
    import_text(
        organisation,
        2024,
        "Date,Amount,Supplier\n01/05/2024,5.00,Northshire Grounds Care Ltd\n02/05/2024,7.00,Northshire Ground Care\n",
    )
    merge = SupplierMerge.objects.get()
    client.force_login(partnership_analyst)
    page = client.get("/admin/spend/merges/").content.decode()
    assert "The names are spelled almost the same" in page
    client.post(f"/admin/spend/merges/{merge.pk}/confirm/")
    assert Supplier.objects.filter(merged_into=None).count() == 1
    assert Payment.objects.values("supplier").distinct().count() == 1
    client.post(f"/admin/spend/merges/{merge.pk}/undo/")
    assert Payment.objects.values("supplier").distinct().count() == 2
    assert Supplier.objects.filter(merged_into=None).count() == 2


def test_an_anchor_analyst_cannot_decide_merges(client, organisation, anchor_analyst):
    import_text(organisation, 2024, "Date,Amount,Supplier\n01/05/2024,5.00,Acme Services\n02/05/2024,7.00,Acme\n")
    merge = SupplierMerge.objects.get()
    client.force_login(anchor_analyst)
    client.post(f"/admin/spend/merges/{merge.pk}/confirm/")
    assert SupplierMerge.objects.get().status == "proposed"
