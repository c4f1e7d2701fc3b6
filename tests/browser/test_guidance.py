"""Guidance, the glossary, the support directory and the statement in a real browser, each checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from guidance.factories import (
    GlossaryPageFactory,
    GlossaryTermFactory,
    GuidanceIndexPageFactory,
    GuidancePageFactory,
    StatementPageFactory,
    SupportDirectoryPageFactory,
    SupportProviderFactory,
    SupportServiceFactory,
    publish_statement,
)
from portal.factories import LocationFactory
from tests.browser.conftest import assert_accessible


@pytest.fixture
def guidance_index(home):
    return GuidanceIndexPageFactory(parent=home, intro="Plain-English help with selling to public bodies.")


@pytest.fixture
def every_block_guide(guidance_index):
    """A guide that uses every block a guidance page offers."""
    lot = GlossaryTermFactory(term="Lot", slug="lot", definition="A part of a contract you can bid for on its own.")
    document = get_document_model().objects.create(
        title="Bid checklist", file=ContentFile(b"%PDF-1.4 checklist", name="bid-checklist.pdf")
    )
    related = GuidancePageFactory(parent=guidance_index, title="Getting paid on time", topic="getting_paid")
    guide = GuidancePageFactory(
        parent=guidance_index,
        title="Writing a bid that scores well",
        body=[
            {"type": "heading", "value": {"text": "Answer the question", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Read each question twice. Answer every part of it.</p>"},
            {"type": "inset_text", "value": "<p>You do not need to be a big company to win.</p>"},
            {"type": "warning_text", "value": "Late bids are usually rejected."},
            {"type": "heading", "value": {"text": "Send it on time", "level": "h2"}},
            {
                "type": "steps",
                "value": {
                    "steps": [
                        {"title": "Register early", "text": "<p>Some websites take a day to approve you.</p>"},
                        {"title": "Upload a day early", "text": "<p>Websites can be slow near a deadline.</p>"},
                    ]
                },
            },
            {"type": "heading", "value": {"text": "A detail", "level": "h3"}},
            {
                "type": "questions",
                "value": {
                    "heading": "Common questions",
                    "questions": [{"question": "Can I get help?", "answer": "<p>Yes, it is free.</p>"}],
                },
            },
            {
                "type": "table",
                "value": {
                    "caption": "Payment terms",
                    "table": {
                        "data": [["Buyer", "Days to pay"], ["Council", "30"], ["College", "20"]],
                        "first_row_is_table_header": True,
                        "first_col_is_header": True,
                    },
                },
            },
            {"type": "download", "value": {"document": document.pk, "title": "", "description": "One page."}},
            {
                "type": "video",
                "value": {
                    "title": "Bidding in five minutes",
                    "url": "https://video.example.org/bidding",
                    "duration": "5 minutes",
                    "transcript": "<p>Hello. This video shows you how to bid.</p>",
                },
            },
            {"type": "glossary_terms", "value": {"terms": [lot.pk]}},
            {"type": "heading", "value": {"text": "Get feedback", "level": "h2"}},
            {"type": "paragraph", "value": '<p>Always ask. <a href="/guidance/">More guidance</a>.</p>'},
        ],
    )
    guide.related_links.create(guidance=related, sort_order=0)
    return guide


def test_guidance_index_is_accessible(page, every_block_guide, guidance_index):
    page.goto(guidance_index.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Guidance")
    expect(page.get_by_role("link", name="Writing a bid that scores well")).to_be_visible()
    assert_accessible(page)


def test_guide_using_every_block_is_accessible(page, every_block_guide):
    page.goto(every_block_guide.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Writing a bid that scores well")
    expect(page.get_by_role("navigation", name="On this page")).to_be_visible()
    expect(page.get_by_role("table", name="Payment terms")).to_be_visible()
    expect(page.get_by_role("link", name="Bid checklist")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^PDF, 18\sbytes$"))).to_be_visible()
    page.get_by_text("Read the transcript of 'Bidding in five minutes'").click()
    expect(page.get_by_text("This video shows you how to bid.")).to_be_visible()
    page.get_by_text("Can I get help?").click()
    expect(page.get_by_text("Yes, it is free.")).to_be_visible()
    assert_accessible(page)


def test_contents_list_works_by_keyboard(page, every_block_guide):
    page.goto(every_block_guide.url)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Send it on time":
            break
    else:
        pytest.fail("Tabbing from the top of the page never reached the 'Send it on time' contents link")
    page.keyboard.press("Enter")
    page.wait_for_url("**#send-it-on-time")
    assert page.evaluate("document.activeElement.id") == "send-it-on-time"
    expect(page.locator("#send-it-on-time")).to_be_in_viewport()
    # The next Tab carries on from the section the reader jumped to, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('details, a') !== null")
    assert (
        page.evaluate("document.activeElement.compareDocumentPosition(document.getElementById('send-it-on-time'))") & 2
    )


def test_glossary_is_accessible(page, guidance_index):
    GlossaryTermFactory(term="Lot", slug="lot", definition="A part of a contract you can bid for on its own.")
    GlossaryTermFactory(term="Framework", slug="framework", definition="A list of approved suppliers.")
    glossary = GlossaryPageFactory(parent=guidance_index, title="Words used in public buying")
    page.goto(glossary.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Words used in public buying")
    page.get_by_role("link", name="L", exact=True).click()
    page.wait_for_url("**#letter-l")
    assert_accessible(page)


def test_support_directory_is_accessible_and_filters_without_javascript(page, no_js_page, home):
    area = LocationFactory(name="Northshire", slug="northshire")
    bids = SupportServiceFactory(name="Bid writing", slug="bid-writing")
    SupportProviderFactory(name="Northshire Chamber", kind="chamber", services=[bids], areas=[area])
    SupportProviderFactory(name="Co-operatives North", kind="coop", services=[], areas=[area])
    directory = SupportDirectoryPageFactory(parent=home, title="Business support")

    page.goto(directory.url)
    expect(page.get_by_role("heading", name="2 organisations can help")).to_be_visible()
    assert_accessible(page)

    no_js_page.goto(directory.url)
    no_js_page.get_by_label("Bid writing").check()
    no_js_page.get_by_role("button", name="Show support").click()
    expect(no_js_page.get_by_role("heading", name="1 organisation can help")).to_be_visible()
    expect(no_js_page.get_by_role("heading", name="Northshire Chamber")).to_be_visible()
    expect(no_js_page.get_by_label("Bid writing")).to_be_checked()


def test_support_directory_error_is_accessible(page, home):
    directory = SupportDirectoryPageFactory(parent=home, title="Business support")
    response = page.goto(directory.url + "?area=atlantis")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)


def test_statement_page_is_accessible_and_shows_its_history(page, home, organisation, other_organisation):
    statement = publish_statement([organisation], change_note="First version")
    publish_statement([organisation, other_organisation], change_note="Westmoor signed", statement=statement)
    StatementPageFactory(parent=home)
    page.goto("/statement/")
    expect(page.get_by_role("table", name="2 organisations signed this version")).to_be_visible()
    history = page.get_by_role("table", name="Every version published, newest first")
    expect(history).to_contain_text("Westmoor signed")
    expect(history).to_contain_text("First version")
    assert_accessible(page)


def test_statement_summary_on_an_organisation_page_is_accessible(page, organisation):
    publish_statement([organisation])
    page.goto(organisation.url)
    expect(page.get_by_role("region", name="Our common procurement statement")).to_contain_text(
        "Signed by 1 organisation"
    )
    assert_accessible(page)
