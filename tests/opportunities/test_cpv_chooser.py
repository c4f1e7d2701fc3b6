"""The CPV chooser in the real admin: buyers find codes by word or number, and the editor checks the
check digit typed with a code."""

import json

import pytest

from opportunities.models import OpportunityPage
from tests.opportunities.conftest import create_url, form_errors, opportunity_post


@pytest.fixture
def signed_in(client, buyer):
    client.force_login(buyer)
    return client


def chooser_html(client, **params):
    response = client.get("/admin/cpv-codes/choose/results/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_chooser_finds_catering_by_word_and_by_number(signed_in):
    by_word = chooser_html(signed_in, q="catering")
    assert "55520000-1" in by_word and "Catering services" in by_word
    assert "90910000-9" not in by_word
    by_number = chooser_html(signed_in, q="5552")
    assert "55520000-1" in by_number and "55524000-9" in by_number
    assert "39222000" not in by_number


@pytest.mark.django_db
def test_chooser_opens_with_a_search_box_that_says_how_to_search(signed_in):
    response = signed_in.get("/admin/cpv-codes/choose/", {"multiple": "1"})
    payload = json.loads(response.content)
    assert payload["step"] == "choose"
    assert "Search by word or code" in payload["html"]
    assert "For example catering" in payload["html"]


@pytest.mark.django_db
def test_choosing_returns_the_code_as_buyers_type_it(signed_in):
    from portal.models import CPVCode

    catering, cafeteria = CPVCode.objects.filter(code__in=["55520000", "55330000"]).order_by("code")
    response = signed_in.get(
        "/admin/cpv-codes/choose/chosen-multiple/", {"id": [catering.pk, cafeteria.pk], "multiple": "1"}
    )
    result = json.loads(response.content)["result"]
    assert sorted(item["code"] for item in result) == ["55330000-2", "55520000-1"]


@pytest.mark.django_db
def test_the_chooser_is_for_signed_in_staff_only(client):
    response = client.get("/admin/cpv-codes/choose/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_real_catering_codes_are_accepted(signed_in, organisation):
    data = opportunity_post(main_cpv="55520000-1", additional_cpv="55321000, 55330000-2")
    response = signed_in.post(create_url(organisation), data)
    assert response.status_code == 302, form_errors(response)
    opportunity = OpportunityPage.objects.get()
    assert opportunity.main_cpv.label == "Catering services"
    assert sorted(code.code for code in opportunity.additional_cpv.all()) == ["55321000", "55330000"]


@pytest.mark.django_db
def test_a_wrong_check_digit_is_refused_with_the_right_code(signed_in, organisation):
    response = signed_in.post(create_url(organisation), opportunity_post(main_cpv="55520000-2"))
    assert response.status_code == 200
    (message,) = form_errors(response)["main_cpv"]
    assert "55520000-2" in message and "did you mean 55520000-1, Catering services?" in message
    assert 'value="55520000-2"' in response.content.decode()
    assert not OpportunityPage.objects.exists()


@pytest.mark.django_db
def test_the_editor_offers_the_chooser_beside_each_cpv_box(signed_in, organisation):
    html = signed_in.get(create_url(organisation)).content.decode()
    assert html.count("data-cpv-chooser-open") >= 3  # main, additional, and the first lot
    assert "opportunities/js/cpv-chooser.js" in html


@pytest.mark.django_db
def test_places_and_themes_are_tick_boxes_that_say_how_to_use_them(signed_in, organisation, area):
    html = signed_in.get(create_url(organisation)).content.decode()
    assert f'type="checkbox" name="locations" value="{area.pk}"' in html
    assert "Tick every place where the work is done" in html
    assert "Tick each kind of good the contract should do" in html
    assert f'type="checkbox" name="lots-0-locations" value="{area.pk}"' in html
