"""The common procurement statement: shown wherever the anchors talk about buying, versioned, signed."""

from pathlib import Path

import pytest

from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from guidance.factories import publish_statement
from guidance.models import CommonStatement
from opportunities.factories import OpportunityPageFactory
from opportunities.models import OpportunityPage
from portal.factories import OrganisationPageFactory
from tests.admin_forms import inline_formset, nested_form_data, rich_text, streamfield

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchors(buyers_index):
    return [OrganisationPageFactory(parent=buyers_index, title=f"Anchor {n}") for n in range(1, 9)]


def render_summary():
    request = RequestFactory().get("/")
    return Template("{% include 'includes/statement_summary.html' %}").render(Context({"request": request}))


def test_summary_appears_on_every_organisation_page(client, anchors):
    publish_statement(anchors)
    for organisation in anchors:
        response = client.get(organisation.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "We will buy in a way that gives small businesses a fair chance." in html, organisation.title
        assert "Signed by 8 organisations" in html
        assert all(anchor.title in html for anchor in anchors)
        assert 'href="/statement/"' in html


def test_summary_appears_on_the_home_page(client, anchors):
    publish_statement(anchors[:2])
    html = client.get("/").content.decode()
    assert "We will pay you within 30 days" in html
    assert "Signed by 2 organisations: Anchor 1, Anchor 2." in html


OPPORTUNITY_TEMPLATE = Path(settings.BASE_DIR) / "templates" / "opportunities" / "opportunity_page.html"


@pytest.mark.skipif(
    not OPPORTUNITY_TEMPLATE.exists(), reason="The opportunity page template arrives with the opportunities branch"
)
def test_summary_appears_on_every_opportunity_page(client, anchors):
    publish_statement(anchors)
    for organisation in anchors[:3]:
        OpportunityPageFactory(parent=organisation)
        OpportunityPageFactory(parent=organisation, stage="pipeline")
    for opportunity in OpportunityPage.objects.live():
        html = client.get(opportunity.url).content.decode()
        assert "Signed by 8 organisations" in html, opportunity.title


def test_nothing_is_shown_before_a_version_is_published(client, anchors):
    html = render_summary()
    assert "Signed by" not in html
    assert client.get(anchors[0].url).status_code == 200


@pytest.mark.parametrize("signatory_count", [1, 8])
def test_summary_loads_in_two_queries_whatever_the_number_of_signatories(
    anchors, signatory_count, django_assert_num_queries
):
    publish_statement(anchors[:signatory_count])
    with django_assert_num_queries(2):
        html = render_summary()
    assert f"Signed by {signatory_count} organisation" in html


def test_summary_is_loaded_once_per_request(anchors, django_assert_num_queries):
    publish_statement(anchors)
    request = RequestFactory().get("/")
    template = Template("{% load guidance_tags %}{% statement_summary %}{% statement_summary %}")
    with django_assert_num_queries(2):
        html = template.render(Context({"request": request}))
    assert html.count("Signed by 8 organisations") == 2


def test_statement_page_shows_the_full_text_signatories_and_history(client, anchors, statement_page):
    statement = publish_statement(anchors[:3], change_note="First version")
    publish_statement(anchors, change_note="Five more anchors signed", statement=statement)
    html = client.get("/statement/").content.decode()
    assert "We will pay you within 30 days" in html
    assert "Every valid invoice." in html
    assert "8 organisations signed this version" in html
    assert "Changes to this statement" in html
    assert "2 (current)" in html
    assert html.index("Five more anchors signed") < html.index("First version")
    assert "3 organisations" in html  # the first version's signatories


def test_statement_page_without_a_statement_says_so(client, statement_page):
    response = client.get("/statement/")
    assert response.status_code == 200
    assert "has not published its common statement yet" in response.content.decode()


# The admin: a version cannot be published until someone has signed it.


def statement_post(signatories, *, publish, change_note="First version", initial=0):
    data = nested_form_data(
        {
            "title": "Our common procurement statement",
            "summary": "How we will buy.",
            "commitments": streamfield(
                [("commitment", {"promise": "We will pay in 30 days", "detail": rich_text("<p>Always.</p>")})]
            ),
            "change_note": change_note,
            "signatories": inline_formset(signatories, initial=initial),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data


def add_url():
    return reverse("wagtailsnippets_guidance_commonstatement:add")


def test_publishing_without_a_signatory_is_refused_with_a_message_by_the_signatories(client, superuser):
    client.force_login(superuser)
    response = client.post(add_url(), statement_post([], publish=True))
    assert response.status_code == 200
    assert "Add at least one organisation that has signed this version before you publish it" in (
        response.content.decode()
    )
    assert "How we will buy." in response.content.decode()  # what the editor typed survives
    assert not CommonStatement.objects.exists()


def test_a_draft_without_signatories_can_be_saved(client, superuser):
    client.force_login(superuser)
    response = client.post(add_url(), statement_post([], publish=False))
    assert response.status_code == 302
    statement = CommonStatement.objects.get()
    assert not statement.live
    assert CommonStatement.current() is None


def test_publishing_with_a_signatory_makes_it_live(client, superuser, organisation):
    client.force_login(superuser)
    response = client.post(
        add_url(), statement_post([{"organisation": organisation.pk, "date_signed": "2026-11-01"}], publish=True)
    )
    assert response.status_code == 302
    statement = CommonStatement.current()
    assert statement.live
    assert [s.organisation for s in statement.signatories.all()] == [organisation]
    assert [v.change_note for v in statement.published_versions()] == ["First version"]


def test_the_same_organisation_cannot_sign_twice(client, superuser, organisation):
    client.force_login(superuser)
    row = {"organisation": organisation.pk, "date_signed": "2026-11-01"}
    response = client.post(add_url(), statement_post([row, row], publish=True))
    assert response.status_code == 200
    assert "is listed more than once" in response.content.decode()
    assert not CommonStatement.objects.exists()


def test_editing_publishes_a_new_version_and_keeps_the_old_one_in_the_history(
    client, superuser, organisation, other_organisation
):
    statement = publish_statement([organisation])
    client.force_login(superuser)
    edit_url = reverse("wagtailsnippets_guidance_commonstatement:edit", args=[statement.pk])
    rows = [
        {"id": statement.signatories.get().pk, "organisation": organisation.pk, "date_signed": "2026-11-01"},
        {"organisation": other_organisation.pk, "date_signed": "2026-11-20"},
    ]
    response = client.post(edit_url, statement_post(rows, publish=True, change_note="Westmoor signed", initial=1))
    assert response.status_code == 302
    versions = CommonStatement.current().published_versions()
    assert [(v.number, v.change_note, v.signatory_count) for v in versions] == [
        (2, "Westmoor signed", 2),
        (1, "First version", 1),
    ]
    history = client.get(reverse("wagtailsnippets_guidance_commonstatement:history", args=[statement.pk]))
    assert history.status_code == 200


def test_a_second_statement_is_refused(client, superuser, organisation):
    publish_statement([organisation])
    client.force_login(superuser)
    row = {"organisation": organisation.pk, "date_signed": "2026-11-01"}
    response = client.post(add_url(), statement_post([row], publish=True))
    assert response.status_code == 200
    assert "There is already a common statement" in response.content.decode()
    assert CommonStatement.objects.count() == 1
