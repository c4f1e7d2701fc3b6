"""Buyers record awards on their own organisation's lots only, through the Awards admin screens."""

from decimal import Decimal

import pytest

from django.contrib.auth.models import Permission

from impact.catalogue import ensure_core_measures
from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from opportunities.models import Award, OpportunityPage, Stage
from portal.factories import UserFactory
from tests.admin_forms import inline_formset, nested_form_data
from tests.opportunities.test_buyer_isolation import refused

URL = "/admin/awards/"


def award_post(lot, commitments=(), plans=(), **fields):
    """The award editor's POST: the award's fields and its two inlines (commitments, delivery reporting)."""
    data = {
        "lot": str(lot.pk),
        "supplier_name": "Brightwash Co-operative",
        "supplier_number": "IP31234R",
        "supplier_postcode": "PR1 3NX",
        "supplier_size": "small",
        "supplier_type": "coop",
        "value": "31500",
        "award_date": "2026-11-20",
        "commitments": inline_formset(list(commitments)),
        "delivery_plans": inline_formset(list(plans)),
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.fixture
def our_lot(organisation):
    opportunity = OpportunityPageFactory(parent=organisation, title="Our cleaning", reference="NBC-1")
    return LotFactory(opportunity=opportunity, number=1)


@pytest.fixture
def their_lot(other_organisation):
    opportunity = OpportunityPageFactory(parent=other_organisation, title="Their gritting", reference="WCC-1")
    return LotFactory(opportunity=opportunity, number=1)


@pytest.mark.django_db
def test_buyer_records_an_award_on_own_lot(client, buyer, our_lot):
    client.force_login(buyer)
    response = client.post(f"{URL}new/", award_post(our_lot))
    assert response.status_code == 302
    award = Award.objects.get()
    assert award.lot == our_lot
    assert award.value == Decimal("31500")


@pytest.mark.django_db
def test_buyer_records_social_value_commitments_with_the_award(client, buyer, our_lot):
    measures = ensure_core_measures()
    client.force_login(buyer)
    commitments = [
        {"measure": str(measures["local-jobs"].pk), "quantity": "4"},
        {"measure": str(measures["volunteering-hours"].pk), "quantity": "40.5"},
    ]
    response = client.post(f"{URL}new/", award_post(our_lot, commitments=commitments))
    assert response.status_code == 302
    award = Award.objects.get()
    assert {(c.measure.code, c.quantity) for c in award.commitments.all()} == {
        ("local-jobs", Decimal("4")),
        ("volunteering-hours", Decimal("40.5")),
    }


@pytest.mark.django_db
def test_buyer_sets_up_delivery_reporting_with_the_award(client, buyer, our_lot):
    client.force_login(buyer)
    plan = {"supplier_email": "reports@brightwash.example", "starts_on": "2026-12-01", "ends_on": "2026-01-01"}
    plan.update(months_per_period="3", days_to_report="30")
    backwards = client.post(f"{URL}new/", award_post(our_lot, plans=[plan]))
    assert backwards.status_code == 200
    assert "The last period must end after the first one starts." in backwards.content.decode()
    plan["ends_on"] = "2028-11-30"
    assert client.post(f"{URL}new/", award_post(our_lot, plans=[plan])).status_code == 302
    saved = Award.objects.get().delivery_plans.get()
    assert (saved.supplier_email, saved.months_per_period) == ("reports@brightwash.example", 3)


@pytest.mark.django_db
def test_a_measure_promised_twice_or_a_negative_promise_is_refused_and_kept(client, buyer, our_lot):
    measures = ensure_core_measures()
    client.force_login(buyer)
    jobs = str(measures["local-jobs"].pk)
    twice = [{"measure": jobs, "quantity": "4"}, {"measure": jobs, "quantity": "5"}]
    response = client.post(f"{URL}new/", award_post(our_lot, commitments=twice))
    assert response.status_code == 200
    assert not Award.objects.exists()
    negative = [{"measure": jobs, "quantity": "-3"}]
    response = client.post(f"{URL}new/", award_post(our_lot, commitments=negative))
    assert response.status_code == 200
    assert "Enter 0 or more." in response.content.decode()
    assert "Brightwash Co-operative" in response.content.decode(), "what was typed is kept"
    assert not Award.objects.exists()


@pytest.mark.django_db
def test_create_form_offers_only_own_lots(client, buyer, our_lot, their_lot):
    client.force_login(buyer)
    content = client.get(f"{URL}new/").content.decode()
    assert "Our cleaning" in content
    assert "Their gritting" not in content


@pytest.mark.django_db
def test_buyer_cannot_award_another_organisations_lot(client, buyer, their_lot):
    client.force_login(buyer)
    response = client.post(f"{URL}new/", award_post(their_lot))
    assert response.status_code == 200
    assert "lot" in response.context["form"].errors
    assert not Award.objects.exists()


@pytest.mark.django_db
def test_award_on_a_cancelled_opportunity_is_refused(client, buyer, our_lot):
    OpportunityPage.objects.filter(pk=our_lot.opportunity_id).update(stage=Stage.CANCELLED)
    client.force_login(buyer)
    response = client.post(f"{URL}new/", award_post(our_lot))
    assert response.status_code == 200
    assert "was cancelled" in response.context["form"].errors["lot"][0]
    assert "Brightwash Co-operative" in response.content.decode(), "what was typed is kept"
    assert not Award.objects.exists()


@pytest.mark.django_db
def test_award_listing_shows_only_own_awards(client, buyer, our_lot, their_lot):
    AwardFactory(lot=our_lot, supplier_name="Ours Ltd")
    AwardFactory(lot=their_lot, supplier_name="Theirs Ltd")
    client.force_login(buyer)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ours Ltd" in content
    assert "Theirs Ltd" not in content


@pytest.mark.django_db
def test_buyer_edits_own_award(client, buyer, our_lot):
    award = AwardFactory(lot=our_lot)
    client.force_login(buyer)
    response = client.post(f"{URL}edit/{award.pk}/", award_post(our_lot, value="29000"))
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.value == Decimal("29000")


@pytest.mark.django_db
def test_buyer_cannot_edit_or_delete_another_organisations_award(client, buyer, their_lot):
    award = AwardFactory(lot=their_lot, supplier_name="Theirs Ltd", value=Decimal("1000"))
    client.force_login(buyer)
    edit_page = client.get(f"{URL}edit/{award.pk}/")
    assert refused(edit_page)
    assert "Theirs Ltd" not in edit_page.content.decode()
    assert refused(client.post(f"{URL}edit/{award.pk}/", award_post(their_lot, value="1")))
    assert refused(client.post(f"{URL}delete/{award.pk}/"))
    assert Award.objects.filter(pk=award.pk).exists()
    award.refresh_from_db()
    assert award.value == Decimal("1000")


@pytest.mark.django_db
def test_buyer_cannot_move_own_award_to_another_organisations_lot(client, buyer, our_lot, their_lot):
    award = AwardFactory(lot=our_lot)
    client.force_login(buyer)
    response = client.post(f"{URL}edit/{award.pk}/", award_post(their_lot))
    assert response.status_code == 200
    award.refresh_from_db()
    assert award.lot == our_lot


@pytest.mark.django_db
def test_someone_who_is_not_a_buyer_sees_no_awards(client, our_lot):
    outsider = UserFactory(is_staff=True)
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    AwardFactory(lot=our_lot)
    client.force_login(outsider)
    response = client.get(URL)
    assert refused(response)
    assert "Supplier" not in response.content.decode()


@pytest.mark.django_db
def test_editor_sees_every_award(client, superuser, our_lot, their_lot):
    AwardFactory(lot=our_lot, supplier_name="Ours Ltd")
    AwardFactory(lot=their_lot, supplier_name="Theirs Ltd")
    client.force_login(superuser)
    content = client.get(URL).content.decode()
    assert "Ours Ltd" in content and "Theirs Ltd" in content
