"""Spend analysis in a real browser: an analyst uploads a messy file, matches its columns, reads the
problems, imports it, decides two supplier merges and sees the figures; every new page passes axe."""

import pytest
from playwright.sync_api import expect

from portal.factories import UserFactory
from portal.models import PortalSettings
from spend.access import ensure_partnership_analysts
from spend.models import AnchorSpendSettings, InfluenceRule
from spend.rules import add_default_rules
from tests.browser.conftest import assert_accessible
from tests.spend.conftest import DATA, import_text, summer_after_the_samples_year  # noqa: F401 - a fixture

MESSY = (DATA / "lga_transparency.csv").read_text() + (
    "Northshire Borough Council,x,01/06/2024,5100015,800.00,Northshire Grounds Care Ltd,Grounds,Parks\r\n"
    "Northshire Borough Council,x,02/06/2024,5100016,900.00,Northshire Ground Care,Grounds,Parks\r\n"
    "Northshire Borough Council,x,03/06/2024,5100017,1000.00,Acme Building Services,Building Repairs,Property\r\n"
)


@pytest.fixture(autouse=True)
def rules(db):
    # A transactional test empties every table; the migration's default rules come back here.
    add_default_rules(InfluenceRule)


@pytest.fixture
def analyst(db):
    settings = PortalSettings.load()
    settings.local_postcode_districts = "PR1, PR2"
    settings.save()
    user = UserFactory(username="alex")
    user.groups.add(ensure_partnership_analysts())
    return user


@pytest.mark.usefixtures("summer_after_the_samples_year")
def test_analyst_imports_a_messy_file_fixes_two_merges_and_sees_the_figures(
    page, login, analyst, organisation, tmp_path
):
    messy = tmp_path / "northshire-q1.csv"
    messy.write_text(MESSY)
    login("alex")
    page.goto("/admin/spend/upload/")
    assert_accessible(page)
    page.get_by_label("Organisation").select_option(label=organisation.title)
    page.get_by_label("Financial year").select_option("2024")
    page.get_by_label("Payment file (CSV)").set_input_files(str(messy))
    page.get_by_role("button", name="Upload and match columns").click()

    expect(page.get_by_role("heading", name="Match the columns")).to_be_visible()
    expect(page.get_by_label("Amount (not counting VAT) (needed)")).to_have_value("Net Amount")
    page.get_by_label("Service area").select_option("Service Area")
    assert_accessible(page)
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(page.get_by_text("Line 7: the amount “1,2O0.00” is not a number of pounds")).to_be_visible()
    expect(page.get_by_text("Line 8: the date “31/02/2024” is not a date like 31/03/2025")).to_be_visible()
    expect(page.get_by_text("Line 10: the supplier name is blank")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Import 15 lines and leave out 2").click()
    expect(page.get_by_text("Imported 15 lines")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Check the proposed supplier merges").click()
    expect(page.get_by_role("heading", name="Supplier merges")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Same supplier: Northshire Grounds Care Ltd and Northshire Ground Care").click()
    expect(
        page.get_by_text("“Northshire Grounds Care Ltd” is now counted as “Northshire Ground Care”.")
    ).to_be_visible()
    page.get_by_role("button", name="Same supplier: Acme Building Services and ACME LTD").click()
    expect(page.get_by_text("“Acme Building Services” is now counted as “ACME LTD”.")).to_be_visible()

    page.goto(f"/spend/{organisation.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(organisation.title)
    suppliers = page.get_by_role("table", name="Top 300 suppliers by influenceable spend")
    # Ribble: 12400.50 - 250; Acme: 1250 + 2000 + 750 - 120 + 1000 (merged); grounds care: 800 + 900 (merged)
    expect(suppliers.get_by_role("row").nth(1)).to_contain_text("Ribble Cleaning Co-operative Ltd")
    expect(suppliers.get_by_role("row").nth(1)).to_contain_text("£12,150")
    expect(suppliers.get_by_role("row").nth(2)).to_contain_text("ACME LTD")
    expect(suppliers.get_by_role("row").nth(2)).to_contain_text("£4,880")
    expect(suppliers.get_by_role("row", name="Northshire Ground Care")).to_contain_text("£1,700")
    expect(page.get_by_role("img", name="Where influenceable spend went in 2024 to 2025")).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def published(organisation):
    import_text(organisation, 2023, "Date,Amount,Supplier,Supplier Postcode\n01/05/2023,100,Acme,PR1 1AA\n")
    import_text(organisation, 2024, "Date,Amount,Supplier,Supplier Postcode\n01/05/2024,300,Acme,PR1 1AA\n", name="b")
    AnchorSpendSettings.objects.create(anchor=organisation, publish_headlines=True)
    return organisation


def test_public_spend_pages_are_accessible(page, published):
    page.goto("/spend/")
    expect(page.get_by_role("table", name="Headline figures")).to_contain_text("£300")
    assert_accessible(page)
    page.goto(f"/spend/{published.slug}/")
    expect(page.get_by_role("img", name="Map of influenceable spend by postcode area in 2024 to 2025")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/spend/{published.slug}/?year=2023&baseline=2024")
    page.get_by_role("link", name="The baseline year must be before the update year.").click()
    expect(page.locator("#id_baseline")).to_be_focused()
    assert_accessible(page)


def test_years_are_chosen_without_javascript(no_js_page, published):
    no_js_page.goto(f"/spend/{published.slug}/")
    no_js_page.get_by_label("Baseline year").select_option(label="No baseline")
    no_js_page.get_by_role("button", name="Show figures").click()
    expect(no_js_page.get_by_role("heading", level=2, name="2024 to 2025")).to_be_visible()
    assert "baseline=&" in no_js_page.url or no_js_page.url.endswith("baseline=")
