"""The admin dashboard greets a buyer with what they most often come to do."""

import re

import pytest

from portal.models import PortalSettings


@pytest.mark.django_db
def test_dashboard_offers_create_an_opportunity_and_an_event_for_the_buyers_organisation(
    client, buyer_of, organisation, other_organisation
):
    client.force_login(buyer_of(organisation))
    html = client.get("/admin/").content.decode()
    assert f"/admin/pages/add/opportunities/opportunitypage/{organisation.pk}/" in html
    assert f"/admin/pages/add/events/eventpage/{organisation.pk}/" in html
    assert "Create an opportunity" in html and "Create an event" in html
    assert f"/admin/pages/add/opportunities/opportunitypage/{other_organisation.pk}/" not in html
    brand = PortalSettings.load().brand_name
    assert re.search(rf"<h1[^>]*>\s*{re.escape(brand)}\s*</h1>", html), "titled with the site's name"


@pytest.mark.django_db
def test_a_user_without_an_organisation_is_told_what_to_do(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("newcomer", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert "Ask an editor to add you to your organisation" in client.get("/admin/").content.decode()
