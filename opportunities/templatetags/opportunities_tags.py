"""Template filters and the organisation page's opportunities section."""

from django import template

from opportunities import eligibility, formatting
from opportunities.listings import organisation_listing
from opportunities.queries import open_opportunities
from portal import formatting as money_and_dates

register = template.Library()

register.filter("gbp", money_and_dates.gbp)
register.filter("uk_datetime", money_and_dates.uk_datetime)
register.filter("closes", formatting.closes)


@register.simple_tag
def open_opportunity_count():
    """Opportunities a supplier can bid for today (open and before the deadline), for the home page."""
    return open_opportunities().count()


@register.filter
def gbp_range(item):
    """The value range of anything with value_min and value_max (an opportunity, a lot)."""
    return money_and_dates.gbp_range(item.value_min, item.value_max)


@register.filter
def gbp_range_inc_vat(item):
    """The value range including VAT of an opportunity or a lot."""
    return money_and_dates.gbp_range(item.value_min_inc_vat, item.value_max_inc_vat)


@register.filter
def regime_help(code):
    return formatting.REGIME_HELP.get(code, "")


@register.filter
def procedure_help(code):
    return formatting.PROCEDURE_HELP.get(code, "")


@register.filter
def stage_help(code):
    return formatting.STAGE_HELP.get(code, "")


@register.filter
def stage_tag_class(code):
    return formatting.stage_tag_class(code)


@register.simple_tag
def organisation_opportunities(organisation):
    """Open opportunities, the forward plan and recent awards of one organisation."""
    return organisation_listing(organisation)


@register.simple_tag
def lot_readiness(opportunity, lot):
    """ "Can a business like mine bid for this lot?" answers for one lot (see opportunities.eligibility)."""
    return eligibility.lot_readiness(opportunity, lot)
