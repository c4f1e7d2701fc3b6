"""The organisation page lists open opportunities, the forward plan and recent awards."""

import datetime
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from opportunities.models import Stage


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def add(organisation, title, lots=1, **fields):
    opportunity = OpportunityPageFactory(parent=organisation, title=title, **fields)
    for number in range(1, lots + 1):
        LotFactory(opportunity=opportunity, number=number)
    return opportunity


@pytest.mark.django_db
def test_organisation_page_lists_open_planned_and_awarded_work(client, organisation, other_organisation):
    add(organisation, "Park maintenance", lots=3)
    add(organisation, "Closed cleaning", submission_deadline=timezone.now() - datetime.timedelta(days=1))
    add(organisation, "New depot", stage=Stage.PIPELINE, submission_deadline=None)
    awarded = add(organisation, "Printing", stage=Stage.AWARDED)
    AwardFactory(lot=awarded.lots.get(), supplier_name="Pennine Print and Design")
    add(other_organisation, "Someone else's work")

    page = text_of(client.get(organisation.url))
    open_section = page.split('id="open-opportunities"')[1].split('id="pipeline"')[0]
    assert "Park maintenance" in open_section and "3 lots" in open_section
    assert "Closed cleaning" not in open_section
    assert "New depot" in page.split('id="pipeline"')[1].split('id="recent-awards"')[0]
    assert "Pennine Print and Design" in page.split('id="recent-awards"')[1]
    assert "Someone else's work" not in page


@pytest.mark.django_db
def test_organisation_page_queries_do_not_grow_with_opportunities(client, organisation, django_assert_max_num_queries):
    for index in range(2):
        add(organisation, f"Open {index}", lots=2)
    awarded = add(organisation, "Awarded", stage=Stage.AWARDED)
    AwardFactory(lot=awarded.lots.get())
    client.get(organisation.url)
    with CaptureQueriesContext(connection) as few:
        client.get(organisation.url)
    for index in range(6):
        add(organisation, f"More {index}", lots=3, stage=Stage.PIPELINE if index % 2 else Stage.OPEN)
        more = add(organisation, f"Awarded {index}", stage=Stage.AWARDED)
        AwardFactory(lot=more.lots.get())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(organisation.url)
