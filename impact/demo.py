"""Demo wider impact: promises on every demo award, a year of delivery returns, and a supplier survey with a
partial response for every anchor. Runs after the opportunities and insights demos; safe to run again.

The proxy values are illustrative round numbers for the demo, not the National TOMs' published values.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from opportunities.models import Award
from portal import clock
from portal.demo import ORGANISATIONS
from portal.models import OrganisationPage

from . import catalogue, links, returns, survey
from .models import Commitment, DeliveryPlan, SignedLink, SurveyResponse
from .periods import financial_year_bounds, financial_year_of, periods

SEED = 2026
ILLUSTRATIVE_PROXIES = {
    catalogue.LOCAL_JOBS: Decimal("25000"),
    catalogue.APPRENTICESHIPS: Decimal("12000"),
    catalogue.HARD_TO_REACH: Decimal("15000"),
    catalogue.VOLUNTEERING_HOURS: Decimal("17"),
}
PLANS = 8
ANSWER_RATE = 0.6


def seed(progress=print):
    rng = random.Random(SEED)  # noqa: S311 - demo data
    measures = catalogue.ensure_core_measures()
    for code, proxy in ILLUSTRATIVE_PROXIES.items():
        if measures[code].proxy_value is None:
            measures[code].proxy_value = proxy
            measures[code].save(update_fields=["proxy_value"])
    promised = promise(measures, rng)
    progress(f"  social value promised on {promised} more awards")
    year = financial_year_of(clock.today()) - 1
    plans = report_a_year(year, rng)
    progress(f"  {plans} contracts report delivery quarterly for {year}/{(year + 1) % 100:02d}")
    for position, (slug, title, *_) in enumerate(ORGANISATIONS, start=1):
        organisation = OrganisationPage.objects.filter(slug=slug).first()
        if organisation is None:
            continue
        answered, invited = run_survey(organisation, year, rng)
        progress(f"  survey {position}/{len(ORGANISATIONS)}: {title}, {answered} of {invited} suppliers answered")


@transaction.atomic
def promise(measures, rng):
    """Commitments for demo awards that have none (the opportunities demo cannot import this app)."""
    count = 0
    for award in Award.objects.filter(commitments__isnull=True).order_by("pk"):
        quantities = {
            catalogue.LOCAL_JOBS: rng.randrange(1, 7),
            catalogue.APPRENTICESHIPS: rng.randrange(0, 3),
            catalogue.HARD_TO_REACH: rng.randrange(0, 4),
            catalogue.VOLUNTEERING_HOURS: rng.choice([0, 20, 40, 100]),
        }
        Commitment.objects.bulk_create(
            [Commitment(award=award, measure=measures[code], quantity=n) for code, n in quantities.items() if n]
        )
        count += 1
    return count


@transaction.atomic
def report_a_year(year, rng):
    """Quarterly reporting for the first organisation's awards that year: most reported, some overdue, one corrected."""
    start, end = financial_year_bounds(year)
    slug = ORGANISATIONS[0][0]
    awards = Award.objects.filter(lot__opportunity__buyer__slug=slug, award_date__lte=end).order_by("-award_date")
    for position, award in enumerate(awards[:PLANS]):
        plan, created = DeliveryPlan.objects.get_or_create(
            award=award,
            defaults={"supplier_email": f"reports{position}@supplier.example", "starts_on": start, "ends_on": end},
        )
        if not created:
            continue
        promised = {c.measure: c.quantity for c in award.commitments.select_related("measure")}
        for index, period in enumerate(periods(plan)):
            if not period.has_ended(clock.today()) or (position % 4 == 3 and index >= 2):
                continue  # one contract in four has stopped reporting: its last periods are overdue
            submit(plan, period, promised, rng)
            if position == 0 and index == 0:
                submit(plan, period, promised, rng, notes="Corrected: the first figures missed two apprentices.")
    return min(PLANS, awards.count())


def submit(plan, period, promised, rng, notes=""):
    link = links.issue(
        SignedLink.Purpose.RETURN, links.return_link_expiry(period), plan=plan, period_start=period.start
    )
    quantities = {
        measure: (quantity / 4 * Decimal(rng.choice(["0.5", "0.8", "1", "1.2"]))).quantize(Decimal(1))
        for measure, quantity in promised.items()
    }
    returns.submit(link, submitted_by="Demo supplier", notes=notes, quantities=quantities)


def run_survey(organisation, year, rng):
    """Open the anchor's survey for the year and have about 60% of its suppliers answer it."""
    today = clock.today()
    opened = survey.open_survey(
        organisation, year, closes_on=today + datetime.timedelta(days=30), opens_on=today - datetime.timedelta(days=14)
    )
    invitations = list(opened.invitations.order_by("supplier_key"))
    for invitation in invitations:
        if not invitation.email:
            invitation.email = f"survey+{invitation.pk}@supplier.example"
            invitation.save(update_fields=["email"])
    if not SurveyResponse.objects.filter(invitation__survey=opened).exists():
        for invitation in invitations:
            if rng.random() < ANSWER_RATE:
                SurveyResponse.objects.create(
                    invitation=invitation,
                    submitted_at=clock.now(),
                    jobs=rng.randrange(0, 12),
                    apprenticeships=rng.randrange(0, 4),
                    hard_to_reach=rng.randrange(0, 5),
                    volunteering_hours=rng.choice([0, 10, 40, 120, 300]),
                    staff_cost_percent=Decimal(rng.randrange(20, 70)),
                    local_staff_percent=Decimal(rng.randrange(30, 95)),
                    local_supplier_percent=Decimal(rng.randrange(10, 60)),
                )
    rate = survey.response_rate(opened)
    return rate.answered, rate.invited
