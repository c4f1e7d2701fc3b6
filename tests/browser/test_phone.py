"""The finder and an opportunity on a phone (320 CSS pixels): filters fold away, a link skips to the
results, Apply is within reach, and the lots become stacked cards. All of it works without JavaScript."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from opportunities.factories import LotFactory, OpportunityPageFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_finder import finder  # noqa: F401  (the finder page with three catering lots)

PHONE = {"width": 320, "height": 640}
SME = re.compile(r"Suitable for small and medium-sized businesses")


def assert_no_sideways_scrolling(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.usefixtures("finder")
def test_finder_at_320_pixels_puts_the_results_within_reach(page):
    page.set_viewport_size(PHONE)
    page.goto("/opportunities/?q=catering")
    results = page.get_by_role("heading", name="3 matching lots in 2 opportunities")
    expect(page.get_by_label(SME)).to_be_hidden()
    # Folded filters: the results start within two screens, not 6.7.
    assert results.bounding_box()["y"] < 2 * PHONE["height"]

    page.get_by_role("link", name="Skip to the results").focus()
    page.keyboard.press("Enter")
    expect(results).to_be_focused()

    page.get_by_text("Show filters").click()
    apply = page.get_by_role("button", name="Apply filters").first
    expect(apply).to_be_in_viewport()
    assert apply.bounding_box()["y"] < page.get_by_label(SME).bounding_box()["y"]
    page.get_by_label(SME).check()
    apply.click()
    expect(page.get_by_role("heading", name="2 matching lots in 2 opportunities")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Show filters \(\d+ chosen\)"))).to_be_visible()
    assert_no_sideways_scrolling(page)
    assert_accessible(page)


@pytest.mark.usefixtures("finder")
def test_filters_stay_open_beside_the_results_on_a_wide_screen(page):
    page.goto("/opportunities/?q=catering")
    expect(page.get_by_label(SME)).to_be_visible()
    expect(page.get_by_text("Show filters")).to_be_hidden()


@pytest.mark.usefixtures("finder")
def test_folded_filters_work_without_javascript(no_js_page):
    no_js_page.set_viewport_size(PHONE)
    no_js_page.goto("/opportunities/?q=catering")
    no_js_page.get_by_text("Show filters").click()
    no_js_page.get_by_label(SME).check()
    no_js_page.get_by_role("button", name="Apply filters").first.click()
    expect(no_js_page.get_by_role("heading", name="2 matching lots in 2 opportunities")).to_be_visible()
    assert_no_sideways_scrolling(no_js_page)


def test_lots_at_a_glance_become_stacked_cards_at_320_pixels(page, organisation):
    opportunity = OpportunityPageFactory(parent=organisation, title="Grounds maintenance for parks")
    for number, title in enumerate(["North parks and open spaces", "South parks", "Cemeteries"], start=1):
        LotFactory(opportunity=opportunity, number=number, title=title, value_max=Decimal("40000"))
    page.set_viewport_size(PHONE)
    page.goto(opportunity.url)
    first_lot = page.get_by_role("rowheader", name="Lot 1: North parks and open spaces")
    expect(first_lot).to_have_css("display", "block")
    # The name gets the card's width, not a squeezed column of two or three letters a line.
    assert first_lot.bounding_box()["width"] > 200
    expect(page.get_by_role("cell").first).to_have_css("display", "block")
    assert page.get_by_role("columnheader").count() == 4  # still a table for screen readers
    assert_no_sideways_scrolling(page)
    assert_accessible(page)
