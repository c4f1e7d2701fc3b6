"""The supplier survey: who is asked, answering by signed link, who sees the answers, what is published,
and deleting who said what after the retention period.

Northshire's survey asks about the financial year that contains today. It opens on 4 May and closes on 30 June
after that year has ended (days named as an authority would name them; the years are counted from today). It
asks six suppliers awarded contracts that year (an award on 1 March, a month before the year started, belongs to
the year before and is left out). Five answer: enough to publish. Hand-computed: every respondent has a local share
of 0.5 × 0.8 + 0.5 × 0.4 = 0.6 and created 2 jobs; spends are £10,000 each for the five and £50,000 for the
one who did not answer, so R1 = £100,000, respondents' spend £50,000, R2 = 0.6 × 100,000 = £60,000 (low
£30,000, high £60,000), R3 at 25% = £15,000, LM3 = 1.75 (low 1.375, high 1.75). Jobs: 10 reported, scaled
10 × 100,000 / 50,000 = 20 (low 10, high 10 + (2 / 10,000) × 50,000 = 20).
"""

import csv
import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
import time_machine

from django.core.management import call_command

from impact import figures, links, survey
from impact.models import SignedLink, SurveyInvitation, SurveyResponse
from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from portal.factories import UserFactory
from tests.impact.conftest import this_financial_year

pytestmark = pytest.mark.django_db

ANSWERS = {
    "jobs": "2",
    "apprenticeships": "1",
    "hard_to_reach": "1",
    "volunteering_hours": "10",
    "staff_cost_percent": "50",
    "local_staff_percent": "80",
    "local_supplier_percent": "40",
}
LONDON = zoneinfo.ZoneInfo("Europe/London")


def year_label(year):
    """A financial year as people write it: 2026/27."""
    return f"{year}/{str(year + 1)[-2:]}"


@pytest.fixture
def year():
    """The financial year the survey asks about: the one that contains today, by the year it starts in."""
    return this_financial_year()


@pytest.fixture
def opens(year):
    """The survey opens at 10 in the morning on 4 May, a month after the year it asks about has ended."""
    return datetime.datetime(year + 1, 5, 4, 10, tzinfo=LONDON)


@pytest.fixture
def closes_on(year):
    """It closes on 30 June: its links work until the end of that day."""
    return datetime.date(year + 1, 6, 30)


def awarded(organisation, name, value, date, number="", reference=None):
    opportunity = OpportunityPageFactory(parent=organisation, reference=reference or f"R-{name}")
    lot = LotFactory(opportunity=opportunity, number=1)
    return AwardFactory(lot=lot, supplier_name=name, supplier_number=number, value=Decimal(value), award_date=date)


@pytest.fixture
def northshire_survey(organisation, year, opens, closes_on):
    # Awards in June, September and (of the next calendar year) February of the financial year.
    for n in range(5):
        awarded(organisation, f"Supplier {n}", "10000", datetime.date(year, 6, 1))
    awarded(organisation, "Silent Ltd", "30000", datetime.date(year, 9, 1), number="0123", reference="S-1")
    # The same company again, spelt differently: one supplier, one invitation, spend added up.
    awarded(organisation, "SILENT LIMITED", "20000", datetime.date(year + 1, 2, 1), number="0123", reference="S-2")
    awarded(organisation, "Last Year Ltd", "99999", datetime.date(year, 3, 1))
    with time_machine.travel(opens, tick=False):
        return survey.open_survey(organisation, year, closes_on=closes_on)


def answer(client, invitation, **changes):
    link = links.issue(SignedLink.Purpose.SURVEY, links.end_of_day(invitation.survey.closes_on), invitation=invitation)
    return client.post(f"/supplier-survey/{links.token_for(link)}/", {**ANSWERS, **changes})


def answer_five(client, northshire_survey, opens):
    with time_machine.travel(opens, tick=False):
        for invitation in northshire_survey.invitations.exclude(supplier_name="Silent Ltd"):
            assert answer(client, invitation).status_code == 200


def test_every_supplier_awarded_that_year_is_asked_once(northshire_survey):
    invitations = {i.supplier_name: i.spend for i in northshire_survey.invitations.all()}
    assert invitations == {**{f"Supplier {n}": Decimal("10000") for n in range(5)}, "Silent Ltd": Decimal("50000")}
    assert northshire_survey.supplier_source == "awards"


def test_a_supplier_answers_by_signed_link(client, northshire_survey, year, opens, closes_on):
    invitation = northshire_survey.invitations.get(supplier_name="Supplier 0")
    with time_machine.travel(opens, tick=False):
        link = links.issue(SignedLink.Purpose.SURVEY, links.end_of_day(closes_on), invitation=invitation)
        path = f"/supplier-survey/{links.token_for(link)}/"
        assert f"Northshire Borough Council supplier survey {year_label(year)}" in client.get(path).content.decode()
        bad = client.post(path, {**ANSWERS, "local_staff_percent": "120", "jobs": "-2"})
        assert bad.status_code == 400
        assert "Enter a percentage from 0 to 100." in bad.content.decode()
        assert "Enter 0 or more" in bad.content.decode()
        assert client.post(path, ANSWERS).status_code == 200
        assert client.post(path, ANSWERS).status_code == 410
    saved = SurveyResponse.objects.get()
    assert saved.local_share == Decimal("0.6")
    rate = survey.response_rate(northshire_survey)
    assert (rate.invited, rate.answered, rate.rate) == (6, 1, Decimal(1) / 6)


def test_an_expired_survey_link_is_refused(client, northshire_survey, closes_on):
    invitation = northshire_survey.invitations.first()
    link = links.issue(SignedLink.Purpose.SURVEY, links.end_of_day(closes_on), invitation=invitation)
    the_morning_after = datetime.datetime.combine(closes_on + datetime.timedelta(days=1), datetime.time(10), LONDON)
    with time_machine.travel(the_morning_after, tick=False):
        response = client.post(f"/supplier-survey/{links.token_for(link)}/", ANSWERS)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_a_return_link_does_not_open_the_survey(client, northshire_survey, closes_on):
    invitation = northshire_survey.invitations.first()
    link = links.issue(SignedLink.Purpose.SURVEY, links.end_of_day(closes_on), invitation=invitation)
    assert client.get(f"/report-delivery/{links.token_for(link)}/").status_code == 404


def test_figures_are_not_published_from_four_answers(client, northshire_survey, year, opens):
    with time_machine.travel(opens, tick=False):
        for invitation in northshire_survey.invitations.exclude(supplier_name="Silent Ltd")[:4]:
            answer(client, invitation)
    page = client.get(f"/insights/wider-impact/{year}/").content.decode()
    assert "We publish figures only when at least 5 suppliers have answered" in page
    assert "estimated" not in page
    rows = list(csv.reader(io.StringIO(client.get(f"/insights/wider-impact/{year}/figures.csv").content.decode())))
    assert rows[1][2] == "not published: fewer than 5 suppliers answered"


def test_published_figures_and_statements_match_the_hand_computed_ones(client, northshire_survey, year, opens):
    answer_five(client, northshire_survey, opens)
    partnership, northshire = figures.scopes(year)
    result = northshire.result
    assert (result.r1, result.r2.central, result.r2.low, result.r2.high) == (100000, 60000, 30000, 60000)
    assert (result.lm3.central, result.lm3.low, result.lm3.high) == (Decimal("1.75"), Decimal("1.375"), Decimal("1.75"))
    assert partnership.result.lm3 == result.lm3, "one anchor: the partnership's figures are its figures"
    page = client.get(f"/insights/wider-impact/{year}/northshire-borough-council/").content.decode()
    assert (
        "Suppliers to Northshire Borough Council created or kept an estimated 20 jobs in the local area"
        f" in {year_label(year)}." in page
    )
    assert "Estimated from the answers of 5 of 6 suppliers (83%), who received 50% of the spend." in page
    assert "reported 10 themselves" in page
    assert "worth an estimated £1.75 to the local economy (LM3), somewhere between £1.38 and £1.75" in page
    assert client.get("/insights/wider-impact/").status_code == 302
    rows = list(csv.reader(io.StringIO(client.get(f"/insights/wider-impact/{year}/figures.csv").content.decode())))
    lm3_rows = [row for row in rows if row[2] == "LM3"]
    assert [row[0] for row in lm3_rows] == ["Local Buying Partnership", "Northshire Borough Council"]
    assert lm3_rows[1][3:8] == ["1.75", "1.38", "1.75", "6", "5"]
    assert not any("Supplier 0" in cell for row in rows for cell in row), "no supplier is named"


def test_pages_for_unknown_years_and_organisations_are_not_found(client, northshire_survey, year):
    # The year before had an award (Last Year Ltd) but no survey.
    assert client.get(f"/insights/wider-impact/{year - 1}/").status_code == 404
    assert client.get(f"/insights/wider-impact/{year}/nobody/").status_code == 404
    assert client.get(f"/insights/wider-impact/{year - 1}/figures.csv").status_code == 404


def test_answers_are_seen_only_by_the_anchors_and_the_partnerships_analysts(
    client, northshire_survey, opens, buyer_of, organisation, other_organisation
):
    answer_five(client, northshire_survey, opens)
    url = f"/admin/supplier-surveys/{northshire_survey.pk}/"
    client.force_login(buyer_of(organisation, username="northshire-analyst"))
    assert "Supplier 0" in client.get(url).content.decode()
    client.force_login(buyer_of(other_organisation, username="westmoor-analyst"))
    assert client.get(url).status_code == 404
    assert "Northshire" not in client.get("/admin/supplier-surveys/").content.decode()
    partnership_analyst = UserFactory(username="partnership-analyst", is_staff=True)
    from django.contrib.auth.models import Permission

    partnership_analyst.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_surveyresponse")
    )
    client.force_login(partnership_analyst)
    assert "Supplier 0" in client.get(url).content.decode()


def test_after_the_retention_period_nobody_can_tell_who_answered(
    client, northshire_survey, year, opens, closes_on, settings
):
    answer_five(client, northshire_survey, opens)
    before = figures.scopes(year)[1].result
    settings.IMPACT_SURVEY_RETENTION_DAYS = 365
    # Kept for 365 days after it closed, counted in days: up to and including the 365th day, which is 29 June
    # rather than 30 June when a 29 February falls in between. Anonymised from the day after.
    last_day_kept = closes_on + datetime.timedelta(days=365)
    with time_machine.travel(datetime.datetime.combine(last_day_kept, datetime.time(10), LONDON), tick=False):
        assert survey.anonymise_expired_surveys() == 0
    the_day_after = last_day_kept + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(the_day_after, datetime.time(10), LONDON), tick=False):
        out = io.StringIO()
        call_command("anonymise_supplier_surveys", stdout=out)
    assert "Anonymised 1 survey." in out.getvalue()
    names = set(SurveyInvitation.objects.values_list("supplier_name", flat=True))
    assert names == {"Anonymised supplier"}
    assert not SurveyInvitation.objects.exclude(email="").exists()
    assert not SignedLink.objects.filter(purpose="survey").exists()
    assert figures.scopes(year)[1].result == before, "the published figures stay"
