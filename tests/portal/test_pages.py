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
    assert 'href="/alerts/subscribe/">Get an email</a>' in content


@pytest.mark.django_db
def test_every_section_is_in_the_main_menu_and_the_current_one_is_marked(client, home):
    menu = client.get("/alerts/manage/not-a-token/").content.decode().split('id="navigation"')[1].split("</ul>")[0]
    for label in (
        "Find opportunities",
        "Email alerts",
        "Events",
        "Guidance",
        "Buyers",
        "Local suppliers",
        "Where the money goes",
    ):
        assert label in menu
    # The manage pages have no menu entry of their own, so "Email alerts" is the current section.
    assert 'href="/alerts/subscribe/" aria-current="true"' in menu
    assert menu.count("aria-current") == 1


@pytest.mark.django_db
def test_alerts_address_people_type_leads_to_the_sign_up_form(client):
    response = client.get("/alerts/?keywords=catering")
    assert response.status_code == 302
    assert response["Location"] == "/alerts/subscribe/?keywords=catering"


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


@pytest.mark.django_db
def test_sitemap_lists_live_pages_for_search_engines(client, organisation, django_assert_max_num_queries):
    from opportunities.factories import OpportunityPageFactory

    live = [OpportunityPageFactory(parent=organisation, slug=f"cleaning-{number}") for number in range(5)]
    draft = OpportunityPageFactory(parent=organisation, slug="not-yet-published", live=False)
    live[0].save_revision().publish()  # published through the admin: search engines learn when it changed
    live[0].refresh_from_db()
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(12):  # the same however many pages there are
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    for page in live:
        assert f"<loc>http://localhost/buyers/{organisation.slug}/{page.slug}/</loc>" in body
    assert draft.slug not in body
    assert f"<lastmod>{live[0].last_published_at:%Y-%m-%d}" in body


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_and_keeps_staff_pages_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/\n" in body and "Disallow: /search/\n" in body


@pytest.mark.django_db
def test_personal_links_are_marked_noindex_and_public_pages_are_not(client, home):
    assert client.get("/alerts/manage/not-a-real-token/")["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get("/events/registration/not-a-real-token/")["X-Robots-Tag"] == "noindex, nofollow"
    assert "X-Robots-Tag" not in client.get("/")
