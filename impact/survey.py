"""The yearly supplier survey: who is asked, their answers, response rates, who may see them, and retention.

Who is asked: every supplier the anchor paid (from the spend analysis, when the `spend` app is installed and
offers `suppliers_paid`) or, otherwise, awarded a contract in the financial year. `Survey.supplier_source`
records which, and the published pages say so.
"""

import datetime
import importlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum

from opportunities.models import Award
from portal import clock
from portal.models import OrganisationPage

from . import lm3
from .models import ReminderSent, SignedLink, Survey, SurveyInvitation
from .periods import financial_year_bounds

logger = logging.getLogger(__name__)

COUNTS = ["jobs", "apprenticeships", "hard_to_reach", "volunteering_hours"]


@dataclass(frozen=True)
class PaidSupplier:
    key: str
    name: str
    spend: Decimal
    email: str = ""


def supplier_key(number, name):
    """One supplier however its name is written: its company or charity number, else its name in lower case."""
    number = (number or "").strip().upper()
    return f"no:{number}" if number else "name:" + " ".join((name or "").lower().split())


def suppliers_awarded(anchor, year):
    """Suppliers awarded contracts by the anchor in the financial year, with the value awarded (one query)."""
    start, end = financial_year_bounds(year)
    awards = Award.objects.filter(lot__opportunity__buyer=anchor, award_date__range=(start, end)).order_by()
    totals = {}
    for name, number, value in awards.values_list("supplier_name", "supplier_number", "value"):
        key = supplier_key(number, name)
        found = totals.get(key)
        totals[key] = PaidSupplier(key, found.name if found else name, (found.spend if found else 0) + value)
    return sorted(totals.values(), key=lambda supplier: supplier.name.lower())


def payments_source():
    """The spend app's `suppliers_paid(anchor, year)`, when it is installed and has one; else None.

    A soft dependency: wider impact works without the spend analysis, from awards.
    """
    if not apps.is_installed("spend"):
        return None
    for module_name in ("spend.queries", "spend.suppliers", "spend.api"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        if callable(getattr(module, "suppliers_paid", None)):
            return module.suppliers_paid
    return None


def suppliers_for(anchor, year):
    """(source, [PaidSupplier]): payments when the spend analysis has them for the year, awards otherwise."""
    source = payments_source()
    if source is not None:
        paid = [
            PaidSupplier(key=supplier_key("", row["name"]), name=row["name"], spend=Decimal(row["amount"]), email="")
            for row in source(anchor, year)
        ]
        if paid:
            return "payments", paid
    return "awards", suppliers_awarded(anchor, year)


@transaction.atomic
def open_survey(anchor, year, closes_on, opens_on=None, emails=None):
    """Create (or top up) an anchor's survey for a year with an invitation per supplier. Idempotent.

    `emails` maps supplier keys to addresses (awards carry none): invitations without one are counted in the
    response rate but get no email; the analyst can add the address in the admin.
    """
    source, suppliers = suppliers_for(anchor, year)
    survey, _ = Survey.objects.get_or_create(
        anchor=anchor,
        year=year,
        defaults={"opens_on": opens_on or clock.today(), "closes_on": closes_on, "supplier_source": source},
    )
    emails = emails or {}
    for supplier in suppliers:
        SurveyInvitation.objects.update_or_create(
            survey=survey,
            supplier_key=supplier.key,
            defaults={
                "supplier_name": supplier.name,
                "spend": supplier.spend,
                "email": emails.get(supplier.key, supplier.email),
            },
        )
    return survey


def record_response(invitation, form):
    """Save the answers of a survey form for an invitation (the caller holds the link's claim)."""
    answer = form.save(commit=False)
    answer.invitation = invitation
    answer.submitted_at = clock.now()
    answer.save()
    return answer


# Who may read individual answers -------------------------------------------------------------------------


def sees_every_survey(user):
    """Partnership analysts: superusers and anyone given the "view survey response" permission."""
    return user.is_active and (user.is_superuser or user.has_perm("impact.view_surveyresponse"))


def surveys_for(user):
    """The surveys whose answers the user may read: all (partnership analysts) or their organisations' own."""
    surveys = Survey.objects.select_related("anchor")
    if sees_every_survey(user):
        return surveys
    if not user.is_active:
        return surveys.none()
    return surveys.filter(anchor__buyers_group__in=user.groups.all())


def can_read_surveys(user):
    return sees_every_survey(user) or (
        user.is_active and OrganisationPage.objects.filter(buyers_group__in=user.groups.all()).exists()
    )


# Figures -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseRate:
    invited: int
    answered: int
    spend: Decimal
    answered_spend: Decimal

    @property
    def rate(self):
        return Decimal(self.answered) / self.invited if self.invited else Decimal(0)


def response_rate(survey):
    row = survey.invitations.aggregate(
        invited_count=Count("pk"),
        answered_count=Count("pk", filter=Q(response__isnull=False)),
        total_spend=Sum("spend"),
        spend_answered=Sum("spend", filter=Q(response__isnull=False)),
    )
    return ResponseRate(
        row["invited_count"], row["answered_count"], row["total_spend"] or Decimal(0), row["spend_answered"] or 0
    )


def lm3_suppliers(surveys):
    """The `lm3.Supplier` list for one or more surveys (a partnership is the sum of its anchors)."""
    invitations = SurveyInvitation.objects.filter(survey__in=surveys).select_related("response")
    result = []
    for invitation in invitations:
        answer = getattr(invitation, "response", None)
        if answer is None:
            result.append(lm3.Supplier(spend=invitation.spend))
        else:
            counts = {name: getattr(answer, name) for name in COUNTS}
            result.append(lm3.Supplier(spend=invitation.spend, local_share=answer.local_share, counts=counts))
    return result


# Retention -----------------------------------------------------------------------------------------------


def retention_days():
    return settings.IMPACT_SURVEY_RETENTION_DAYS


def expired_surveys(today=None):
    today = today or clock.today()
    cutoff = today - datetime.timedelta(days=retention_days())
    return Survey.objects.filter(closes_on__lt=cutoff, anonymised_at__isnull=True)


def anonymise_expired_surveys(today=None, progress=None):
    """Past the retention period, keep each survey's figures and forget who said what. Returns surveys done.

    Each invitation loses the supplier's name, number and email address (its key becomes a meaningless one),
    and its links and ledger rows are deleted. What the figures need stays: the spend and the answers, with
    no supplier attached.
    """
    done = 0
    surveys = list(expired_surveys(today))
    for position, survey in enumerate(surveys, start=1):
        with transaction.atomic():
            invitations = survey.invitations.all()
            ReminderSent.objects.filter(
                purpose=SignedLink.Purpose.SURVEY,
                target__in=[str(pk) for pk in invitations.values_list("pk", flat=True)],
            ).delete()
            SignedLink.objects.filter(invitation__survey=survey).delete()
            for invitation in invitations:
                invitation.supplier_name = "Anonymised supplier"
                invitation.supplier_key = f"anonymised:{invitation.pk}"
                invitation.email = ""
            SurveyInvitation.objects.bulk_update(
                invitations, ["supplier_name", "supplier_key", "email"], batch_size=500
            )
            survey.anonymised_at = clock.now()
            survey.save(update_fields=["anonymised_at"])
        done += 1
        if progress:
            progress(f"  {position}/{len(surveys)} surveys anonymised ({survey})")
    logger.info("Anonymised %s supplier surveys older than %s days", done, retention_days())
    return done
