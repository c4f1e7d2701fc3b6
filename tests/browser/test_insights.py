"""The insights page in a real browser: accessible, usable without JavaScript, charts readable by name."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from insights.models import InsightsPage
from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from portal.factories import OrganisationIndexPageFactory, OrganisationPageFactory
from tests.browser.conftest import assert_accessible


@pytest.fixture
def dashboard(home):
    home.add_child(instance=InsightsPage(title="Where the money goes", slug="insights"))
    buyers = OrganisationIndexPageFactory(parent=home)
    council = OrganisationPageFactory(parent=buyers, title="Northshire Borough Council", slug="northshire")
    opportunity = OpportunityPageFactory(parent=council, stage="awarded", reference="NBC-1")
    lot = LotFactory(opportunity=opportunity, number=1)
    AwardFactory(lot=lot, value=Decimal("12000"), award_date=datetime.date(2025, 5, 1), supplier_postcode="PR1 1AA")
    return council


def test_insights_page_is_accessible_with_charts_and_tables(page, dashboard):
    page.goto("/insights/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where the money goes")
    expect(page.get_by_role("img", name="Value awarded each quarter")).to_be_visible()
    expect(page.get_by_role("table", name="Contracts awarded and their value, by quarter")).to_contain_text("£12,000")
    expect(
        page.get_by_role(
            "link", name="Download this table as a spreadsheet (CSV) : Contracts awarded and their value, by quarter"
        )
    ).to_be_visible()
    assert_accessible(page)


def test_filters_work_without_javascript(no_js_page, dashboard):
    no_js_page.goto("/insights/")
    no_js_page.get_by_label("Organisation", exact=True).select_option(label="Northshire Borough Council")
    no_js_page.get_by_role("button", name="Show figures").click()
    expect(no_js_page.get_by_role("heading", level=2, name="Northshire Borough Council, all time")).to_be_visible()
    assert "anchor=northshire" in no_js_page.url


def test_bad_period_shows_an_accessible_error(page, dashboard):
    page.goto("/insights/?start=2025-Q3&end=2025-Q1")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="The end quarter must be the same as or after the start quarter.").click()
    expect(page.locator("#id_end")).to_be_focused()
    assert_accessible(page)


def test_organisation_scorecard_is_accessible(page, dashboard):
    page.goto(dashboard.url)
    expect(page.get_by_role("heading", name="How easy we make it to bid")).to_be_visible()
    assert_accessible(page)


def test_insights_page_fits_a_small_screen_with_readable_charts(page, dashboard):
    """WCAG 1.4.10: at 320 pixels wide the page does not scroll sideways, and chart text does not shrink."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/insights/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    label = page.get_by_role("img", name="Value awarded each quarter").locator("text").first
    assert label.bounding_box()["height"] >= 15  # drawn at the page's 16px, not scaled down with the drawing
    table_region = page.get_by_role("region", name="Contracts awarded and their value, by quarter")
    table_region.focus()  # wide tables scroll inside a region keyboard users can reach
    expect(table_region).to_be_focused()
    assert_accessible(page)
