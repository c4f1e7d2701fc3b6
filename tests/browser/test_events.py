"""A supplier follows a chamber's referral link, registers, gets the invitation, and cancels."""

import re

from icalendar import Calendar
from playwright.sync_api import expect

from django.core import mail

from events.factories import EventPageFactory, PartnerFactory
from events.models import EventIndexPage, Registration
from tests.browser.conftest import assert_accessible


def make_event(home, organisation):
    home.add_child(instance=EventIndexPage(title="Events", slug="events"))
    partner = PartnerFactory(name="Northshire Chamber of Commerce", slug="northshire-chamber")
    event = EventPageFactory(parent=organisation, title="Meet the buyer: council cleaning", capacity=5)
    event.partners.add(partner)
    event.save_revision().publish()
    return partner, event


def test_referred_supplier_registers_gets_the_invitation_and_cancels(page, home, organisation):
    partner, event = make_event(home, organisation)
    mail.outbox.clear()

    page.goto("/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    assert_accessible(page)

    page.goto(f"/partners/{partner.slug}/")
    assert_accessible(page)
    page.get_by_role("link", name=event.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    assert_accessible(page)

    page.get_by_role("button", name="Register for this event").click()
    page.get_by_label("Your full name").fill("Alex Smith")
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_label("Your full name")).to_have_value("Alex Smith")
    expect(page.get_by_label("Email address")).to_have_css("border-color", "rgb(202, 53, 53)")  # the error red
    assert_accessible(page)

    page.get_by_label("Business or organisation name").fill("Smith Cleaning Ltd")
    page.get_by_label("Email address").fill("alex@example.com")
    page.get_by_label("Micro (fewer than 10 staff)").check()
    page.get_by_label("Co-operative").check()
    page.get_by_label("What does your business do?").fill("Office cleaning")
    page.get_by_label("Business postcode").fill("PR1 2AB")
    page.get_by_label("I agree that the organisers").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have a place")
    assert_accessible(page)

    registration = Registration.objects.get(email="alex@example.com")
    assert registration.partner == partner
    (message,) = mail.outbox
    assert message.to == ["alex@example.com"]
    (attachment,) = [a for a in message.attachments if a[0] == "event.ics"]
    (vevent,) = Calendar.from_ical(attachment[1]).walk("VEVENT")
    assert str(vevent["summary"]) == event.title
    assert vevent.decoded("dtstart") == event.start

    cancel_url = re.search(r"https?://\S+/cancel/", message.body).group(0)
    page.goto(cancel_url.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your registration is cancelled")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_event_listing_filters_work_without_javascript(no_js_page, home, organisation):
    _partner, event = make_event(home, organisation)
    no_js_page.goto("/events/")
    no_js_page.get_by_label("Type of event").select_option("webinar")
    no_js_page.get_by_role("button", name="Show events").click()
    expect(no_js_page.get_by_role("heading", name="0 events")).to_be_visible()
    no_js_page.get_by_label("Type of event").select_option("meet_the_buyer")
    no_js_page.get_by_role("button", name="Show events").click()
    expect(no_js_page.get_by_role("link", name=event.title)).to_be_visible()


def test_embeddable_listing_is_accessible(page, home, organisation):
    partner, event = make_event(home, organisation)
    page.goto(f"/events/embed/?partner={partner.slug}")
    expect(page.get_by_role("link", name=event.title)).to_have_attribute(
        "href", re.compile(r"\?ref=northshire-chamber$")
    )
    assert_accessible(page)
