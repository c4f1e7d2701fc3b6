"""Buyers create, edit, submit for moderation and publish opportunities (and their lots) only under
their own organisation. Every check drives the real Wagtail admin views."""

import pytest

from wagtail.models import WorkflowState

from opportunities.factories import LotFactory, OpportunityPageFactory
from opportunities.models import Lot, OpportunityPage
from tests.admin_forms import inline_formset
from tests.opportunities.conftest import create_url, form_errors, lot_row, opportunity_post


def refused(response):
    """Wagtail answers a permission failure with 403 or a redirect to the admin home (never the login)."""
    return response.status_code == 403 or (response.status_code == 302 and "/admin/login/" not in response.url)


@pytest.fixture
def theirs(other_organisation):
    opportunity = OpportunityPageFactory(parent=other_organisation, reference="WCC-1", slug="their-work")
    LotFactory(opportunity=opportunity, number=1, title="Their lot")
    return opportunity


@pytest.fixture
def ours(organisation):
    opportunity = OpportunityPageFactory(parent=organisation, reference="NBC-2026-001", slug="cleaning")
    LotFactory(opportunity=opportunity, number=1, title="Our lot")
    return opportunity


@pytest.mark.django_db
def test_buyer_cannot_open_the_create_form_under_another_organisation(client, buyer, other_organisation):
    client.force_login(buyer)
    assert refused(client.get(create_url(other_organisation)))


@pytest.mark.django_db
def test_buyer_cannot_create_an_opportunity_under_another_organisation(client, buyer, other_organisation, cpv):
    client.force_login(buyer)
    response = client.post(create_url(other_organisation), opportunity_post(publish=True))
    assert refused(response)
    assert not OpportunityPage.objects.exists()
    assert not Lot.objects.exists()


@pytest.mark.django_db
def test_buyer_edits_lots_of_own_opportunity(client, buyer, ours, cpv):
    client.force_login(buyer)
    lot = ours.lots.get()
    rows = inline_formset([lot_row(1, id=lot.pk, title="Town hall"), lot_row(2, title="Library")], initial=1)
    response = client.post(
        f"/admin/pages/{ours.pk}/edit/", opportunity_post(slug="cleaning", lot_rows=rows, publish=True)
    )
    assert response.status_code == 302, form_errors(response)
    assert sorted(ours.lots.values_list("title", flat=True)) == ["Library", "Town hall"]


@pytest.mark.django_db
def test_buyer_cannot_edit_or_publish_another_organisations_opportunity(client, buyer, theirs, cpv):
    client.force_login(buyer)
    assert refused(client.get(f"/admin/pages/{theirs.pk}/edit/"))
    lot = theirs.lots.get()
    rows = inline_formset([lot_row(1, id=lot.pk, title="Hijacked"), lot_row(2, title="Extra")], initial=1)
    data = opportunity_post(slug="their-work", reference="WCC-1", title="Hijacked", lot_rows=rows, publish=True)
    revisions = theirs.revisions.count()
    assert refused(client.post(f"/admin/pages/{theirs.pk}/edit/", data))
    theirs.refresh_from_db()
    assert theirs.title != "Hijacked"
    assert list(theirs.lots.values_list("title", flat=True)) == ["Their lot"]
    assert theirs.revisions.count() == revisions


@pytest.mark.django_db
def test_buyer_submits_own_opportunity_for_moderation(client, buyer, organisation, cpv):
    client.force_login(buyer)
    response = client.post(create_url(organisation), opportunity_post(submit=True))
    assert response.status_code == 302, form_errors(response)
    opportunity = OpportunityPage.objects.get()
    assert not opportunity.live
    state = WorkflowState.objects.for_instance(opportunity).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == buyer


@pytest.mark.django_db
def test_buyer_cannot_submit_another_organisations_opportunity(client, buyer, theirs, cpv):
    client.force_login(buyer)
    data = opportunity_post(slug="their-work", reference="WCC-1", submit=True)
    assert refused(client.post(f"/admin/pages/{theirs.pk}/edit/", data))
    assert not WorkflowState.objects.for_instance(theirs).exists()


@pytest.mark.django_db
def test_buyer_cannot_unpublish_another_organisations_opportunity(client, buyer, theirs):
    client.force_login(buyer)
    assert refused(client.post(f"/admin/pages/{theirs.pk}/unpublish/"))
    theirs.refresh_from_db()
    assert theirs.live


@pytest.mark.django_db
def test_each_buyer_publishes_under_their_own_organisation(
    client, buyer, other_buyer, organisation, other_organisation, cpv
):
    client.force_login(other_buyer)
    response = client.post(create_url(other_organisation), opportunity_post(publish=True, reference="WCC-9"))
    assert response.status_code == 302, form_errors(response)
    client.force_login(buyer)
    response = client.post(create_url(organisation), opportunity_post(publish=True))
    assert response.status_code == 302, form_errors(response)
    by_buyer = dict(OpportunityPage.objects.values_list("reference", "buyer_id"))
    assert by_buyer == {"WCC-9": other_organisation.pk, "NBC-2026-001": organisation.pk}


@pytest.mark.django_db
def test_scheduled_publishing_waits_for_its_time(client, buyer, organisation, cpv):
    client.force_login(buyer)
    from tests.opportunities.test_admin_validation import soon

    response = client.post(create_url(organisation), opportunity_post(publish=True, go_live_at=soon(days=2)))
    assert response.status_code == 302, form_errors(response)
    opportunity = OpportunityPage.objects.get()
    assert not opportunity.live
    assert opportunity.revisions.filter(approved_go_live_at__isnull=False).exists()
