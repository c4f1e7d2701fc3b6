"""Pages still work under the Content-Security-Policy: no violation, and GOV.UK Frontend's script runs."""

from playwright.sync_api import expect

from events.factories import EventPageFactory
from events.models import EventIndexPage
from finder.models import FinderPage


def watch_for_violations(page):
    """Collect what Chromium reports when the policy blocks something (console errors and page errors)."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(str(error)))
    return violations


def test_key_pages_run_their_scripts_with_no_policy_violation(page, home, organisation):
    home.add_child(instance=EventIndexPage(title="Events", slug="events"))
    home.add_child(instance=FinderPage(title="Find opportunities", slug="opportunities"))
    event = EventPageFactory(parent=organisation, title="Meet the buyer: council cleaning", capacity=5)
    event.save_revision().publish()
    page.set_default_timeout(30_000)  # seven pages on a busy test machine
    violations = watch_for_violations(page)

    for url in (
        "/",
        "/opportunities/?q=cleaning",
        "/events/",
        event.url,
        f"/events/{event.pk}/register/",
        "/alerts/subscribe/",
        "/events/embed/",
    ):
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        if url != "/events/embed/":  # the embed is plain HTML with no script
            # GOV.UK Frontend's start-up ran: the body says JavaScript is on, and the skip link is set up.
            assert "js-enabled" in page.locator("body").get_attribute("class"), url
            expect(page.locator(".govuk-skip-link")).to_have_attribute("data-govuk-skip-link-init", "")
    assert violations == []


def test_the_menu_button_works_on_a_narrow_screen(page, home):
    """The service navigation's toggle is made by GOV.UK Frontend's script: proof that it is allowed."""
    page.set_viewport_size({"width": 375, "height": 800})
    violations = watch_for_violations(page)
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    menu.click()
    expect(page.get_by_role("link", name="Find opportunities")).to_be_visible()
    assert violations == []
