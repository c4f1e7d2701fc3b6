"""gunicorn's master serves one finder search before forking, so every worker starts with the finder loaded."""

import importlib.util
from pathlib import Path

import pytest

from django.core import signals
from django.db import close_old_connections

from finder.backends import bitmaps
from finder.models import IndexVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """A request closes old database connections as it starts and ends, which would close the test's
    own transaction; Django's test client switches that off in the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def gunicorn_settings():
    path = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_settings", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_warm_up_search_loads_the_finder_index_that_workers_will_share(finder_page, catalogue, monkeypatch):
    monkeypatch.setattr(bitmaps, "_current", None)
    assert gunicorn_settings().serve_one_search().startswith("200")
    assert bitmaps._current is not None
    assert bitmaps._current.token == IndexVersion.read()[IndexVersion.SEARCH_TABLE]


def test_without_a_finder_page_there_is_nothing_to_warm(home):
    assert gunicorn_settings().serve_one_search() is None
