"""Browser test harness: Playwright drives Debian's Chromium against pytest-django's live server.

Every test in this folder runs in a real browser, with a transactional database (the live server
runs in another thread) restored from the migrations' data after each test. `assert_accessible`
runs axe-core for WCAG 2.0, 2.1 and 2.2 at levels A and AA and fails on any violation.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path():
    candidate = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's chromium package or set CHROMIUM_PATH."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, home):
    """A fresh browser tab with `base_url` set to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


# Tabs of `no_js_page`, by id: axe runs inside the page, so where JavaScript is off it waits for ever.
TABS_WITHOUT_JAVASCRIPT = set()


@pytest.fixture
def no_js_page(browser, live_server, home):
    """A tab with JavaScript switched off, to prove a journey works without it."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    TABS_WITHOUT_JAVASCRIPT.add(id(tab))
    yield tab
    TABS_WITHOUT_JAVASCRIPT.discard(id(tab))
    context.close()


_axe = Axe()


# Waits (at most 3 s) for the page's finite CSS transitions and animations to end: Wagtail fades its
# messages in over half a second, and axe measuring contrast halfway through reports a fault that no
# one sees once the page has settled.
SETTLE = """() => Promise.race([
    Promise.all(document.getAnimations()
        .filter(animation => animation.effect && animation.effect.getTiming().iterations !== Infinity)
        .map(animation => animation.finished.catch(() => null))),
    new Promise(resolve => setTimeout(resolve, 3000)),
])"""


def axe_violations(page):
    """Run axe-core on the page once it has settled; return its WCAG A/AA violations."""
    page.evaluate(SETTLE)
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return results.response["violations"]


def the_same_markup_with_javascript(page):
    """A tab with JavaScript that shows exactly what `page` shows, at the same address (so styles load)."""
    markup = page.content()
    context = page.context.browser.new_context(viewport=page.viewport_size)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.route(page.url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=markup))
    tab.goto(page.url)
    return tab


def assert_accessible(page):
    """No WCAG 2.2 A or AA violations that axe can find. A page without JavaScript is checked as it was shown."""
    if id(page) in TABS_WITHOUT_JAVASCRIPT:
        checked = the_same_markup_with_javascript(page)
        try:
            violations = axe_violations(checked)
        finally:
            checked.context.close()
    else:
        violations = axe_violations(page)
    if violations:
        lines = [f"{page.url} has {len(violations)} accessibility violation(s):"]
        for violation in violations:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
        pytest.fail("\n".join(lines))


@pytest.fixture
def login(page):
    """Sign in to the Wagtail admin through its real login form."""

    def sign_in(username, password="correct-horse-battery"):
        page.goto("/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        return page

    return sign_in
