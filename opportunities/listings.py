"""What an organisation page shows about its buying: open opportunities, forward plan, recent awards.

Three queries whatever the number of opportunities or lots (lot counts are annotated, not fetched).
"""

from django.db.models import Count

from .models import Award, OpportunityPage, Stage
from .queries import open_opportunities

RECENT_AWARDS = 5
PIPELINE_STAGES = (Stage.PIPELINE, Stage.MARKET_ENGAGEMENT)


def organisation_listing(organisation):
    """Open opportunities (closing soonest first), the pipeline, and the latest awards."""
    with_lot_count = {"lot_count": Count("lots")}
    open_now = (
        open_opportunities().filter(buyer=organisation).annotate(**with_lot_count).order_by("submission_deadline")
    )
    pipeline = (
        OpportunityPage.objects.live()
        .filter(buyer=organisation, stage__in=PIPELINE_STAGES)
        .annotate(**with_lot_count)
        .order_by("expected_award_date", "title")
    )
    awards = (
        Award.objects.filter(lot__opportunity__buyer=organisation, lot__opportunity__live=True)
        .select_related("lot__opportunity")
        .order_by("-award_date", "pk")[:RECENT_AWARDS]
    )
    return {"open": list(open_now), "pipeline": list(pipeline), "recent_awards": list(awards)}
