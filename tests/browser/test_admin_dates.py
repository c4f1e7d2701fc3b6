"""Dates typed day/month/year in the real Wagtail editors, with the date pickers running, are saved as
typed; a date the editor cannot read stays as typed with a message. Wagtail's picker used to replace such
text with today's date when the field lost focus."""

import datetime

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from events.models import EventPage
from opportunities.models import OpportunityPage
from portal.factories import CPVCodeFactory
from tests.browser.conftest import assert_accessible


@pytest.fixture(autouse=True)
def no_autosave(settings):
    # Wagtail 8 autosave races a Save click on a busy machine (see test_opportunities_journey).
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


def ahead(days, hour=12):
    """A moment `days` ahead at `hour`:00 UK time."""
    return (timezone.localtime() + datetime.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def type_date(page, field, text):
    """Type into a date field as a person does: click, type, then Tab away (which is when the picker acts)."""
    box = page.locator(f"#id_{field}")
    box.click()
    box.press_sequentially(text)
    page.keyboard.press("Escape")
    box.press("Tab")


def save_draft(page):
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()


def local(value):
    return timezone.localtime(value) if isinstance(value, datetime.datetime) else value


def test_uk_dates_stick_in_the_opportunity_editor(page, login, buyer_of, organisation):
    CPVCodeFactory(code="55520000", label="Catering services")
    buyer_of(organisation, username="sam")
    login("sam")
    page.goto(f"/admin/pages/add/opportunities/opportunitypage/{organisation.pk}/")
    page.fill("#id_title", "School meals")
    page.fill("#id_reference", "NBC-MEALS-1")
    page.select_option("#id_stage", "pipeline")
    page.fill("#id_summary", "Hot lunches for twelve primary schools.")
    page.fill("#id_lots-0-number", "1")
    page.fill("#id_lots-0-title", "Primary schools")

    dates = {
        "published_date": ahead(400),
        "clarification_deadline": ahead(410, hour=10),
        "submission_deadline": ahead(421),
        "expected_award_date": ahead(460).date(),
        "contract_start": ahead(490).date(),
        "contract_end": ahead(855).date(),
    }
    typed = {
        name: value.strftime("%d/%m/%Y %H:%M" if isinstance(value, datetime.datetime) else "%d/%m/%Y")
        for name, value in dates.items()
    }
    for name, text in typed.items():
        type_date(page, name, text)
        expect(page.locator(f"#id_{name}")).to_have_value(text)

    save_draft(page)
    field_errors = page.locator(".error-message, .help-critical").all_inner_texts()
    assert not field_errors, f"The editor refused the dates: {field_errors}"
    opportunity = OpportunityPage.objects.get(reference="NBC-MEALS-1").get_latest_revision_as_object()
    for name, expected in dates.items():
        assert local(getattr(opportunity, name)) == expected, name

    # Shown back day first, and a date the editor cannot read is refused and kept as typed.
    for name, text in typed.items():
        expect(page.locator(f"#id_{name}")).to_have_value(text)
    page.locator("#id_contract_start").fill("")
    type_date(page, "contract_start", "31/02/2030")
    expect(page.locator("#id_contract_start")).to_have_value("31/02/2030")
    save_draft(page)
    expect(page.locator("#id_contract_start")).to_have_value("31/02/2030")
    expect(page.get_by_text("Enter a real date as day/month/year")).to_be_visible()
    opportunity = OpportunityPage.objects.get(reference="NBC-MEALS-1").get_latest_revision_as_object()
    assert opportunity.contract_start == dates["contract_start"]


def test_uk_dates_stick_in_the_event_editor(page, login, buyer_of, organisation):
    buyer_of(organisation, username="sam")
    login("sam")
    page.goto(f"/admin/pages/add/events/eventpage/{organisation.pk}/")
    page.fill("#id_title", "Meet the buyer: school meals")
    page.select_option("#id_event_type", index=1)
    page.fill("#id_summary", "For caterers who want to bid for school meals.")
    page.fill("#id_venue_name", "Town Hall")
    page.fill("#id_venue_address", "1 Market Square, Northtown")
    page.fill("#id_capacity", "40")
    dates = {
        "registration_opens": ahead(300, hour=9),
        "registration_closes": ahead(329, hour=17),
        "start": ahead(330, hour=10),
        "end": ahead(330, hour=13),
    }
    typed = {name: value.strftime("%d/%m/%Y %H:%M") for name, value in dates.items()}
    for name, text in typed.items():
        type_date(page, name, text)
        expect(page.locator(f"#id_{name}")).to_have_value(text)

    save_draft(page)
    field_errors = page.locator(".error-message, .help-critical").all_inner_texts()
    assert not field_errors, f"The editor refused the event: {field_errors}"
    event = EventPage.objects.get(title="Meet the buyer: school meals").get_latest_revision_as_object()
    for name, expected in dates.items():
        assert local(getattr(event, name)) == expected, name
    for name, text in typed.items():
        expect(page.locator(f"#id_{name}")).to_have_value(text)
    assert_accessible(page)
