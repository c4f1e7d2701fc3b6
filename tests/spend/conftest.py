"""Helpers for the spend tests: files go in through the same functions as the admin and the command."""

import io
from pathlib import Path

import pytest

from spend import reading
from spend.importer import import_payments, preview
from spend.uploads import receive, remember_mapping

DATA = Path(__file__).parent / "data"
# The sample files (data/ and the tests' own lines) are real-shaped payments of the financial year that
# starts in April 2024: a file of a given year, as analysts receive them.
SAMPLES_YEAR = 2024


@pytest.fixture
def summer_after_the_samples_year(clock_at):
    """The clock in the June after the samples' year, when an analyst would load them: the upload form
    offers the last ten years, so the tests tell the same story whatever today's date."""
    clock_at(f"{SAMPLES_YEAR + 1}-06-02 10:00")


def upload(anchor, year, content, name="payments.csv", publisher=None, columns=None):
    """A PaymentFile for text or bytes, with its columns guessed (or given) and remembered."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    handle = io.BytesIO(raw)
    handle.name = name
    payment_file = receive(anchor, year, handle)
    if columns is None:
        columns = reading.guess_columns(reading.read_headings(payment_file.file.path))
    payment_file.mapping = remember_mapping(publisher or anchor.title, columns)
    payment_file.save()
    return payment_file


def import_text(anchor, year, content, **kwargs):
    return import_payments(upload(anchor, year, content, **kwargs))


def preview_text(anchor, year, content, **kwargs):
    return preview(upload(anchor, year, content, **kwargs))


@pytest.fixture
def lga_file():
    return (DATA / "lga_transparency.csv").read_bytes()


@pytest.fixture(autouse=True)
def default_rules(db):
    """A transactional test (the browser tests) empties every table; put the migration's rules back."""
    from spend.models import InfluenceRule
    from spend.rules import add_default_rules

    add_default_rules(InfluenceRule)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
