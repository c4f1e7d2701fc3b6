"""The first minute: the home page, an organisation page and the admin login, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, axe_violations


def test_home_page_is_accessible_and_searchable(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sell to the public bodies")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Find opportunities")
    assert_accessible(page)


def test_organisation_page_is_accessible(page, organisation):
    page.goto(organisation.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(organisation.title)
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Buyers")
    assert_accessible(page)


def test_admin_login_is_accessible(page):
    page.goto("/admin/login/")
    expect(page.get_by_label("Username")).to_be_visible()
    assert_accessible(page)


def test_not_found_page_is_accessible(page):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)


def test_skip_link_is_first_and_moves_focus_to_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_main_navigation_works_by_keyboard(page, buyers_index):
    page.goto("/")
    # Tab past the skip link and the brand link to reach the first navigation item.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Buyers":
            break
    else:
        pytest.fail("Tabbing from the top of the page never reached the 'Buyers' navigation link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/buyers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Buyers")


def test_axe_check_catches_a_violation(page):
    """The harness must fail real problems: an image with no text alternative is a WCAG 1.1.1 failure."""
    page.goto("/")
    page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
            document.querySelector('main').appendChild(img);
        }"""
    )
    assert "image-alt" in {violation["id"] for violation in axe_violations(page)}
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        assert_accessible(page)


def test_pages_work_without_javascript(no_js_page, organisation):
    no_js_page.goto("/")
    no_js_page.get_by_role("link", name="Buyers").first.click()
    expect(no_js_page.get_by_role("link", name=organisation.title)).to_be_visible()
