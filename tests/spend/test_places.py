"""Where a supplier is, as the spend pages show it, from the shipped postcode district table."""

import csv
import io
from pathlib import Path

import pytest

from django.core.management import call_command

from portal.factories import UserFactory
from portal.models import PortalSettings
from spend.access import ensure_partnership_analysts
from tests.spend.conftest import import_text

DATA = Path(__file__).parent / "data"

# Suppliers on both sides of three regional borders that cut through a postcode area. Regions checked in
# the ONS data the table is built from (see spend/data/README.md); Berwick's TD15 also against the ONS
# NSPL, postcode by postcode.
PAYMENTS = "Date,Net Amount,Supplier Name,Supplier Postcode\n" + "".join(
    f"01/05/2024,{amount},{name},{postcode}\n"
    for amount, name, postcode in [
        (900, "Chester Cheese Ltd", "CH1 2HS"),  # Chester: North West
        (800, "Deeside Steel Ltd", "CH5 2NU"),  # Deeside, Flintshire: Wales
        (700, "Shrewsbury Books Ltd", "SY1 1SH"),  # Shrewsbury: West Midlands
        (600, "Newtown Wool Ltd", "SY16 1AA"),  # Newtown, Powys: Wales
        (500, "Berwick Boats Ltd", "TD15 1AA"),  # Berwick-upon-Tweed: North East
        (400, "Galashiels Tweed Ltd", "TD1 1AA"),  # Galashiels, Scottish Borders: Scotland
    ]
)


def where_each_supplier_is(client, anchor, local_districts):
    settings = PortalSettings.load()
    settings.local_postcode_districts = local_districts
    settings.save()
    rows = csv.DictReader(io.StringIO(client.get(f"/spend/{anchor.slug}/data/suppliers.csv").content.decode()))
    return {row["Supplier"]: row["Where"] for row in rows}


@pytest.mark.django_db
def test_a_supplier_over_a_regional_border_is_placed_by_its_district_not_its_area(client, organisation):
    import_text(organisation, 2024, PAYMENTS)
    analyst = UserFactory()
    analyst.groups.add(ensure_partnership_analysts())
    client.force_login(analyst)

    preston = where_each_supplier_is(client, organisation, "PR1, PR2")
    assert preston["Chester Cheese Ltd"] == "Rest of the region"
    assert preston["Deeside Steel Ltd"] == "Elsewhere in the UK"

    wrexham = where_each_supplier_is(client, organisation, "LL11, LL12, LL13")
    assert wrexham["Deeside Steel Ltd"] == "Rest of the region"
    assert wrexham["Chester Cheese Ltd"] == "Elsewhere in the UK"
    assert wrexham["Newtown Wool Ltd"] == "Rest of the region"
    assert wrexham["Shrewsbury Books Ltd"] == "Elsewhere in the UK"

    newcastle = where_each_supplier_is(client, organisation, "NE1")
    assert newcastle["Berwick Boats Ltd"] == "Rest of the region"
    assert newcastle["Galashiels Tweed Ltd"] == "Elsewhere in the UK"


def test_the_table_is_rebuilt_from_the_postcode_districts_file_and_checked_against_the_nspl(tmp_path):
    """Real rows of the source file and of the ONS NSPL (TD15 postcodes on both sides of the border)."""
    out = io.StringIO()
    call_command(
        "build_postcode_table",
        str(DATA / "doogal_postcode_districts_sample.csv"),
        "--check-nspl",
        str(DATA / "nspl_sample.csv"),
        "--out",
        str(tmp_path),
        stdout=out,
    )
    districts = {row["district"]: row for row in csv.DictReader((tmp_path / "postcode_districts.csv").open())}
    areas = {row["area"]: row for row in csv.DictReader((tmp_path / "postcode_areas.csv").open())}
    # British Forces, GIR and the old NPT code are not postcode districts with a place; Guernsey has no region.
    assert sorted(districts) == ["CH1", "CH2", "CH3", "CH4", "CH5", "CH7", "GY1", "TD1", "TD15"]
    assert (districts["CH5"]["itl1"], districts["CH1"]["itl1"], districts["GY1"]["itl1"]) == ("TLL", "TLD", "")
    # CH's live postcodes: 3,941 in the North West (CH1-CH4), 2,718 in Wales (CH5, CH7).
    assert areas["CH"]["itl1"] == "TLD"
    assert areas["CH"]["name"] == "Chester"
    # The NSPL sample's TD15 has two live English postcodes and one Scottish (two more Scottish ones ended).
    assert "Districts checked against the NSPL: 1; in another region there: 0." in out.getvalue()
