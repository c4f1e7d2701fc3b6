"""The opportunity editor guards buyers against easy mistakes: new lots get the next free number, the
Promote tab says what each field changes, and the editor passes axe (the rich-text editor has a name)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def open_editor(page, login, buyer_of, organisation):
    buyer_of(organisation, username="sam")
    login("sam")
    page.goto(f"/admin/pages/add/opportunities/opportunitypage/{organisation.pk}/")
    expect(page.locator("#id_lots-0-number")).to_be_visible()


def test_a_new_lot_gets_the_next_free_number(page, login, buyer_of, organisation):
    open_editor(page, login, buyer_of, organisation)
    # The reference field is wide enough to read a reference like NBC-2026-PROC-00412-LOTS back.
    assert page.locator("#id_reference").bounding_box()["width"] >= 400
    page.fill("#id_lots-0-number", "1")
    add_lot = page.get_by_role("button", name="Add lot").first
    add_lot.click()
    expect(page.locator("#id_lots-1-number")).to_have_value("2")
    page.fill("#id_lots-1-number", "5")
    add_lot.click()
    expect(page.locator("#id_lots-2-number")).to_have_value("6")


def test_the_opportunity_editor_is_accessible_and_its_promote_tab_explains_itself(page, login, buyer_of, organisation):
    open_editor(page, login, buyer_of, organisation)
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").first.click()
    # Every rich-text editor has a name (axe: aria-input-field-name), the block's label if nothing else.
    editor = page.locator('[role="textbox"][contenteditable="true"]').first
    expect(editor).to_have_attribute("aria-label", re.compile(r"\w"))
    assert_accessible(page)

    page.get_by_role("tab", name="Promote").click()
    expect(page.get_by_text("Web address (the end of it)")).to_be_visible()
    expect(page.get_by_text("Changing it after publishing breaks links people have saved.")).to_be_visible()
    expect(page.get_by_text("Title in search results (optional)")).to_be_visible()
