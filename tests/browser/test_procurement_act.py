"""The Procurement Act in the real Wagtail admin: a buyer who reserves an above-threshold lot for local
suppliers is refused in plain words, keeps what they typed, and can put it right."""

import datetime

from playwright.sync_api import expect

from django.utils import timezone

from opportunities.models import OpportunityPage
from portal.factories import CPVCodeFactory


def test_buyer_is_refused_a_local_reservation_above_threshold(page, login, buyer_of, organisation, settings):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # autosave would race the Save click on a busy machine
    CPVCodeFactory(code="77300000", label="Horticultural services")
    buyer_of(organisation, username="sam")
    login("sam")
    page.goto(f"/admin/pages/add/opportunities/opportunitypage/{organisation.pk}/")
    today = timezone.localdate()
    page.fill("#id_title", "Parks maintenance")
    page.fill("#id_reference", "NBC-PARKS-1")
    page.select_option("#id_stage", "open")
    page.fill("#id_summary", "Grass cutting and planting in the borough's parks for three years.")
    page.fill("#id_submission_deadline", (today + datetime.timedelta(days=30)).strftime("%Y-%m-%d 12:00"))
    page.fill("#id_value_max", "400000")
    page.fill("#id_value_max_inc_vat", "480000")
    page.fill("#id_main_cpv", "77300000")
    page.fill("#id_lots-0-number", "1")
    page.fill("#id_lots-0-title", "All parks")
    page.fill("#id_lots-0-value_max", "400000")
    page.uncheck("#id_lots-0-suitable_for_sme")
    page.select_option("#id_lots-0-reserved", "local")
    page.fill("#id_no_lots_reason", "One supplier keeps every park to the same standard.")
    page.get_by_role("button", name="Add notice").click()
    page.select_option("#id_notices-0-notice_type", "UK4")
    page.fill("#id_notices-0-identifier", "045678-2026")
    page.fill("#id_notices-0-published", today.isoformat())

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()

    reserved = page.locator("[data-field-wrapper]").filter(has=page.locator("#id_lots-0-reserved"))
    expect(reserved).to_contain_text(
        "This contract is above the threshold, so the Procurement Act does not let you reserve a lot for "
        "suppliers in a local area."
    )
    expect(reserved).to_contain_text("Above threshold you can only reserve a lot for supported employment providers")
    # Nothing is saved, and nothing the buyer typed is lost.
    assert not OpportunityPage.objects.filter(reference="NBC-PARKS-1").exists()
    expect(page.locator("#id_lots-0-reserved")).to_have_value("local")
    expect(page.locator("#id_value_max_inc_vat")).to_have_value("480000")
    expect(page.locator("#id_notices-0-identifier")).to_have_value("045678-2026")

    # Reserving the lot for supported employment providers is lawful above threshold.
    page.select_option("#id_lots-0-reserved", "supported_employment")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    field_errors = page.locator(".error-message, .help-critical").all_inner_texts()
    assert not field_errors, f"The editor refused the opportunity: {field_errors}"
    opportunity = OpportunityPage.objects.get(reference="NBC-PARKS-1")
    assert opportunity.regime == "above_threshold"
    assert opportunity.lots.get().reserved == "supported_employment"
