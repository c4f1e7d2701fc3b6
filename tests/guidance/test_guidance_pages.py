"""Guidance pages: what readers see, and what editors are told when something is wrong."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from guidance.factories import GuidancePageFactory
from guidance.models import GuidancePage, RelatedGuidance
from portal.models import PortalSettings
from tests.admin_forms import page_form_data, rich_text, streamfield

pytestmark = pytest.mark.django_db

PLAIN = "<p>Read the whole notice first. Then make a plan. Ask the buyer if you are not sure.</p>"
HARD = (
    "<p>Notwithstanding the aforementioned contractual obligations, prospective tenderers must demonstrate "
    "comprehensive organisational capability, substantiated through verifiable documentary evidence, "
    "encompassing operational, financial and environmental considerations.</p>"
)


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["guidance", "guidancepage", parent.pk])


def guide_post(body, **overrides):
    fields = {
        "title": "How to bid",
        "slug": "how-to-bid",
        "topic": "bidding",
        "summary": "What to do before you bid.",
        "body": streamfield(body),
        "last_reviewed": timezone.localdate().isoformat(),
        "next_review_due": "",
        "content_owner": "Partnership procurement team",
        "opportunity_stage": "",
        "opportunity_procedure": "",
        **overrides,
    }
    return page_form_data(fields, related_links=[], publish=True)


def good_body():
    return [("heading", {"text": "Before you start", "level": "h2"}), ("paragraph", rich_text(PLAIN))]


def test_an_editor_can_publish_a_guide_through_the_admin(client, superuser, guidance_index):
    client.force_login(superuser)
    response = client.post(add_url(guidance_index), guide_post(good_body(), opportunity_stage="market_engagement"))
    assert response.status_code == 302
    page = GuidancePage.objects.get(slug="how-to-bid")
    assert page.live
    assert page.opportunity_stage == "market_engagement"
    assert page.next_review_due == timezone.localdate() + datetime.timedelta(days=365)


@pytest.mark.parametrize(
    ("body", "overrides", "message"),
    [
        pytest.param(
            lambda: [("heading", {"text": "", "level": "h2"})], {}, "This field is required", id="empty required block"
        ),
        pytest.param(
            lambda: [("paragraph", rich_text('<p>See <a id="999999" linktype="page">this page</a>.</p>'))],
            {},
            "links to something that no longer exists or is not published (page 999999)",
            id="broken internal link",
        ),
        pytest.param(
            good_body, {"summary": "x" * 301}, "Ensure this value has at most 300 characters", id="overlong summary"
        ),
        pytest.param(
            lambda: [("heading", {"text": "Prices", "level": "h2"}), ("heading", {"text": "Prices", "level": "h2"})],
            {},
            "Another heading 2 on this page says the same thing",
            id="duplicate heading",
        ),
        pytest.param(list, {}, "This field is required", id="empty body"),
        pytest.param(
            good_body, {"opportunity_stage": "nonsense"}, "Select a valid choice", id="unknown opportunity stage"
        ),
    ],
)
def test_bad_input_gets_a_field_level_error_and_nothing_is_saved(
    client, superuser, guidance_index, body, overrides, message
):
    client.force_login(superuser)
    response = client.post(add_url(guidance_index), guide_post(body(), **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "How to bid" in html  # the title the editor typed is still there
    assert not GuidancePage.objects.filter(slug="how-to-bid").exists()


def test_a_link_to_an_unpublished_page_is_refused(client, superuser, guidance_index):
    draft = GuidancePageFactory(parent=guidance_index, live=False)
    client.force_login(superuser)
    body = [("paragraph", rich_text(f'<p>See <a id="{draft.pk}" linktype="page">the draft</a>.</p>'))]
    response = client.post(add_url(guidance_index), guide_post(body))
    assert f"(page {draft.pk})" in response.content.decode()


def test_the_page_shows_contents_linking_to_each_heading_reading_time_and_review(client, guidance_index):
    words = " ".join(["word"] * 450)
    page = GuidancePageFactory(
        parent=guidance_index,
        body=[
            {"type": "heading", "value": {"text": "Who can bid", "level": "h2"}},
            {"type": "paragraph", "value": f"<p>{words}</p>"},
            {"type": "heading", "value": {"text": "A detail", "level": "h3"}},
            {"type": "heading", "value": {"text": "How to bid", "level": "h2"}},
        ],
        last_reviewed=datetime.date(2026, 3, 4),
        content_owner="Westmoor procurement team",
    )
    html = client.get(page.url).content.decode()
    assert '<a class="govuk-link" href="#who-can-bid">Who can bid</a>' in html
    assert '<a class="govuk-link" href="#how-to-bid">How to bid</a>' in html
    assert 'href="#a-detail"' not in html  # only level 2 headings are listed
    assert 'id="who-can-bid" tabindex="-1"' in html
    assert "About 3 minutes to read" in html
    assert "4 March 2026" in html
    assert "Westmoor procurement team" in html


def test_related_guidance_lists_only_live_pages(client, guidance_index):
    live = GuidancePageFactory(parent=guidance_index, title="Getting paid")
    draft = GuidancePageFactory(parent=guidance_index, title="Secret draft", live=False)
    page = GuidancePageFactory(parent=guidance_index)
    RelatedGuidance.objects.create(page=page, guidance=live, sort_order=0)
    RelatedGuidance.objects.create(page=page, guidance=draft, sort_order=1)
    html = client.get(page.url).content.decode()
    assert "Related guidance" in html
    assert "Getting paid" in html
    assert "Secret draft" not in html


def test_the_index_groups_guides_by_topic(client, guidance_index, django_assert_max_num_queries):
    GuidancePageFactory(parent=guidance_index, title="Social value explained", topic="social_value")
    GuidancePageFactory(parent=guidance_index, title="Bid well", topic="bidding")
    GuidancePageFactory(parent=guidance_index, title="Hidden", topic="bidding", live=False)
    with django_assert_max_num_queries(12):
        html = client.get(guidance_index.url).content.decode()
    assert (
        html.index("Bidding")
        < html.index("Bid well")
        < html.index("Social value")
        < html.index("Social value explained")
    )
    assert "Hidden" not in html


def test_the_editor_shows_the_reading_age_against_the_configured_target(client, superuser, guidance_index):
    plain = GuidancePageFactory(parent=guidance_index, body=[{"type": "paragraph", "value": PLAIN}])
    hard = GuidancePageFactory(parent=guidance_index, body=[{"type": "paragraph", "value": HARD}])
    client.force_login(superuser)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[plain.pk])).content.decode()
    assert "Reading age of the body:" in html
    assert "Good: the target is 12 or lower" in html

    html = client.get(reverse("wagtailadmin_pages:edit", args=[hard.pk])).content.decode()
    assert "This is above the target of 12" in html

    settings = PortalSettings.load()
    settings.reading_age_target = 40
    settings.save()
    html = client.get(reverse("wagtailadmin_pages:edit", args=[hard.pk])).content.decode()
    assert "This is above the target" not in html
    assert "Good: the target is 40 or lower" in html


def test_the_reading_age_scores_what_was_just_submitted(client, superuser, guidance_index):
    client.force_login(superuser)
    response = client.post(add_url(guidance_index), guide_post([("paragraph", rich_text(HARD))], summary="x" * 301))
    assert "This is above the target of 12" in response.content.decode()


def test_overdue_report_lists_pages_past_their_review_date(client, superuser, guidance_index):
    today = timezone.localdate()
    overdue = GuidancePageFactory(
        parent=guidance_index,
        title="Old advice",
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=35),
    )
    GuidancePageFactory(parent=guidance_index, title="Fresh advice")
    client.force_login(superuser)
    response = client.get(reverse("guidance_overdue_report"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Old advice" in html
    assert "35 days ago" in html
    assert reverse("wagtailadmin_pages:edit", args=[overdue.pk]) in html
    assert "Fresh advice" not in html
    assert overdue.is_overdue_for_review


def test_overdue_report_needs_an_admin_login(client):
    response = client.get(reverse("guidance_overdue_report"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_overdue_report_shows_only_pages_the_user_may_edit(client, guidance_index, organisation, buyer_of):
    today = timezone.localdate()
    GuidancePageFactory(
        parent=guidance_index,
        title="Old advice",
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=2),
    )
    buyer = buyer_of(organisation)
    client.force_login(buyer)
    response = client.get(reverse("guidance_overdue_report"))
    assert response.status_code == 200
    assert "Old advice" not in response.content.decode()
