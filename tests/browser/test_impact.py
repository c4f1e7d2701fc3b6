"""Wider impact in a real browser: a supplier reports delivery without JavaScript, a buyer sees promised
against delivered, a supplier answers the survey, and the published figures; axe on every page.

Dates are relative to today (no time travel): the browser keeps real time, and the buyer's session cookie
must not look expired to it.
"""

import datetime
from decimal import Decimal

from playwright.sync_api import expect

from impact import links
from impact.catalogue import ensure_core_measures
from impact.models import DeliveryPlan, SignedLink, Survey, SurveyInvitation, SurveyResponse
from impact.periods import add_months, financial_year_of, periods
from portal import clock
from tests.browser.conftest import assert_accessible
from tests.impact.conftest import make_award


def reporting_contract(organisation):
    ensure_core_measures()
    award = make_award(organisation, **{"local-jobs": 8, "volunteering-hours": 100})
    today = clock.today()
    # Started four months ago: the first quarter has ended, and its report link still works.
    plan = DeliveryPlan.objects.create(
        award=award,
        supplier_email="reports@brightwash.example",
        starts_on=add_months(today.replace(day=1), -4),
        ends_on=add_months(today.replace(day=1), 8),
    )
    period = periods(plan)[0]
    link = links.issue(
        SignedLink.Purpose.RETURN, links.return_link_expiry(period), plan=plan, period_start=period.start
    )
    return plan, period, f"/report-delivery/{links.token_for(link)}/"


def test_supplier_reports_without_javascript_and_buyer_sees_promised_against_delivered(
    no_js_page, page, login, organisation, buyer_of
):
    plan, period, path = reporting_contract(organisation)
    no_js_page.goto(path)
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text(f"Tell us what you delivered from {period.label}")
    assert_accessible(no_js_page)

    no_js_page.get_by_label(f"Local jobs in {period.label} (jobs)").fill("minus two")
    no_js_page.get_by_role("button", name="Send report").click()
    expect(no_js_page.locator(".govuk-error-summary")).to_contain_text("Enter a number for local jobs")
    assert_accessible(no_js_page)

    no_js_page.get_by_label(f"Local jobs in {period.label} (jobs)").fill("2")
    no_js_page.get_by_label(f"Volunteering hours in {period.label} (hours)").fill("30")
    no_js_page.get_by_label("Your full name").fill("Sam Patel")
    no_js_page.get_by_label("Evidence (optional)").set_input_files(
        files=[{"name": "payroll.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    no_js_page.get_by_role("button", name="Send report").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Report received")
    assert_accessible(no_js_page)

    no_js_page.goto(path)
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    assert_accessible(no_js_page)

    buyer_of(organisation, username="buyer-a")
    login("buyer-a")
    page.goto(f"/admin/delivery-returns/{plan.pk}/")
    table = page.locator("#promised-delivered")
    expect(table.get_by_role("row", name="Local jobs")).to_contain_text("8 jobs")
    expect(table.get_by_role("row", name="Local jobs")).to_contain_text("2 jobs")
    expect(table.get_by_role("row", name="Local jobs")).to_contain_text("25%")
    expect(page.get_by_role("heading", name=f"{period.label}: received")).to_be_visible()
    expect(page.get_by_role("link", name="payroll.pdf")).to_be_visible()


def published_survey(organisation, answers=5):
    year = financial_year_of(clock.today()) - 1
    survey = Survey.objects.create(
        anchor=organisation, year=year, opens_on=clock.today(), closes_on=clock.today() + datetime.timedelta(days=30)
    )
    for n in range(answers + 2):
        invitation = SurveyInvitation.objects.create(
            survey=survey, supplier_name=f"Supplier {n}", supplier_key=f"s{n}", spend=Decimal("10000")
        )
        if n < answers:
            SurveyResponse.objects.create(
                invitation=invitation,
                submitted_at=clock.now(),
                jobs=2,
                apprenticeships=1,
                hard_to_reach=1,
                volunteering_hours=10,
                staff_cost_percent=50,
                local_staff_percent=80,
                local_supplier_percent=40,
            )
    return survey


def test_supplier_answers_the_survey_without_javascript(no_js_page, organisation):
    survey = published_survey(organisation, answers=0)
    invitation = survey.invitations.first()
    link = links.issue(SignedLink.Purpose.SURVEY, links.end_of_day(survey.closes_on), invitation=invitation)
    no_js_page.goto(f"/supplier-survey/{links.token_for(link)}/")
    assert_accessible(no_js_page)
    no_js_page.get_by_role("button", name="Send answers").click()
    expect(no_js_page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(no_js_page)
    no_js_page.get_by_label("How many jobs did you create or keep in the local area?").fill("3")
    no_js_page.get_by_label("How many apprenticeships did you offer?").fill("1")
    no_js_page.get_by_label("How many jobs, placements or training places went to people far from work?").fill("0")
    no_js_page.get_by_label("How many hours did your staff volunteer with local charities and groups?").fill("12")
    no_js_page.get_by_label("About what share of your costs are staff costs?").fill("45")
    no_js_page.get_by_label("About what share of your staff costs is paid to people who live locally?").fill("70")
    no_js_page.get_by_label("About what share of your other spending goes to local suppliers?").fill("30")
    no_js_page.get_by_role("button", name="Send answers").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Answers received")
    assert_accessible(no_js_page)
    assert SurveyResponse.objects.get().jobs == 3


def test_published_figures_pages_are_accessible(no_js_page, organisation, other_organisation):
    survey = published_survey(organisation)
    published_survey(other_organisation, answers=3)
    no_js_page.goto("/insights/wider-impact/")
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text(f"Wider impact: {survey.year_label}")
    expect(no_js_page.get_by_text("created or kept an estimated")).to_be_visible()
    assert_accessible(no_js_page)
    no_js_page.get_by_role("link", name="Westmoor County Council").click()
    expect(no_js_page.get_by_text("We publish figures only when at least 5 suppliers have answered")).to_be_visible()
    assert_accessible(no_js_page)
    no_js_page.goto(f"/insights/wider-impact/{survey.year}/{organisation.slug}/")
    expect(no_js_page.get_by_role("table")).to_contain_text("LM3")
    assert_accessible(no_js_page)
    no_js_page.goto("/report-delivery/not-a-real-link/")
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(no_js_page)
