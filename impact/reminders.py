"""Emails to suppliers (the link for each return period and each survey), each sent exactly once.

Each email has a row in the `ReminderSent` ledger, unique on (purpose, target, stage). A send happens inside
a transaction that first inserts that row: if the email fails (or the process dies) before the commit, the
row goes with the transaction and the next run sends it; once committed, no run can insert it again, so it
is never sent twice. Two runs at once: the second waits on the first's uncommitted row, then skips it.
The one gap no database can close: the mail server accepted the email and the process died before the
commit; the email then goes again on the next run.

When a run comes late (the job was stopped for a while), only the latest stage due is sent: a supplier
never gets an invitation, a reminder and a "now overdue" email on the same morning.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from portal import clock

from . import links
from .models import DeliveryPlan, ReminderSent, SignedLink, SurveyInvitation
from .periods import periods

logger = logging.getLogger(__name__)

Stage = ReminderSent.Stage
# Days from the due date (returns) or closing date (surveys) when each stage is sent.
RETURN_STAGES = [(Stage.INVITATION, None), (Stage.BEFORE, -7), (Stage.AFTER, 7)]
SURVEY_STAGES = [(Stage.INVITATION, None), (Stage.BEFORE, -7)]


@dataclass
class Email:
    purpose: str
    target: str
    stage: str
    to: str
    subject: str
    template: str
    context: dict


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0

    def __str__(self):
        return f"{self.sent} sent, {self.failed} failed (tried again on the next run)"


def latest_stage(stages, opens_on, deadline, today):
    """The last stage whose day has come, or None. The invitation's day is `opens_on`."""
    due = None
    for stage, offset in stages:
        day = opens_on if offset is None else deadline + datetime.timedelta(days=offset)
        if today >= day:
            due = stage
    return due


def return_emails(today):
    """The return emails due today: for each ended period with no return yet, its latest stage."""
    plans = DeliveryPlan.objects.select_related("award__lot__opportunity__buyer").filter(starts_on__lte=today)
    reported = set(
        DeliveryPlan.objects.filter(returns__isnull=False).values_list("pk", "returns__period_start").distinct()
    )
    for plan in plans.iterator(chunk_size=500):
        for period in periods(plan):
            if not period.has_ended(today) or (plan.pk, period.start) in reported:
                continue
            opens_on = period.end + datetime.timedelta(days=1)
            stage = latest_stage(RETURN_STAGES, opens_on, period.due, today)
            if stage is None or today > period.due + datetime.timedelta(days=settings.IMPACT_LINK_DAYS_AFTER_DUE):
                continue
            yield Email(
                purpose=SignedLink.Purpose.RETURN,
                target=f"{plan.pk}:{period.start.isoformat()}",
                stage=stage,
                to=plan.supplier_email,
                subject=RETURN_SUBJECTS[stage].format(period=period.label),
                template="impact/emails/return.txt",
                context={"plan": plan, "award": plan.award, "period": period, "stage": stage},
            )


RETURN_SUBJECTS = {
    Stage.INVITATION: "Tell us what you delivered: {period}",
    Stage.BEFORE: "Reminder: your delivery report for {period} is due soon",
    Stage.AFTER: "Your delivery report for {period} is overdue",
}
SURVEY_SUBJECTS = {
    Stage.INVITATION: "Our yearly supplier survey: 5 minutes about your local impact",
    Stage.BEFORE: "Reminder: our supplier survey closes soon",
}


def survey_emails(today):
    invitations = (
        SurveyInvitation.objects.select_related("survey__anchor")
        .filter(response__isnull=True, survey__anonymised_at__isnull=True, survey__closes_on__gte=today)
        .exclude(email="")
    )
    for invitation in invitations.iterator(chunk_size=500):
        survey = invitation.survey
        stage = latest_stage(SURVEY_STAGES, survey.opens_on, survey.closes_on, today)
        if stage is None:
            continue
        yield Email(
            purpose=SignedLink.Purpose.SURVEY,
            target=str(invitation.pk),
            stage=stage,
            to=invitation.email,
            subject=SURVEY_SUBJECTS[stage],
            template="impact/emails/survey.txt",
            context={"invitation": invitation, "survey": survey, "stage": stage},
        )


def link_for(email):
    """The link the email carries: the target's live link, or a new one."""
    if email.purpose == SignedLink.Purpose.RETURN:
        plan, period = email.context["plan"], email.context["period"]
        return links.usable_link(email.purpose, links.return_link_expiry(period), plan=plan, period_start=period.start)
    invitation = email.context["invitation"]
    return links.usable_link(email.purpose, links.end_of_day(invitation.survey.closes_on), invitation=invitation)


def send_one(email):
    """Send one email and record it, atomically; False when another run already recorded it."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    purpose=email.purpose, target=email.target, stage=email.stage, sent_at=clock.now()
                )
        except IntegrityError:
            return False
        url = links.url_for(link_for(email))
        body = render_to_string(email.template, {**email.context, "url": url})
        send_mail(email.subject, body, None, [email.to])
    return True


def already_sent(emails):
    """Drop the emails the ledger already has (one query), so a rerun tries only what is left."""
    emails = list(emails)
    if not emails:
        return []
    sent = set(
        ReminderSent.objects.filter(target__in={email.target for email in emails}).values_list(
            "purpose", "target", "stage"
        )
    )
    return [email for email in emails if (email.purpose, email.target, email.stage) not in sent]


def send_due(today=None, progress=None):
    """Send every return and survey email due today that has not gone yet. Safe to run as often as you like."""
    today = today or clock.today()
    report = SendReport()
    due = already_sent([*return_emails(today), *survey_emails(today)])
    for position, email in enumerate(due, start=1):
        try:
            if send_one(email):
                report.sent += 1
        except Exception:
            # Rolled back with its ledger row: the next run sends it. Other suppliers still get theirs.
            logger.exception("Could not send %s email for %s %s", email.stage, email.purpose, email.target)
            report.failed += 1
        if progress and (position % 50 == 0 or position == len(due)):
            progress(f"  {position}/{len(due)} emails processed")
    logger.info("Wider impact emails: %s", report)
    return report
