"""A buyer group may edit and publish its own organisation's pages, and nothing of another's.

Every check goes through the real Wagtail admin views with a signed-in buyer.
"""

import pytest

from portal.models import OrganisationPage
from portal.organisations import ensure_buyer_access
from tests.admin_forms import page_form_data


def organisation_form(organisation, **changes):
    fields = {
        "title": organisation.title,
        "slug": organisation.slug,
        "organisation_type": organisation.organisation_type,
        "buyer_kind": organisation.buyer_kind,
        "ppon": organisation.ppon,
        "intro": organisation.intro,
        "website": organisation.website,
        "contact_name": organisation.contact_name,
        "contact_email": organisation.contact_email,
        "contact_phone": organisation.contact_phone,
        **changes,
    }
    return fields


@pytest.mark.django_db
def test_new_organisation_gets_a_buyers_group_scoped_to_its_own_pages(organisation):
    group = organisation.buyers_group
    assert group.name == f"Buyers: {organisation.title}"
    codenames = set(group.page_permissions.filter(page=organisation).values_list("permission__codename", flat=True))
    assert {"add_page", "change_page", "publish_page"} <= codenames
    assert not group.page_permissions.exclude(page=organisation).exists()
    assert organisation.collection.name == organisation.title


@pytest.mark.django_db
def test_setting_up_buyer_access_twice_changes_nothing(organisation):
    before = organisation.buyers_group.page_permissions.count()
    ensure_buyer_access(OrganisationPage.objects.get(pk=organisation.pk))
    assert organisation.buyers_group.page_permissions.count() == before


@pytest.mark.django_db
def test_buyer_can_open_own_organisation_but_not_another(client, buyer, organisation, other_organisation):
    client.force_login(buyer)
    assert client.get(f"/admin/pages/{organisation.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{other_organisation.pk}/edit/")
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert "/admin/login/" not in response.url


@pytest.mark.django_db
def test_buyer_can_edit_and_publish_own_organisation(client, buyer, organisation):
    client.force_login(buyer)
    data = page_form_data(
        organisation_form(organisation, intro="We now buy more from local firms."), publish=True, identifiers=[]
    )
    response = client.post(f"/admin/pages/{organisation.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    organisation.refresh_from_db()
    assert organisation.intro == "We now buy more from local firms."
    assert organisation.live


@pytest.mark.django_db
def test_buyer_cannot_edit_or_publish_another_organisation(client, buyer, other_organisation):
    client.force_login(buyer)
    original_intro = other_organisation.intro
    revisions_before = other_organisation.revisions.count()
    data = page_form_data(organisation_form(other_organisation, intro="Hijacked."), publish=True, identifiers=[])
    response = client.post(f"/admin/pages/{other_organisation.pk}/edit/", data)
    assert response.status_code in {302, 403}
    other_organisation.refresh_from_db()
    assert other_organisation.intro == original_intro
    assert other_organisation.revisions.count() == revisions_before


@pytest.mark.django_db
def test_buyer_cannot_unpublish_another_organisation(client, buyer, other_organisation):
    client.force_login(buyer)
    response = client.post(f"/admin/pages/{other_organisation.pk}/unpublish/")
    assert response.status_code in {302, 403}
    other_organisation.refresh_from_db()
    assert other_organisation.live


@pytest.mark.django_db
def test_buyer_sees_only_own_organisation_in_page_explorer(client, buyer, organisation, other_organisation):
    client.force_login(buyer)
    response = client.get(f"/admin/pages/{organisation.get_parent().pk}/", follow=True)
    content = response.content.decode()
    assert organisation.title in content
    assert f"/admin/pages/{other_organisation.pk}/edit/" not in content
