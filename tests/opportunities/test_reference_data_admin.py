"""Reference data in the admin: every buyer can look CPV codes up; only editors change them."""

import pytest

from portal.models import CPVCode


@pytest.mark.django_db
def test_buyer_can_search_the_cpv_list(client, buyer):
    client.force_login(buyer)
    response = client.get("/admin/snippets/portal/cpvcode/", {"q": "cleaning"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Cleaning and sanitation services" in content
    assert "Software package utilities" not in content


@pytest.mark.django_db
def test_buyer_cannot_add_or_change_cpv_codes(client, buyer):
    client.force_login(buyer)
    code = CPVCode.objects.get(code="90900000")
    response = client.post(f"/admin/snippets/portal/cpvcode/edit/{code.pk}/", {"code": "90900000", "label": "Oops"})
    assert response.status_code in {302, 403}
    code.refresh_from_db()
    assert code.label == "Cleaning and sanitation services"
    assert client.get("/admin/snippets/portal/cpvcode/add/").status_code in {302, 403}


@pytest.mark.django_db
def test_editor_manages_locations_and_themes(client, superuser, area):
    client.force_login(superuser)
    assert area.name in client.get("/admin/snippets/portal/location/").content.decode()
    response = client.post(
        "/admin/snippets/portal/socialvaluetheme/add/",
        {"name": "Clean air", "slug": "clean-air", "description": "Less traffic pollution near schools."},
    )
    assert response.status_code == 302
    assert client.get("/admin/snippets/portal/socialvaluetheme/").content.decode().count("Clean air") >= 1


@pytest.mark.django_db
def test_a_location_refuses_what_is_not_a_postcode_district(client, superuser):
    client.force_login(superuser)
    form = {"name": "Fylde", "slug": "fylde", "kind": "local_area", "itl_code": "", "region": ""}
    response = client.post("/admin/snippets/portal/location/add/", {**form, "postcode_districts": "FY8, <b>, ZZZZZZ"})
    assert response.status_code == 200  # the form again, with what was typed
    page = response.content.decode()
    assert "“&lt;b&gt;”, “ZZZZZZ” are not postcode districts" in page
    assert "FY8, &lt;b&gt;, ZZZZZZ" in page
    response = client.post("/admin/snippets/portal/location/add/", {**form, "postcode_districts": "fy8, FY7, EC1A"})
    assert response.status_code == 302
