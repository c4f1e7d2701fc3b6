"""A supplier subscribes from a finder search, confirms by the emailed link and manages the alerts."""

import re

from playwright.sync_api import expect

from django.core import mail

from portal.models import Location
from tests.browser.conftest import assert_accessible


def emailed_link(kind, message):
    return re.search(rf"http://testserver(/alerts/{kind}/[^\s]+/)", message.body).group(1)


def make_places():
    north_west = Location.objects.create(name="North West", slug="tld", kind=Location.Kind.REGION)
    Location.objects.create(name="Preston", slug="preston", region=north_west)


def test_supplier_subscribes_from_a_search_confirms_and_manages_alerts(page):
    make_places()
    page.goto("/alerts/subscribe/?q=website&cpv=72&location=preston&sme=1&sort=newest")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Get email alerts")
    expect(page.get_by_label("Keywords")).to_have_value("website")
    expect(page.get_by_label("Preston")).to_be_checked()
    expect(page.get_by_label("IT services (CPV 72)")).to_be_checked()
    expect(page.get_by_label("Only lots suitable for small and medium-sized businesses (SMEs)")).to_be_checked()
    assert_accessible(page)

    # A mistake: no email address. The error summary links to the field and nothing typed is lost.
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your email address")
    expect(page.get_by_label("Keywords")).to_have_value("website")
    assert_accessible(page)
    page.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()

    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("As soon as they are published").check()
    page.get_by_label(re.compile("I agree to get emails")).check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text("ada@example.org")
    assert_accessible(page)

    # The live server runs in this process, so its email is in the locmem outbox.
    [confirmation] = mail.outbox
    page.goto(emailed_link("confirm", confirmation))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email alerts")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and turn on alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your email alerts")
    expect(page.locator("main")).to_contain_text("Your email alerts are on")
    expect(page.locator("main")).to_contain_text("CPV 72 IT services")
    assert_accessible(page)

    page.get_by_role("link", name="Change your answers").click()
    expect(page.get_by_label("Keywords")).to_have_value("website")
    assert_accessible(page)
    page.get_by_label("Once a week").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("main")).to_contain_text("Once a week")

    page.get_by_role("button", name="Pause alerts").click()
    expect(page.locator("main")).to_contain_text("Your alerts are paused")
    expect(page.get_by_role("button", name="Turn alerts back on")).to_be_visible()
    assert_accessible(page)

    welcome = mail.outbox[1]
    page.goto(emailed_link("unsubscribe", welcome))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop these email alerts?")
    assert_accessible(page)

    page.goto(emailed_link("manage", welcome))
    page.get_by_role("link", name="Delete alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your alerts?")
    assert_accessible(page)
    page.get_by_role("button", name="Delete my alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your alerts have been deleted")
    assert_accessible(page)

    page.goto(emailed_link("manage", welcome))
    expect(page.get_by_role("heading", level=1)).to_have_text("We cannot find these alerts")
    assert_accessible(page)


def test_subscribing_works_without_javascript(no_js_page):
    make_places()
    no_js_page.goto("/alerts/subscribe/?cpv=72")
    no_js_page.get_by_label("Email address").fill("grace@example.org")
    no_js_page.get_by_label(re.compile("I agree to get emails")).check()
    no_js_page.get_by_role("button", name="Subscribe").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert len(mail.outbox) == 1
