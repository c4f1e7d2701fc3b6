"""The demo: promises on every award, a year of returns (some overdue, one corrected), a partial survey."""

import pytest

from impact import demo, figures
from impact.models import Commitment, DeliveryPlan, DeliveryReturn, Survey, SurveyInvitation, SurveyResponse
from insights import demo as insights_demo
from opportunities import demo as opportunities_demo
from opportunities.models import Award
from portal import demo as portal_demo


@pytest.mark.django_db
def test_demo_has_a_year_of_returns_and_a_partial_survey_and_runs_again(home):
    quiet = lambda message: None  # noqa: E731
    portal_demo.seed(progress=quiet)
    opportunities_demo.seed(progress=quiet)
    insights_demo.seed(progress=quiet)
    messages = []
    demo.seed(progress=messages.append)

    assert not Award.objects.filter(commitments__isnull=True).exists()
    assert DeliveryPlan.objects.count() == demo.PLANS
    assert DeliveryReturn.objects.filter(version=2).count() == 1, "one correction, with its first version kept"
    assert DeliveryReturn.objects.count() > DeliveryPlan.objects.count() * 2
    answered, invited = SurveyResponse.objects.count(), SurveyInvitation.objects.count()
    assert 0 < answered < invited, "a partial response"
    year = Survey.objects.values_list("year", flat=True).first()
    assert any(scope.publishable for scope in figures.scopes(year)), "at least one set of published figures"
    counts = (Commitment.objects.count(), DeliveryReturn.objects.count(), answered, invited)

    demo.seed(progress=quiet)
    assert (Commitment.objects.count(), DeliveryReturn.objects.count(), SurveyResponse.objects.count()) == counts[:3]
    assert SurveyInvitation.objects.count() == invited
    assert any("suppliers answered" in message for message in messages)
