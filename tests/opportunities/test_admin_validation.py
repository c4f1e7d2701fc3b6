"""The opportunity editor refuses bad input with a message next to the field, and keeps what was typed.

Every case posts the real Wagtail page editor as a signed-in buyer.
"""

import datetime

import pytest

from django.utils import timezone

from opportunities.factories import LotFactory, OpportunityPageFactory
from opportunities.models import OpportunityPage
from tests.opportunities.conftest import DATETIME, create_url, form_errors, lot_row, opportunity_post


def soon(**delta):
    return (timezone.localtime() + datetime.timedelta(**delta)).strftime(DATETIME)


@pytest.fixture
def post_as_buyer(client, buyer, organisation, cpv):
    client.force_login(buyer)

    def post(data):
        return client.post(create_url(organisation), data)

    return post


def assert_refused(response, field, fragment):
    assert response.status_code == 200, "the editor should be shown again, not redirect"
    errors = form_errors(response)
    assert field in errors, errors
    assert any(fragment in message for message in errors[field]), errors[field]
    assert not OpportunityPage.objects.exists()


@pytest.mark.django_db
def test_closing_date_before_question_deadline_is_refused(post_as_buyer):
    response = post_as_buyer(opportunity_post(clarification_deadline=soon(days=20), submission_deadline=soon(days=9)))
    assert_refused(response, "submission_deadline", "after the deadline for questions")


@pytest.mark.django_db
def test_closing_date_before_publication_is_refused(post_as_buyer):
    response = post_as_buyer(
        opportunity_post(
            published_date=soon(days=30), clarification_deadline="", submission_deadline=soon(days=20), stage="pipeline"
        )
    )
    assert_refused(response, "submission_deadline", "after the publication date")


@pytest.mark.django_db
def test_publishing_an_open_opportunity_past_its_deadline_is_refused(post_as_buyer):
    data = opportunity_post(
        publish=True,
        published_date=soon(days=-30),
        clarification_deadline=soon(days=-10),
        submission_deadline=soon(days=-1),
    )
    assert_refused(post_as_buyer(data), "submission_deadline", "has passed")


@pytest.mark.django_db
def test_submitting_an_open_opportunity_past_its_deadline_for_moderation_is_refused(post_as_buyer):
    data = opportunity_post(
        submit=True, published_date=soon(days=-30), clarification_deadline="", submission_deadline=soon(hours=-2)
    )
    assert_refused(post_as_buyer(data), "submission_deadline", "has passed")


@pytest.mark.django_db
def test_a_draft_with_a_past_deadline_can_still_be_saved(post_as_buyer):
    data = opportunity_post(published_date=soon(days=-30), clarification_deadline="", submission_deadline=soon(days=-1))
    response = post_as_buyer(data)
    assert response.status_code == 302, form_errors(response)
    assert not OpportunityPage.objects.get().live


@pytest.mark.django_db
def test_lowest_value_above_highest_is_refused(post_as_buyer):
    assert_refused(
        post_as_buyer(opportunity_post(value_min="90000", value_max="60000")), "value_min", "must not be more"
    )


@pytest.mark.django_db
def test_lot_values_adding_up_to_more_than_the_total_are_refused(post_as_buyer):
    rows = [lot_row(1, value_max="60000"), lot_row(2, value_max="50000")]
    response = post_as_buyer(opportunity_post(lot_rows=rows, value_max="100000"))
    assert_refused(response, "value_max", "add up to £110,000")


@pytest.mark.django_db
def test_negative_values_are_refused(post_as_buyer):
    rows = [lot_row(1, value_min="-5", value_max="15000"), lot_row(2)]
    assert_refused(post_as_buyer(opportunity_post(lot_rows=rows)), "lots-0-value_min", "Enter an amount of £0 or more")
    assert_refused(post_as_buyer(opportunity_post(value_max="-1")), "value_max", "Enter an amount of £0 or more")


@pytest.mark.django_db
def test_lot_lowest_value_above_its_highest_is_refused(post_as_buyer):
    rows = [lot_row(1, value_min="40000", value_max="20000"), lot_row(2)]
    assert_refused(post_as_buyer(opportunity_post(lot_rows=rows)), "lots-0-value_min", "must not be more")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("main_cpv", "12345678"), ("additional_cpv", "90910000, 99999999-9")],
)
def test_unknown_cpv_codes_are_refused(post_as_buyer, field, value):
    response = post_as_buyer(opportunity_post(**{field: value}))
    assert_refused(response, field, "We do not recognise these CPV codes")
    assert value in response.content.decode(), "the codes the buyer typed must be shown again"


@pytest.mark.django_db
def test_unknown_cpv_code_on_a_lot_is_refused(post_as_buyer):
    rows = [lot_row(1), lot_row(2, cpv_codes="90910000, 11111111")]
    assert_refused(post_as_buyer(opportunity_post(lot_rows=rows)), "lots-1-cpv_codes", "11111111")


@pytest.mark.django_db
def test_text_that_is_not_a_cpv_code_is_refused(post_as_buyer):
    assert_refused(post_as_buyer(opportunity_post(main_cpv="cleaning")), "main_cpv", "not CPV codes")


@pytest.mark.django_db
def test_cpv_codes_typed_with_check_digits_are_accepted(post_as_buyer):
    response = post_as_buyer(opportunity_post(additional_cpv="77311000-3; 72000000"))
    assert response.status_code == 302, form_errors(response)
    codes = sorted(code.code for code in OpportunityPage.objects.get().additional_cpv.all())
    assert codes == ["72000000", "77311000"]


@pytest.mark.django_db
def test_duplicate_reference_for_the_same_buyer_is_refused(post_as_buyer, organisation):
    OpportunityPageFactory(parent=organisation, reference="NBC-2026-001")
    response = post_as_buyer(opportunity_post(reference="nbc-2026-001", slug="another-slug"))
    assert response.status_code == 200
    assert "already has an opportunity with reference" in form_errors(response)["reference"][0]
    assert OpportunityPage.objects.count() == 1


@pytest.mark.django_db
def test_same_reference_at_another_buyer_is_allowed(post_as_buyer, other_organisation):
    OpportunityPageFactory(parent=other_organisation, reference="NBC-2026-001")
    response = post_as_buyer(opportunity_post())
    assert response.status_code == 302, form_errors(response)


@pytest.mark.django_db
def test_editing_keeps_its_own_reference(client, buyer, organisation, cpv):
    opportunity = OpportunityPageFactory(parent=organisation, reference="NBC-2026-001", slug="cleaning")
    LotFactory(opportunity=opportunity, number=1)
    client.force_login(buyer)
    data = opportunity_post(slug="cleaning", summary="Now with a clearer summary.")
    response = client.post(f"/admin/pages/{opportunity.pk}/edit/", data)
    assert response.status_code == 302, form_errors(response)


@pytest.mark.django_db
def test_two_lots_with_the_same_number_are_refused(post_as_buyer):
    rows = [lot_row(1), lot_row(1, title="Second lot")]
    response = post_as_buyer(opportunity_post(lot_rows=rows))
    assert response.status_code == 200
    errors = form_errors(response)
    assert "Another lot already has number 1" in errors["lots-1-number"][0], errors
    page = response.content.decode()
    assert "Each lot needs its own number." in page
    assert "Please correct the duplicate data" not in page


@pytest.mark.django_db
def test_publishing_a_single_lot_needs_a_reason_for_not_dividing(post_as_buyer):
    refused = post_as_buyer(opportunity_post(lots=1, publish=True))
    assert_refused(refused, "no_lots_reason", "not divided into lots")
    response = post_as_buyer(opportunity_post(lots=1, publish=True, no_lots_reason="The work is one small job."))
    assert response.status_code == 302, form_errors(response)


@pytest.mark.django_db
def test_a_single_lot_draft_can_be_saved_before_the_reason_is_written(post_as_buyer):
    response = post_as_buyer(opportunity_post(lots=1))
    assert response.status_code == 302, form_errors(response)


@pytest.mark.django_db
def test_a_refused_save_keeps_everything_typed(post_as_buyer):
    rows = [lot_row(1, title="Town hall cleaning"), lot_row(2, title="Library cleaning", value_max="90000")]
    response = post_as_buyer(
        opportunity_post(lot_rows=rows, summary="A summary the buyer took time to write.", value_max="100000")
    )
    content = response.content.decode()
    assert response.status_code == 200
    for typed in ("A summary the buyer took time to write.", "Town hall cleaning", "Library cleaning", "NBC-2026-001"):
        assert typed in content
