"""Home and organisation pages: server time and queries per request, through the full stack."""

from bench._harness import report, setup_django, test_database, time_requests


def main():
    setup_django()
    from django.test import Client

    from portal.factories import OrganisationIndexPageFactory, OrganisationPageFactory
    from tests.conftest import ensure_home_page

    with test_database():
        home = ensure_home_page()
        index = OrganisationIndexPageFactory(parent=home)
        organisations = [OrganisationPageFactory(parent=index) for _ in range(20)]
        client = Client()
        report("home page", *time_requests(client, ["/"] * 100))
        report("organisation pages", *time_requests(client, [o.url for o in organisations] * 5))
