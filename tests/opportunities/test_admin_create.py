import pytest

from opportunities.models import OpportunityPage
from tests.opportunities.conftest import create_url, form_errors, opportunity_post


@pytest.mark.django_db
def test_buyer_creates_and_publishes_an_opportunity_with_three_lots(client, buyer, organisation, cpv):
    client.force_login(buyer)
    response = client.post(create_url(organisation), opportunity_post(publish=True))
    assert response.status_code == 302, form_errors(response)
    opportunity = OpportunityPage.objects.get(reference="NBC-2026-001")
    assert opportunity.live
    assert opportunity.buyer_id == organisation.pk
    assert opportunity.main_cpv.code == "90910000"
    assert [lot.number for lot in opportunity.lots.order_by("number")] == [1, 2, 3]
    assert [c.code for c in opportunity.lots.first().cpv_codes.all()] == ["90910000"]
