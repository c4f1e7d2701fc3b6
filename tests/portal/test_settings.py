"""Configuration from the environment: clear failures for bad values, clean deploy checks."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from django.core.exceptions import ValidationError

from portal.models import PortalSettings
from portal.models.settings import contrast_ratio

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "x" * 20 + "a-long-random-production-secret-value-0123456789"


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "OCDS_PREFIX"}
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "portal.settings.production", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DATABASE_URL="sqlite:///tmp.db", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_malformed_database_url():
    result = run_manage("check", DATABASE_URL="not a url", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    result = run_manage("check", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_production_refuses_the_placeholder_ocid_prefix():
    for prefix in (None, "ocds-xxxxxx", "ocds-not-registered"):
        env = {"DATABASE_URL": "postgres://portal@db.example.org:5432/portal", "SECRET_KEY": GOOD_SECRET}
        if prefix:
            env["OCDS_PREFIX"] = prefix
        result = run_manage("check", ALLOWED_HOSTS="portal.example.org", **env)
        assert result.returncode != 0, prefix
        assert "OCDS_PREFIX must be the partnership's registered ocid prefix" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATABASE_URL="postgres://portal@db.example.org:5432/portal",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="portal.example.org",
        OCDS_PREFIX="ocds-a1b2c3",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        ("blue", "six letters or numbers"),
        ("#ffdd00", "too light"),
    ],
)
def test_brand_colour_must_be_valid_and_readable(db, colour, message):
    settings = PortalSettings(brand_colour=colour)
    with pytest.raises(ValidationError, match=message):
        settings.clean()


def test_default_brand_colour_passes_contrast():
    assert contrast_ratio(PortalSettings._meta.get_field("brand_colour").default, "#ffffff") >= 4.5


def dev_base_url(**env):
    environment = {key: value for key, value in os.environ.items() if key not in {"BASE_URL", "PORT"}}
    environment.update({"DJANGO_SETTINGS_MODULE": "portal.settings.dev", **env})
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_links_follow_the_port_the_portal_runs_on_in_development():
    assert dev_base_url(PORT="8792") == "http://127.0.0.1:8792"
    assert dev_base_url() == "http://127.0.0.1:8000"
    assert dev_base_url(PORT="8792", BASE_URL="https://portal.example.org") == "https://portal.example.org"


def test_make_run_passes_its_port_to_the_portal():
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        [make, "-n", "run", "PORT=8792"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert "PORT=8792 .venv/bin/python manage.py runserver 127.0.0.1:8792" in result.stdout
    assert "PORT=8792 .venv/bin/python manage.py seed_demo" in result.stdout


def test_emails_come_from_the_sites_name():
    environment = {key: value for key, value in os.environ.items() if key not in {"DEFAULT_FROM_EMAIL", "SITE_NAME"}}
    environment.update({"DJANGO_SETTINGS_MODULE": "portal.settings.dev", "SITE_NAME": "Northshire Buying"})
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "Northshire Buying <alerts@localhost>", result.stderr
