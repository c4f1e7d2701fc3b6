"""Dates typed day/month/year in the opportunity editor are saved as typed, shown back the same way, and
anything the editor cannot read is refused with a message, never replaced.

Each case posts the real Wagtail page editor as a signed-in buyer.
"""

import datetime

import pytest

from django.utils import timezone

from opportunities.models import OpportunityPage
from tests.opportunities.conftest import create_url, form_errors, opportunity_post

UK_DATETIME = "%d/%m/%Y %H:%M"
UK_DATE = "%d/%m/%Y"


def uk_dates():
    """Six dates in order, a year or so ahead, typed as a UK buyer types them."""
    base = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0) + datetime.timedelta(days=400)
    return {
        "published_date": base,
        "clarification_deadline": base + datetime.timedelta(days=10, hours=-2),
        "submission_deadline": base + datetime.timedelta(days=21),
        "expected_award_date": (base + datetime.timedelta(days=60)).date(),
        "contract_start": (base + datetime.timedelta(days=90)).date(),
        "contract_end": (base + datetime.timedelta(days=455)).date(),
    }


def typed(dates):
    return {
        name: value.strftime(UK_DATETIME if isinstance(value, datetime.datetime) else UK_DATE)
        for name, value in dates.items()
    }


@pytest.fixture
def signed_in(client, buyer, cpv):
    client.force_login(buyer)
    return client


@pytest.mark.django_db
def test_uk_dates_are_saved_as_typed_and_shown_back_day_first(signed_in, organisation):
    dates = uk_dates()
    response = signed_in.post(create_url(organisation), opportunity_post(stage="pipeline", notices=[], **typed(dates)))
    assert response.status_code == 302, form_errors(response)

    opportunity = OpportunityPage.objects.get()
    for name, expected in dates.items():
        saved = getattr(opportunity, name)
        saved = timezone.localtime(saved) if isinstance(saved, datetime.datetime) else saved
        assert saved == expected, f"{name}: typed {typed(dates)[name]}, saved {saved}"

    editor = signed_in.get(f"/admin/pages/{opportunity.pk}/edit/").content.decode()
    for text in typed(dates).values():
        assert f'value="{text}"' in editor


@pytest.mark.django_db
def test_first_of_april_is_never_read_month_first(signed_in, organisation):
    year = timezone.localdate().year + 2
    response = signed_in.post(
        create_url(organisation), opportunity_post(stage="pipeline", notices=[], contract_start=f"01/04/{year}")
    )
    assert response.status_code == 302, form_errors(response)
    assert OpportunityPage.objects.get().contract_start == datetime.date(year, 4, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("contract_start", "31/02/2028", "Enter a real date as day/month/year"),
        ("expected_award_date", "next Tuesday", "Enter a real date as day/month/year"),
        ("submission_deadline", "20/13/2027 12:00", "Enter a real date and time"),
    ],
)
def test_unreadable_dates_are_refused_and_kept_as_typed(signed_in, organisation, field, text, message):
    response = signed_in.post(create_url(organisation), opportunity_post(stage="pipeline", notices=[], **{field: text}))
    assert response.status_code == 200
    assert not OpportunityPage.objects.exists()
    errors = form_errors(response)
    assert any(message in error for error in errors[field]), errors
    assert f'value="{text}"' in response.content.decode()
