"""Public pages of the shared app, through real HTTP requests."""

import pytest

from django.test import Client

from portal.factories import StandardPageFactory


@pytest.mark.django_db
def test_home_page_speaks_to_small_businesses(client, home):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sell to the public bodies in your area" in content
    assert 'action="/opportunities/"' in content
    # With nothing published yet, the empty state still tells a supplier what to do next.
    assert "No contracts are open for bids today" in content


@pytest.mark.django_db
def test_home_page_query_count_is_small(client, home, django_assert_max_num_queries):
    client.get("/")  # warm caches (site root, settings)
    # Site and settings lookups, the page, open opportunities, upcoming events and the statement summary.
    with django_assert_max_num_queries(9):
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_organisation_page_shows_contact_and_breadcrumbs(client, organisation):
    response = client.get(organisation.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert organisation.title in content
    assert organisation.contact_email in content
    assert 'aria-label="Breadcrumb"' in content


@pytest.mark.django_db
def test_buyers_index_lists_live_organisations_only(client, organisation, other_organisation):
    other_organisation.unpublish()
    content = client.get("/buyers/").content.decode()
    assert organisation.title in content
    assert other_organisation.title not in content


@pytest.mark.django_db
def test_unknown_url_gets_the_accessible_404_page(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'id="main-content"' in response.content.decode()


@pytest.mark.django_db
def test_server_error_gets_the_500_page(home, settings, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("portal.models.HomePage.get_context", explode)
    client = Client(raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Sorry, there is a problem with the service" in content
    assert "database on fire" not in content


@pytest.mark.django_db
def test_standard_page_renders_summary(client, home):
    page = StandardPageFactory(
        parent=home, title="Accessibility statement", slug="accessibility", summary="How accessible this website is."
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert "How accessible this website is." in response.content.decode()


@pytest.mark.django_db
def test_health_check(client):
    assert client.get("/health/").json() == {"status": "ok"}
