import pytest

from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from opportunities.models import OpportunityPage
from tests.admin_forms import inline_formset
from tests.opportunities.conftest import create_url, form_errors, lot_row, notice_row, opportunity_post


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


@pytest.mark.django_db
def test_buyer_previews_an_unsaved_opportunity_with_its_lots(client, buyer, organisation, cpv):
    client.force_login(buyer)
    preview_url = f"{create_url(organisation)}preview/"
    response = client.post(preview_url, opportunity_post(title="Preview of park cleaning"))
    assert response.json()["is_valid"] is True
    response = client.get(preview_url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Preview of park cleaning" in content
    assert "Lot 3: Lot 3 title" in content


@pytest.mark.django_db
def test_buyer_previews_changes_to_a_published_opportunity_with_awards(client, buyer, organisation, cpv):
    opportunity = OpportunityPageFactory(parent=organisation, reference="NBC-2026-001", slug="cleaning")
    lot = LotFactory(opportunity=opportunity, number=1, title="Town hall")
    AwardFactory(lot=lot, supplier_name="Brightwash Co-operative")
    client.force_login(buyer)
    rows = inline_formset([lot_row(1, id=lot.pk, title="Town hall"), lot_row(2, title="New library lot")], initial=1)
    preview_url = f"/admin/pages/{opportunity.pk}/edit/preview/"
    response = client.post(
        preview_url,
        opportunity_post(
            slug="cleaning",
            lot_rows=rows,
            stage="awarded",
            notices=[notice_row(), notice_row("UK6", identifier="023456-2026", ORDER=2)],
        ),
    )
    assert response.json()["is_valid"] is True
    content = client.get(preview_url).content.decode()
    assert "New library lot" in content
    assert "Brightwash Co-operative" in content
