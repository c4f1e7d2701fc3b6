"""Fixtures for the opportunities tests: CPV codes, buyers, and the POST data of the page editor."""

import datetime

import pytest

from django.utils import timezone

from portal.factories import CPVCodeFactory, LocationFactory
from tests.admin_forms import page_form_data, streamfield

DATETIME = "%Y-%m-%d %H:%M"


@pytest.fixture
def cpv(db):
    """A few real CPV codes, keyed by code."""
    codes = {
        "90910000": "Cleaning services",
        "77311000": "Ornamental and pleasure gardens maintenance services",
        "72000000": "IT services: consulting, software development, Internet and support",
    }
    return {code: CPVCodeFactory(code=code, label=label) for code, label in codes.items()}


@pytest.fixture
def area(db):
    return LocationFactory(name="Northshire", slug="northshire-area", postcode_districts="PR1, PR2")


def lot_row(number, **fields):
    row = {
        "id": "",
        "ORDER": str(number),
        "DELETE": "",
        "number": str(number),
        "title": f"Lot {number} title",
        "description": "Work in one part of the borough.",
        "value_min": "10000",
        "value_max": "30000",
        "cpv_codes": "90910000",
        "duration_months": "24",
        "suitable_for_sme": "on",
        "reserved": "",
        "reserved_area": "",
    }
    row.update({key: str(value) for key, value in fields.items()})
    return row


def notice_row(notice_type="UK4", identifier="012345-2026", **fields):
    """A notice recorded in the editor: by default the UK4 tender notice published yesterday."""
    row = {
        "id": "",
        "ORDER": "1",
        "DELETE": "",
        "notice_type": notice_type,
        "identifier": identifier,
        "url": f"https://www.find-tender.service.gov.uk/Notice/{identifier}",
        "published": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "standstill_end": "",
    }
    row.update({key: str(value) for key, value in fields.items()})
    return row


def opportunity_post(*, lots=3, publish=False, submit=False, lot_rows=None, notices=None, **fields):
    """POST data for the opportunity editor: an open opportunity closing in 3 weeks, with `lots` lots.

    Worth up to £120,000 including VAT for a council, it is below threshold but notifiable, so it carries
    its UK4 tender notice unless `notices` says otherwise.
    """
    now = timezone.localtime()
    data = {
        "title": "Cleaning for council offices",
        "slug": "cleaning-for-council-offices",
        "reference": "NBC-2026-001",
        "stage": "open",
        "procedure": "open",
        "summary": "We need cleaners for three council offices in the town centre.",
        "description": streamfield([]),
        "published_date": (now - datetime.timedelta(days=1)).strftime(DATETIME),
        "clarification_deadline": (now + datetime.timedelta(days=10)).strftime(DATETIME),
        "submission_deadline": (now + datetime.timedelta(days=21)).strftime(DATETIME),
        "expected_award_date": "",
        "contract_start": "",
        "contract_end": "",
        "value_min": "30000",
        "value_max": "100000",
        "value_min_inc_vat": "36000",
        "value_max_inc_vat": "120000",
        "category": "services",
        "direct_award_justification": "",
        "main_cpv": "90910000",
        "additional_cpv": "",
        "no_lots_reason": "",
        "minimum_turnover": "",
        "insurance": "",
        "accreditations": "",
        "how_to_bid_url": "https://tenders.example.org/nbc",
        "how_to_bid": "Register on the tender website.",
        "contact_name": "Procurement team",
        "contact_email": "procurement@example.org",
    }
    data.update(fields)
    rows = lot_rows if lot_rows is not None else [lot_row(number) for number in range(1, lots + 1)]
    notice_rows = notices if notices is not None else [notice_row()]
    return page_form_data(data, publish=publish, submit=submit, lots=rows, documents=[], notices=notice_rows)


def create_url(parent):
    return f"/admin/pages/add/opportunities/opportunitypage/{parent.pk}/"


def form_errors(response):
    """Field errors of the page form and its lot forms, for assertion messages and checks."""
    form = response.context["form"]
    errors = dict(form.errors)
    for name in ("lots", "notices"):
        for index, child_form in enumerate(form.formsets[name].forms):
            for field, messages in child_form.errors.items():
                errors[f"{name}-{index}-{field}"] = messages
    return errors
