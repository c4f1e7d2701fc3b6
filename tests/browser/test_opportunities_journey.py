"""Opportunities in a real browser: a buyer publishes one with three lots; suppliers read it with any
assistive set-up (axe), and the lot table works by keyboard."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from opportunities.factories import LotFactory, OpportunityPageFactory
from opportunities.models import Notice, OpportunityPage
from tests.browser.conftest import assert_accessible


@pytest.fixture
def opportunity(organisation):
    opportunity = OpportunityPageFactory(
        parent=organisation,
        title="Grounds maintenance for parks",
        minimum_turnover=Decimal("50000"),
        accreditations="SafeContractor or CHAS.",
        how_to_bid_url="https://tenders.example.org/nbc/1",
    )
    for number, title in enumerate(["North parks", "South parks", "Cemeteries"], start=1):
        LotFactory(opportunity=opportunity, number=number, title=title, reserved="sme" if number == 3 else "")
    # Its tender notice on the Central Digital Platform, so axe checks the notices section too.
    Notice.objects.create(
        opportunity=opportunity,
        notice_type="UK4",
        identifier="067890-2026",
        url="https://www.find-tender.service.gov.uk/Notice/067890-2026",
        published=timezone.localdate(),
    )
    return opportunity


def test_buyer_creates_and_publishes_an_opportunity_with_three_lots(page, login, buyer_of, organisation, settings):
    # Wagtail 8 autosaves drafts every half second; on a busy machine that races the Publish click
    # (both create the page). The journey is about what the buyer does, so autosave is off here.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    buyer_of(organisation, username="sam")
    login("sam")
    page.goto(f"/admin/pages/add/opportunities/opportunitypage/{organisation.pk}/")
    closes = (timezone.localtime() + datetime.timedelta(days=21)).strftime("%Y-%m-%d 12:00")
    page.fill("#id_title", "Library cleaning")
    page.fill("#id_reference", "NBC-LIB-1")
    page.select_option("#id_stage", "open")
    page.fill("#id_summary", "Cleaning for six branch libraries, three mornings a week.")
    page.fill("#id_submission_deadline", closes)
    page.fill("#id_value_max", "90000")
    page.fill("#id_value_max_inc_vat", "108000")
    page.fill("#id_main_cpv", "90900000")
    # Above £30,000 including VAT a council's tender notice must be on the Central Digital Platform first.
    page.get_by_role("button", name="Add notice").click()
    page.select_option("#id_notices-0-notice_type", "UK4")
    page.fill("#id_notices-0-identifier", "056789-2026")
    page.fill("#id_notices-0-published", timezone.localdate().isoformat())
    add_lot = page.get_by_role("button", name="Add lot")
    for index, title in enumerate(["North libraries", "South libraries", "Mobile library"]):
        if index:
            add_lot.first.click()
        page.fill(f"#id_lots-{index}-number", str(index + 1))
        page.fill(f"#id_lots-{index}-title", title)
        page.fill(f"#id_lots-{index}-value_max", "30000")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    field_errors = page.locator(".error-message, .help-critical").all_inner_texts()
    assert not field_errors, f"The editor refused the opportunity: {field_errors}"
    expect(page.locator(".messages")).to_contain_text("published")

    opportunity = OpportunityPage.objects.get(reference="NBC-LIB-1")
    assert opportunity.live and opportunity.lots.count() == 3
    page.goto(opportunity.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Library cleaning")
    expect(page.get_by_role("table")).to_contain_text("Lot 3: Mobile library")
    expect(page.get_by_text("Closes in 21 days")).to_be_visible()


def test_opportunity_page_is_accessible(page, opportunity):
    page.goto(opportunity.url)
    expect(page.get_by_role("heading", name="Can a business like mine bid?")).to_be_visible()
    assert_accessible(page)


def test_opportunity_page_works_without_javascript(no_js_page, opportunity):
    no_js_page.goto(opportunity.url)
    expect(no_js_page.get_by_role("table")).to_contain_text("South parks")
    no_js_page.get_by_role("link", name="Lot 2: South parks").click()
    assert no_js_page.url.endswith("#lot-2")


def test_lot_table_is_usable_by_keyboard(page, opportunity):
    page.goto(opportunity.url)
    table_region = page.get_by_role("region", name="Lots at a glance")
    table_region.focus()
    expect(table_region).to_be_focused()
    page.keyboard.press("Tab")
    first_lot = page.get_by_role("link", name="Lot 1: North parks")
    expect(first_lot).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Lot 2: South parks")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**#lot-2")
    expect(page.get_by_role("region", name="Lot 2: South parks")).to_be_in_viewport()
    headers = page.locator("table th[scope=col]").all_inner_texts()
    assert headers == ["Lot", "Value (not including VAT)", "Length", "Who can bid"]
    assert page.locator("table th[scope=row]").count() == 3
