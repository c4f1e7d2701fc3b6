"""Quick quotes on each anchor's accessibility scorecard: how often it asks local firms, and how widely.

Small jobs are mostly bought by asking a few firms for quotes. Many invitations going to few firms means
the same suppliers are always asked; the scorecard shows it so that anchors spread the work.
"""

import datetime

from django.db.models import Count, Q

from insights.formatting import percent
from insights.scorecard import ScorecardRow
from portal import clock

from .models import QuoteInvitation

# The last year only, so that an anchor that changes its ways soon sees it on its scorecard.
PERIOD = datetime.timedelta(days=365)


def quick_quote_rows(anchor_ids):
    """{anchor id: rows} for the anchors that sent quote invitations in the last year (one query)."""
    invitations = QuoteInvitation.objects.filter(organisation_id__in=anchor_ids, sent_at__gte=clock.now() - PERIOD)
    counts = (
        invitations.order_by()
        .values("organisation_id")
        .annotate(
            sent=Count("pk"),
            firms=Count("business_name", distinct=True),
            answered=Count("pk", filter=~Q(response=QuoteInvitation.Response.WAITING)),
        )
    )
    rows = {}
    for count in counts:
        sent, firms = count["sent"], count["firms"]
        rows[count["organisation_id"]] = [
            ScorecardRow(
                "Invitations to quote in the last year",
                f"{sent} invitation{'s' if sent != 1 else ''} to {firms} different firm{'s' if firms != 1 else ''}",
            ),
            ScorecardRow("Invitations to quote that firms answered", percent(count["answered"] * 100 / sent)),
        ]
    return rows
