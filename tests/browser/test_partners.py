"""A chamber of commerce finds its page from any page's footer and copies its referral link and embed code."""

from playwright.sync_api import expect

from events.factories import PartnerFactory
from tests.browser.conftest import assert_accessible


def make_partners():
    PartnerFactory(name="Westmoor Federation of Small Businesses (FSB)", slug="westmoor-fsb")
    return PartnerFactory(name="Northshire Chamber of Commerce", slug="northshire-chamber")


def test_partner_finds_their_page_from_the_footer_and_copies_their_codes(page, home):
    chamber = make_partners()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="For partners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("For partners")
    expect(page.get_by_role("link", name="Westmoor Federation of Small Businesses (FSB)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=chamber.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(chamber.name)
    link_text = page.locator("#referral-link").inner_text()
    assert link_text.endswith(f"/events/?ref={chamber.slug}")
    page.get_by_role("button", name="Copy the link").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link_text
    page.get_by_role("button", name="Copy the code").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("<iframe src=")
    assert_accessible(page)


def test_without_javascript_the_codes_show_and_no_dead_buttons_do(no_js_page, home):
    chamber = make_partners()
    no_js_page.goto("/partners/")
    no_js_page.get_by_role("link", name=chamber.name).click()
    expect(no_js_page.locator("#referral-link")).to_contain_text(f"?ref={chamber.slug}")
    expect(no_js_page.locator("#embed-code")).to_contain_text("<iframe")
    expect(no_js_page.get_by_role("button", name="Copy the link")).to_be_hidden()
