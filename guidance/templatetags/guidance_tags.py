"""Template tags other apps use to show guidance and the common statement on their pages."""

from django import template
from django.db.models import Q

from guidance.models import CommonStatement, GuidancePage, Topic

register = template.Library()

MAX_HELP_LINKS = 4


@register.inclusion_tag("guidance/includes/statement_summary.html", takes_context=True)
def statement_summary(context):
    """The live common statement's summary and signatories (two queries, cached for the request)."""
    request = context.get("request")
    statement = getattr(request, "_common_statement", None) if request is not None else None
    if statement is None:
        statement = CommonStatement.current() or False
        if request is not None:
            request._common_statement = statement
    return {"statement": statement or None, "statement_url": "/statement/"}


@register.inclusion_tag("guidance/includes/opportunity_help.html", takes_context=True)
def guidance_for_opportunity(context, opportunity):
    """Guidance that fits an opportunity's stage and procedure, and a 'new to tendering?' panel (one query)."""
    current_stage = getattr(opportunity, "current_stage", None)
    stage = str(current_stage()) if callable(current_stage) else str(opportunity.stage)
    procedure = str(opportunity.procedure)
    pages = (
        GuidancePage.objects.live()
        .filter(Q(opportunity_stage=stage) | Q(opportunity_procedure=procedure) | Q(topic=Topic.PUBLIC_BUYING))
        .only("title", "summary", "topic", "opportunity_stage", "opportunity_procedure", "url_path", "path")
        .order_by("title")
    )
    fitting, starters = [], []
    for page in pages:
        if page.opportunity_stage == stage:
            fitting.insert(0, page)  # stage-specific help comes first: it is what the reader can act on now
        elif page.opportunity_procedure == procedure:
            fitting.append(page)
        else:
            starters.append(page)
    return {"fitting": fitting[:MAX_HELP_LINKS], "starters": starters[:3], "request": context.get("request")}
