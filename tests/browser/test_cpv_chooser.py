"""A buyer finds real CPV codes by word and by number in the opportunity editor's chooser."""

import pytest
from playwright.sync_api import expect

from opportunities.models import OpportunityPage


@pytest.fixture(autouse=True)
def no_autosave(settings):
    # Wagtail 8 autosave races a Save click on a busy machine (see test_opportunities_journey).
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


def chooser_button(page, field):
    return page.locator(f"#id_{field} + .cpv-chooser").get_by_role("button")


def test_buyer_picks_catering_codes_by_word_and_by_number(page, login, buyer_of, organisation):
    buyer_of(organisation, username="sam")
    login("sam")
    page.goto(f"/admin/pages/add/opportunities/opportunitypage/{organisation.pk}/")
    page.fill("#id_title", "School meals")
    page.fill("#id_reference", "NBC-MEALS-2")
    page.select_option("#id_stage", "pipeline")
    page.fill("#id_summary", "Hot lunches for twelve primary schools.")
    page.fill("#id_lots-0-number", "1")
    page.fill("#id_lots-0-title", "Primary schools")

    # By word, several at once, for the lot.
    chooser_button(page, "lots-0-cpv_codes").click()
    modal = page.get_by_role("dialog")
    modal.get_by_label("Search by word or code").fill("catering")
    expect(modal.get_by_text("There are 12 matches")).to_be_visible()
    modal.get_by_label("55520000-1").check()
    modal.get_by_label("55524000-9").check()
    modal.get_by_role("button", name="Confirm selection").click()
    expect(page.locator("#id_lots-0-cpv_codes")).to_have_value("55520000-1, 55524000-9")

    # By number, one, for the main code.
    chooser_button(page, "main_cpv").click()
    modal = page.get_by_role("dialog")
    modal.get_by_label("Search by word or code").fill("5552")
    modal.get_by_role("link", name="55520000-1").click()
    expect(page.locator("#id_main_cpv")).to_have_value("55520000-1")

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    field_errors = page.locator(".error-message, .help-critical").all_inner_texts()
    assert not field_errors, f"The editor refused the codes: {field_errors}"
    opportunity = OpportunityPage.objects.get(reference="NBC-MEALS-2").get_latest_revision_as_object()
    assert opportunity.main_cpv.label == "Catering services"
    (lot,) = opportunity.lots.all()
    assert sorted(code.code for code in lot.cpv_codes.all()) == ["55520000", "55524000"]
