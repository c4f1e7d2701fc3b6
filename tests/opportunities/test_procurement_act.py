"""The Procurement Act 2023's rules: regimes from VAT-inclusive values and the dated thresholds table,
the stage from notices, and the editor refusing what the Act forbids (through the real Wagtail admin)."""

import datetime
from datetime import date
from decimal import Decimal

import pytest
from dateutil.easter import easter

from django.utils import timezone

from opportunities import procurement_act as act
from opportunities.factories import LotFactory, OpportunityPageFactory
from opportunities.models import Notice, OpportunityPage, Threshold
from portal.buyers import BuyerKind
from tests.opportunities.conftest import DATETIME, create_url, form_errors, lot_row, notice_row, opportunity_post

SERVICES = act.ContractCategory.SERVICES


def regime(value, day, buyer_kind=BuyerKind.SUB_CENTRAL, **options):
    thresholds = act.thresholds_on(day, buyer_kind)
    return act.regime_for(Decimal(value), thresholds, category=options.pop("category", SERVICES), **options)


@pytest.mark.django_db
def test_regime_follows_the_thresholds_in_force_on_the_day_the_procurement_began():
    # Sub-central services: £214,904 from 24 February 2025, £207,720 from 1 January 2026 (including VAT).
    assert regime("210000", datetime.date(2025, 6, 1)) == act.Regime.BELOW_THRESHOLD_NOTIFIABLE
    assert regime("210000", datetime.date(2026, 1, 1)) == act.Regime.ABOVE_THRESHOLD
    assert regime("207720", datetime.date(2026, 3, 1)) == act.Regime.ABOVE_THRESHOLD
    assert regime("207719.99", datetime.date(2026, 3, 1)) == act.Regime.BELOW_THRESHOLD_NOTIFIABLE
    # Central government's figures are lower, and below-threshold notices start at £12,000 rather than £30,000.
    assert regime("140000", datetime.date(2026, 3, 1), BuyerKind.CENTRAL_GOVERNMENT) == act.Regime.ABOVE_THRESHOLD
    assert regime("20000", datetime.date(2026, 3, 1), BuyerKind.CENTRAL_GOVERNMENT) == (
        act.Regime.BELOW_THRESHOLD_NOTIFIABLE
    )
    assert regime("20000", datetime.date(2026, 3, 1)) == act.Regime.BELOW_THRESHOLD
    # Works and light touch services have their own thresholds; an exempted contract is exempt at any value.
    assert regime("1000000", datetime.date(2026, 3, 1), category=act.ContractCategory.WORKS) == (
        act.Regime.BELOW_THRESHOLD_NOTIFIABLE
    )
    assert regime("700000", datetime.date(2026, 3, 1), light_touch=True) == act.Regime.LIGHT_TOUCH
    assert regime("600000", datetime.date(2026, 3, 1), light_touch=True) == act.Regime.BELOW_THRESHOLD_NOTIFIABLE
    assert regime("9000000", datetime.date(2026, 3, 1), exempt=True) == act.Regime.EXEMPT
    # A procurement begun before the Act (2015 Regulations) is judged on the table's first figures.
    assert regime("214904", datetime.date(2024, 6, 1)) == act.Regime.ABOVE_THRESHOLD


@pytest.mark.django_db
def test_an_administrator_can_change_the_thresholds_for_procurements_beginning_later():
    act.load_shipped_thresholds(Threshold)  # as migrated (a transactional test elsewhere may have emptied it)
    later = datetime.date(2030, 1, 1)
    assert regime("200000", later) == act.Regime.BELOW_THRESHOLD_NOTIFIABLE
    Threshold.objects.create(
        valid_from=later, buyer_kind=BuyerKind.SUB_CENTRAL, kind=act.ThresholdKind.GOODS_AND_SERVICES, amount=190000
    )
    assert regime("200000", later) == act.Regime.ABOVE_THRESHOLD
    assert regime("200000", later - datetime.timedelta(days=1)) == act.Regime.BELOW_THRESHOLD_NOTIFIABLE


def test_the_stage_follows_the_notices_and_never_goes_back():
    assert act.stage_from_notices([]) is None
    assert act.stage_from_notices(["UK1"]) == act.Stage.PIPELINE
    assert act.stage_from_notices(["UK1", "UK2"]) == act.Stage.MARKET_ENGAGEMENT
    # A market engagement notice published after the tender notice does not reopen market engagement.
    assert act.stage_from_notices(["UK4", "UK2"]) == act.Stage.OPEN
    assert act.stage_from_notices(["UK4", "UK6", "UK7", "UK10"]) == act.Stage.AWARDED
    assert act.stage_from_notices(["UK4", "UK12"]) == act.Stage.CANCELLED
    assert act.stage_from_notices(["F02"]) == act.Stage.OPEN


def test_reservations_the_act_allows_above_and_below_threshold():
    above, below = act.Regime.ABOVE_THRESHOLD, act.Regime.BELOW_THRESHOLD_NOTIFIABLE
    for reserved in ("sme", "vcse", "local"):
        assert act.reservation_refusal(reserved, above), reserved
        assert act.reservation_refusal(reserved, act.Regime.LIGHT_TOUCH), reserved
        assert act.reservation_refusal(reserved, below) is None, reserved
    assert act.reservation_refusal("supported_employment", above) is None
    assert act.reservation_refusal("public_service_mutual", act.Regime.LIGHT_TOUCH) is None
    assert "light touch" in act.reservation_refusal("public_service_mutual", above)


@pytest.mark.django_db
def test_saving_works_out_the_regime_and_the_stage_from_notices(organisation):
    opportunity = OpportunityPageFactory(
        parent=organisation, value_max=Decimal("200000"), value_max_inc_vat=Decimal("240000")
    )
    assert opportunity.regime == act.Regime.ABOVE_THRESHOLD
    today = timezone.localdate()
    opportunity.notices = [
        Notice(notice_type="UK4", identifier="000101-2026", published=today - datetime.timedelta(days=40)),
        Notice(
            notice_type="UK6",
            identifier="000102-2026",
            published=today - datetime.timedelta(days=2),
            standstill_end=today + datetime.timedelta(days=10),
        ),
    ]
    opportunity.save()
    opportunity.refresh_from_db()
    assert opportunity.stage == act.Stage.AWARDED
    assert opportunity.standstill_end() == today + datetime.timedelta(days=10)


# The editor, through the real Wagtail admin as a signed-in buyer.


@pytest.fixture
def post_as_buyer(client, buyer, organisation, cpv, area):
    client.force_login(buyer)
    return lambda data: client.post(create_url(organisation), data)


def refused(response, field, *fragments):
    assert response.status_code == 200, "the editor should be shown again, not redirect"
    errors = form_errors(response)
    assert field in errors, errors
    message = " ".join(errors[field])
    for fragment in fragments:
        assert fragment in message, message
    assert not OpportunityPage.objects.exists()
    return message


ABOVE_THRESHOLD = {"value_max": "400000", "value_max_inc_vat": "480000", "value_min": "", "value_min_inc_vat": ""}


@pytest.mark.django_db
def test_reserving_an_above_threshold_lot_for_local_suppliers_is_refused(post_as_buyer, area):
    rows = [lot_row(1, reserved="local", reserved_area=area.pk, suitable_for_sme="", value_max="100000")]
    response = post_as_buyer(opportunity_post(lot_rows=rows, no_lots_reason="One site.", **ABOVE_THRESHOLD))
    message = refused(response, "lots-0-reserved", "above the threshold", "suppliers in a local area")
    assert "supported employment" in message


@pytest.mark.django_db
def test_below_threshold_a_lot_may_be_reserved_for_local_suppliers(post_as_buyer, area):
    rows = [lot_row(1, reserved="local", reserved_area=area.pk, suitable_for_sme="")]
    response = post_as_buyer(opportunity_post(lot_rows=rows, no_lots_reason="One site.", publish=True))
    assert response.status_code == 302, form_errors(response)
    opportunity = OpportunityPage.objects.get()
    assert opportunity.regime == act.Regime.BELOW_THRESHOLD_NOTIFIABLE
    assert opportunity.lots.get().reserved == "local"


@pytest.mark.django_db
def test_above_threshold_a_lot_may_be_reserved_for_supported_employment(post_as_buyer):
    rows = [lot_row(1, reserved="supported_employment", suitable_for_sme="", value_max="100000")]
    response = post_as_buyer(opportunity_post(lot_rows=rows, no_lots_reason="One site.", **ABOVE_THRESHOLD))
    assert response.status_code == 302, form_errors(response)
    assert OpportunityPage.objects.get().regime == act.Regime.ABOVE_THRESHOLD


@pytest.mark.django_db
def test_a_lot_reserved_for_vcses_cannot_also_be_suitable_for_every_sme(post_as_buyer):
    rows = [lot_row(1, reserved="vcse", suitable_for_sme="on")]
    response = post_as_buyer(opportunity_post(lot_rows=rows, no_lots_reason="One site."))
    refused(response, "lots-0-suitable_for_sme", "reserved for charities, social enterprises and co-ops")


@pytest.mark.django_db
def test_publishing_a_notifiable_opportunity_without_its_tender_notice_is_refused(post_as_buyer, client):
    response = post_as_buyer(opportunity_post(publish=True, notices=[]))
    refused(response, "__all__", "Central Digital Platform", "UK4 tender notice", "notice identifier")
    # A draft may wait for the notice.
    response = post_as_buyer(opportunity_post(notices=[]))
    assert response.status_code == 302, form_errors(response)


@pytest.mark.django_db
def test_a_small_contract_needs_no_notice(post_as_buyer):
    small = {"value_min": "", "value_max": "20000", "value_min_inc_vat": "", "value_max_inc_vat": "24000"}
    rows = [lot_row(1, value_min="", value_max="20000")]
    response = post_as_buyer(
        opportunity_post(publish=True, notices=[], lot_rows=rows, no_lots_reason="Small job.", **small)
    )
    assert response.status_code == 302, form_errors(response)
    assert OpportunityPage.objects.get().regime == act.Regime.BELOW_THRESHOLD


@pytest.mark.django_db
def test_a_direct_award_without_its_justification_is_refused(post_as_buyer):
    notices = [notice_row("UK5")]
    response = post_as_buyer(
        opportunity_post(publish=True, procedure="direct_award", stage="evaluation", notices=notices)
    )
    refused(response, "direct_award_justification", "Schedule 5")


@pytest.mark.django_db
def test_the_stage_has_no_default_and_must_agree_with_the_notices(post_as_buyer):
    response = post_as_buyer(opportunity_post(publish=True, stage=""))
    refused(response, "stage", "required")
    response = post_as_buyer(opportunity_post(stage="awarded"))
    refused(response, "stage", "Open for bids")


@pytest.mark.django_db
def test_the_2015_procedures_are_only_for_procurements_begun_before_the_act(post_as_buyer):
    response = post_as_buyer(opportunity_post(procedure="pcr_restricted", notices=[notice_row("F02")]))
    refused(response, "procedure", "before 24 February 2025")


@pytest.mark.django_db
def test_a_2015_procurement_keeps_its_procedure_and_says_so(post_as_buyer, client):
    began = datetime.datetime(2025, 2, 10, 12, 0).strftime(DATETIME)
    notices = [notice_row("F02", identifier="004567-2025", published="2025-02-10")]
    response = post_as_buyer(
        opportunity_post(
            publish=True,
            procedure="pcr_restricted",
            stage="evaluation",
            published_date=began,
            clarification_deadline="",
            submission_deadline=datetime.datetime(2025, 3, 20, 12, 0).strftime(DATETIME),
            notices=notices,
        )
    )
    assert response.status_code == 302, form_errors(response)
    page = client.get(OpportunityPage.objects.get().url).content.decode()
    assert "Restricted procedure (2015 Regulations, begun before 24 February 2025)" in page
    assert "Public Contracts Regulations 2015" in page


@pytest.mark.django_db
def test_uk_notices_are_refused_on_a_2015_procurement_and_f_notices_on_an_act_one(post_as_buyer):
    response = post_as_buyer(opportunity_post(notices=[notice_row("F02")]))
    refused(response, "notices-0-notice_type", "UK notices under the Procurement Act")


def the_next_year_when(calendar_fits):
    """The first year from this one whose calendar fits the case: bank holidays follow the weekdays (and
    Easter), so a case holds in every year laid out the same, and the test counts from today."""
    year = timezone.localdate().year
    while not calendar_fits(year):
        year += 1
    return year


def christmas_on_a_friday(year):
    return date(year, 12, 25).weekday() == 4


# Each case: whether a year's calendar fits it, and (published, standstill ends, working days) in that year.
WORKING_DAY_CASES = {
    # Christmas Day, the Boxing Day substitute (Monday 28th), New Year's Day and Scotland's 2 January
    # (the Monday after): Christmas on a Friday, as in 2026.
    "Christmas and New Year": (christmas_on_a_friday, lambda y: (date(y, 12, 18), date(y, 12, 30), 6)),
    "into January": (christmas_on_a_friday, lambda y: (date(y, 12, 18), date(y + 1, 1, 5), 8)),
    # Good Friday and, in England, Wales and Northern Ireland, Easter Monday: Easter on 28 March, as in 2027.
    "Easter": (lambda y: easter(y) == date(y, 3, 28), lambda y: (date(y, 3, 24), date(y, 4, 2), 5)),
    # St Patrick's Day counts out on a Wednesday: a bank holiday in Northern Ireland is one "in any part of
    # the UK".
    "St Patrick's Day": (lambda y: date(y, 3, 17).weekday() == 2, lambda y: (date(y, 3, 16), date(y, 3, 18), 1)),
    # 12 July (the Battle of the Boyne) on a Monday is a bank holiday in Northern Ireland.
    "the Twelfth": (lambda y: date(y, 7, 12).weekday() == 0, lambda y: (date(y, 7, 9), date(y, 7, 21), 7)),
    # Twelve days of June (no bank holiday falls in June): two weekends out, eight days left.
    "June": (lambda y: date(y, 6, 4).weekday() == 4, lambda y: (date(y, 6, 4), date(y, 6, 16), 8)),
}


@pytest.mark.parametrize("case", WORKING_DAY_CASES)
def test_the_acts_working_days_leave_out_bank_holidays_anywhere_in_the_uk(case):
    calendar_fits, dates = WORKING_DAY_CASES[case]
    published, ends, working_days = dates(the_next_year_when(calendar_fits))
    assert act.working_days_between(published, ends) == working_days


@pytest.mark.django_db
def test_a_standstill_shorter_than_eight_working_days_is_refused(post_as_buyer):
    today = timezone.localdate()
    award = notice_row(
        "UK6",
        identifier="034567-2026",
        ORDER=2,
        published=today.isoformat(),
        standstill_end=(today + datetime.timedelta(days=5)).isoformat(),
    )
    response = post_as_buyer(opportunity_post(stage="awarded", notices=[notice_row(), award]))
    refused(response, "notices-1-standstill_end", "8 working days")


@pytest.mark.django_db
def test_the_public_page_shows_the_notices_and_when_standstill_ends(client, organisation):
    opportunity = OpportunityPageFactory(parent=organisation, stage=act.Stage.AWARDED)
    LotFactory(opportunity=opportunity, number=1)
    today = timezone.localdate()
    ends = today + datetime.timedelta(days=9)
    Notice.objects.create(opportunity=opportunity, notice_type="UK4", identifier="011111-2026", published=today)
    Notice.objects.create(
        opportunity=opportunity,
        notice_type="UK6",
        identifier="022222-2026",
        url="https://www.find-tender.service.gov.uk/Notice/022222-2026",
        published=today,
        standstill_end=ends,
    )
    page = client.get(opportunity.url).content.decode()
    assert "UK4 tender notice" in page
    assert 'href="https://www.find-tender.service.gov.uk/Notice/022222-2026"' in page
    assert f"Standstill period ends {ends.day} {ends:%B %Y}" in page
    assert "assessment summary" in page


@pytest.mark.parametrize(
    ("ticked", "reserved", "every_sme", "every_vcse"),
    [
        ((True, True), "", True, True),
        ((True, True), "sme", True, True),  # most VCSEs are small enough to bid
        ((True, False), "vcse", False, True),  # reserved for VCSEs: for them, whatever was ticked
        ((True, True), "local", False, False),
        ((True, True), "supported_employment", False, False),
        ((False, False), "", False, False),
    ],
)
def test_who_a_lot_is_open_to_follows_its_reservation(ticked, reserved, every_sme, every_vcse):
    lot = LotFactory.build(suitable_for_sme=ticked[0], suitable_for_vcse=ticked[1], reserved=reserved)
    assert (lot.open_to_every_sme, lot.open_to_every_vcse) == (every_sme, every_vcse)
