"""The portal run as `make run PORT=8792` does: links in emails and partners' codes name that port.

This starts the real development server (`manage.py runserver` with the development settings and the
port in `PORT`, as `make run` does) on a free port other than 8000, against this test's database, and
follows what it emails in Chromium. The development settings print emails to the server's output.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from django.db import connection

from events.factories import PartnerFactory

from .conftest import assert_accessible

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return port if port != 8000 else free_port()


def database_url():
    database = connection.settings_dict
    credentials = quote(database["USER"] or "") + (f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


@pytest.fixture
def development_server(home, tmp_path):
    """(base address, a function returning what the server has printed so far)."""
    if connection.vendor != "postgresql":
        pytest.skip("The development server needs a database another process can open; SQLite's test one is in memory.")
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if key not in {"BASE_URL", "REDIS_URL", "EMAIL_URL"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        PORT=str(port),
        DATABASE_URL=database_url(),
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONUNBUFFERED="1",
    )
    output = tmp_path / "server.log"
    with output.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"The development server did not start:\n{output.read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", output.read_text
    finally:
        server.terminate()
        server.wait(timeout=10)


def emailed_link(printed, start, timeout=10):
    """The first link beginning with `start` in the emails the server has printed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(re.escape(start) + r"\S+", printed())
        if found:
            return found.group(0)
        time.sleep(0.2)
    pytest.fail(f"No link starting {start} in what the server printed:\n{printed()}")


def test_emailed_links_and_referral_codes_follow_the_port_the_portal_runs_on(page, development_server):
    base, printed = development_server
    page.goto(f"{base}/suppliers/sign-in/")
    page.get_by_label("Email address").fill("hello@ribble.example")
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    link = emailed_link(printed, f"{base}/suppliers/sign-in/")
    page.goto(link)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your supplier profile")

    PartnerFactory(name="Northshire Chamber of Commerce", slug="northshire-chamber")
    page.goto(f"{base}/partners/northshire-chamber/")
    expect(page.locator("#referral-link")).to_have_text(f"{base}/events/?ref=northshire-chamber")
    assert_accessible(page)
