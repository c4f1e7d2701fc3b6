"""The glossary and the support directory, as a reader uses them."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guidance.factories import GlossaryTermFactory, GuidancePageFactory, SupportProviderFactory, SupportServiceFactory
from guidance.models import SupportProvider
from portal.factories import LocationFactory
from portal.models import Location

pytestmark = pytest.mark.django_db


def test_glossary_lists_terms_a_to_z_with_anchors(client, glossary_page):
    GlossaryTermFactory(term="Lot", slug="lot", definition="A part of a contract you can bid for on its own.")
    GlossaryTermFactory(term="Framework", slug="framework", definition="A list of approved suppliers.")
    html = client.get(glossary_page.url).content.decode()
    assert (
        html.index('id="letter-f"')
        < html.index('id="framework"')
        < html.index('id="letter-l"')
        < html.index('id="lot"')
    )
    assert '<a class="govuk-link" href="#letter-l">L</a>' in html
    assert "A part of a contract you can bid for on its own." in html


def test_terms_used_in_a_guide_are_explained_in_place_and_linked_to_the_glossary(client, guidance_index):
    lot = GlossaryTermFactory(term="Lot", slug="lot", definition="A part of a contract you can bid for on its own.")
    page = GuidancePageFactory(parent=guidance_index, body=[{"type": "glossary_terms", "value": {"terms": [lot.pk]}}])
    html = client.get(page.url).content.decode()
    assert "Words used here" in html
    assert 'href="/guidance/glossary/#lot"' in html
    assert "A part of a contract you can bid for on its own." in html


@pytest.fixture
def directory(support_page):
    region = LocationFactory(name="North West", slug="tld", kind=Location.Kind.REGION)
    northshire = LocationFactory(name="Northshire", slug="northshire", region=region)
    westmoor = LocationFactory(name="Westmoor", slug="westmoor", region=region)
    bids = SupportServiceFactory(name="Bid writing", slug="bid-writing")
    coops = SupportServiceFactory(name="Setting up a co-op", slug="co-op-set-up")
    SupportProviderFactory(name="Northshire Chamber", kind="chamber", services=[bids], areas=[northshire])
    SupportProviderFactory(name="Westmoor Growth Hub", kind="growth_hub", services=[bids], areas=[westmoor])
    SupportProviderFactory(name="Co-operatives North", kind="coop", services=[coops], areas=[region])
    return support_page


def provider_names(response):
    return [provider.name for provider in response.context["providers"]]


def test_the_directory_lists_every_provider_with_contact_details(client, directory):
    response = client.get(directory.url)
    assert response.status_code == 200
    assert provider_names(response) == ["Co-operatives North", "Northshire Chamber", "Westmoor Growth Hub"]
    assert "3 organisations can help" in response.content.decode()
    assert 'href="https://support.example.org"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?area=northshire", ["Co-operatives North", "Northshire Chamber"]),  # the region covers Northshire too
        ("?service=bid-writing", ["Northshire Chamber", "Westmoor Growth Hub"]),
        ("?kind=coop&kind=chamber", ["Co-operatives North", "Northshire Chamber"]),
        ("?area=westmoor&service=bid-writing", ["Westmoor Growth Hub"]),
        ("?area=", ["Co-operatives North", "Northshire Chamber", "Westmoor Growth Hub"]),
    ],
)
def test_filters_narrow_the_list(client, directory, query, expected, django_assert_max_num_queries):
    with django_assert_max_num_queries(17):
        response = client.get(directory.url + query)
    assert response.status_code == 200
    assert provider_names(response) == expected


def test_the_directory_costs_the_same_queries_however_many_providers(client, directory):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(directory.url + "?service=bid-writing")
        return len(queries)

    count()  # the first request also creates the site settings and caches the site's root paths
    before = count()
    bids = SupportProvider.objects.get(name="Northshire Chamber").services.all()
    SupportProviderFactory.create_batch(10, services=list(bids), areas=list(Location.objects.all()))
    assert count() == before


def test_chosen_filters_stay_chosen(client, directory):
    html = client.get(directory.url + "?area=westmoor&service=bid-writing").content.decode()
    assert '<option value="westmoor" selected>' in html
    assert 'value="bid-writing" checked' in html


@pytest.mark.parametrize("query", ["?area=atlantis", "?kind=spaceship", "?service=time-travel"])
def test_unknown_filter_values_get_a_clear_error_not_a_crash(client, directory, query):
    response = client.get(directory.url + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select a valid choice" in html
    assert len(response.context["providers"]) == SupportProvider.objects.count()


def test_a_provider_needs_a_way_to_get_in_touch(client, superuser, directory):
    client.force_login(superuser)

    response = client.post(
        reverse("wagtailsnippets_guidance_supportprovider:add"),
        {
            "name": "Silent Ltd",
            "kind": "other",
            "summary": "Helps quietly.",
            "services": [SupportProvider.objects.first().services.first().pk],
            "areas": [Location.objects.first().pk],
            "free_to_use": "on",
            "website": "",
            "email": "",
            "phone": "",
        },
    )
    assert response.status_code == 200
    assert "Give at least one way to get in touch" in response.content.decode()
    assert not SupportProvider.objects.filter(name="Silent Ltd").exists()
