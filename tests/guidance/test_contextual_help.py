"""Opportunity pages link the guidance that fits their stage and procedure."""

import pytest

from django.template import Context, Template
from django.test import RequestFactory

from guidance.factories import GuidancePageFactory
from opportunities.factories import OpportunityPageFactory
from opportunities.models import Procedure, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides(guidance_index):
    return {
        "market": GuidancePageFactory(
            parent=guidance_index, title="How to respond to a market engagement", opportunity_stage="market_engagement"
        ),
        "bid": GuidancePageFactory(parent=guidance_index, title="Writing a bid", opportunity_stage="open"),
        "framework": GuidancePageFactory(
            parent=guidance_index, title="Frameworks explained", opportunity_procedure="framework_call_off"
        ),
        "basics": GuidancePageFactory(parent=guidance_index, title="How public buying works", topic="public_buying"),
        "draft": GuidancePageFactory(
            parent=guidance_index, title="Unpublished help", opportunity_stage="market_engagement", live=False
        ),
    }


def render_help(opportunity, request=None):
    request = request or RequestFactory().get(opportunity.url)
    return Template("{% load guidance_tags %}{% guidance_for_opportunity opportunity %}").render(
        Context({"opportunity": opportunity, "request": request})
    )


def test_market_engagement_links_the_market_engagement_guide(organisation, guides, django_assert_num_queries):
    opportunity = OpportunityPageFactory(parent=organisation, stage=Stage.MARKET_ENGAGEMENT)
    request = RequestFactory().get(opportunity.url)
    render_help(opportunity, request)  # the site's root paths are loaded once per request, as on a real page
    with django_assert_num_queries(1):
        html = render_help(opportunity, request)
    assert "Help with this opportunity" in html
    assert "How to respond to a market engagement" in html
    assert "Writing a bid" not in html
    assert "Unpublished help" not in html
    assert "New to tendering?" in html
    assert "How public buying works" in html


def test_stage_help_comes_before_procedure_help(organisation, guides):
    opportunity = OpportunityPageFactory(parent=organisation, stage=Stage.OPEN, procedure=Procedure.FRAMEWORK_CALL_OFF)
    html = render_help(opportunity)
    assert html.index("Writing a bid") < html.index("Frameworks explained")


def test_an_open_opportunity_past_its_deadline_gets_evaluation_help(organisation, guides, guidance_index):
    import datetime

    from django.utils import timezone

    GuidancePageFactory(parent=guidance_index, title="After the deadline", opportunity_stage="evaluation")
    opportunity = OpportunityPageFactory(
        parent=organisation,
        stage=Stage.OPEN,
        submission_deadline=timezone.now() - datetime.timedelta(days=1),
    )
    html = render_help(opportunity)
    assert "After the deadline" in html
    assert "Writing a bid" not in html


def test_with_no_fitting_guide_only_the_new_to_tendering_panel_shows(organisation, guides):
    opportunity = OpportunityPageFactory(parent=organisation, stage=Stage.AWARDED, procedure=Procedure.PCR_RESTRICTED)
    html = render_help(opportunity)
    assert "New to tendering?" in html
    assert 'href="/guidance/"' in html
    assert "How to respond to a market engagement" not in html
