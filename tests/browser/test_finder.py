"""A supplier finds a catering lot that suits a small business, opens it and comes back to the results."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from finder import indexing
from finder.models import FinderPage
from portal.factories import OrganisationPageFactory
from tests.browser.conftest import assert_accessible
from tests.finder.conftest import make_opportunity


@pytest.fixture
def finder(home, buyers_index):
    page = FinderPage(title="Find opportunities", slug="opportunities")
    home.add_child(instance=page)
    council = OrganisationPageFactory(parent=buyers_index, title="Northshire Borough Council")
    now = timezone.now()
    make_opportunity(
        council,
        title="School meals",
        summary="Hot meals for pupils in our schools.",
        submission_deadline=now + datetime.timedelta(days=12),
        value_max_inc_vat=Decimal("552000"),  # above the threshold
        lots=[
            {
                "title": "Primary school catering",
                "description": "Catering for twelve primary schools.",
                "value_min": Decimal("20000"),
                "value_max": Decimal("60000"),
                "suitable_for_sme": True,
            },
            {
                "title": "Secondary school catering",
                "description": "Catering for four secondary schools.",
                "value_min": Decimal("150000"),
                "value_max": Decimal("400000"),
                "suitable_for_sme": False,
            },
        ],
    )
    make_opportunity(
        council,
        title="Conference catering",
        summary="Buffets for council events.",
        submission_deadline=now + datetime.timedelta(days=60),
        lots=[{"title": "Event buffets", "value_max": Decimal("30000"), "suitable_for_sme": True}],
        value_max_inc_vat=Decimal("36000"),  # a council's: below the threshold, with a notice
    )
    indexing.rebuild()
    return page


def opportunity_template_exists():
    try:
        get_template("opportunities/opportunity_page.html")
    except TemplateDoesNotExist:
        return False
    return True


def test_supplier_filters_opens_a_lot_and_returns_to_the_same_results(page, finder):
    page.goto("/opportunities/")
    page.get_by_label("Search by keyword").fill("catering")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="3 matching lots in 2 opportunities")).to_be_visible()

    page.get_by_label(re.compile(r"Suitable for small and medium-sized businesses")).check()
    page.get_by_label(re.compile(r"Under £25,000")).check()
    page.get_by_label(re.compile(r"£25,000 to £100,000")).check()
    page.get_by_label(re.compile(r"Closing in the next 30 days")).check()
    page.get_by_role("button", name="Apply filters").first.click()

    expect(page.get_by_role("heading", name="1 matching lot in 1 opportunity")).to_be_visible()
    expect(page.locator(".finder-lot mark").first).to_have_text("catering")
    results_url = page.url
    assert "sme=1" in results_url and "closing=30" in results_url
    assert_accessible(page)

    page.get_by_role("link", name="Lot 1: Primary school catering").click()
    page.wait_for_url("**/school-meals/#lot-1")
    # The opportunity page's template belongs to the opportunities app; check it once it is there.
    if opportunity_template_exists():
        expect(page.get_by_role("heading", level=1)).to_have_text("School meals")

    page.go_back()
    assert page.url == results_url
    expect(page.get_by_role("heading", name="1 matching lot in 1 opportunity")).to_be_visible()
    expect(page.get_by_label(re.compile(r"Suitable for small and medium-sized businesses"))).to_be_checked()


def test_no_results_explain_which_filter_to_remove(page, finder):
    page.goto("/opportunities/?q=catering&vcse=1")
    expect(page.get_by_role("heading", name="No matching lots")).to_be_visible()
    page.get_by_role("link", name="Remove “Suitable for VCSEs”").click()
    expect(page.get_by_role("heading", name="3 matching lots in 2 opportunities")).to_be_visible()
    page.go_back()
    assert_accessible(page)


def test_supplier_narrows_to_contracts_below_the_threshold(page, finder):
    page.goto("/opportunities/")
    sizes = page.get_by_role("group", name="Size of contract under the Procurement Act")
    expect(sizes).to_contain_text("Below them, buyers use a simpler process")
    below = sizes.get_by_label(re.compile(r"Below the threshold: simpler process"))
    expect(below).not_to_be_checked()
    expect(sizes.get_by_text(re.compile(r"Below the threshold: simpler process\s*\(1 lot\)"))).to_be_visible()
    expect(sizes.get_by_text(re.compile(r"Above the threshold: the Act’s full rules\s*\(2 lots\)"))).to_be_visible()
    below.check()
    page.get_by_role("button", name="Apply filters").first.click()

    expect(page.get_by_role("heading", name="1 matching lot in 1 opportunity")).to_be_visible()
    expect(page.get_by_role("link", name="Lot 1: Event buffets")).to_be_visible()
    assert "regime=below-threshold" in page.url
    expect(page.get_by_role("link", name=re.compile(r"Remove filter: Size of contract"))).to_be_visible()
    assert_accessible(page)


def test_search_works_without_javascript(no_js_page, finder):
    no_js_page.goto("/opportunities/")
    no_js_page.get_by_label("Search by keyword").fill("buffets")
    no_js_page.get_by_label("Search by keyword").press("Enter")
    expect(no_js_page.get_by_role("heading", name="1 matching lot in 1 opportunity")).to_be_visible()
    expect(no_js_page.get_by_role("link", name="Lot 1: Event buffets")).to_be_visible()


def test_site_search_is_accessible(page, finder):
    page.goto("/search/?q=meals")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search this website")
    assert_accessible(page)


def test_a_long_search_word_wraps_at_320_pixels(page, finder):
    """WCAG 1.4.10: the words a supplier typed are shown back, and one long word must not widen the page."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/opportunities/?q=Donaudampfschifffahrtsgesellschaftskapitaen" + "x" * 60)
    expect(page.get_by_role("heading", name="No matching lots")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
