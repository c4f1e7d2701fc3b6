"""Reusable querysets over published opportunities."""

from django.db.models import Q

from portal import clock

from .models import OpportunityPage, Stage


def open_opportunities(now=None):
    """Live opportunities open for bids whose deadline has not passed (or has none yet)."""
    now = now or clock.now()
    return (
        OpportunityPage.objects.live()
        .filter(stage=Stage.OPEN)
        .filter(Q(submission_deadline__isnull=True) | Q(submission_deadline__gt=now))
    )
