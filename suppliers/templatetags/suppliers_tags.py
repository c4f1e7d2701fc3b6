"""Template tags for supplier pages: what a supplier does, in the finder's words."""

from django import template

from suppliers.directory import work_labels as labels_for

register = template.Library()


@register.simple_tag
def work_labels(supplier):
    """'CPV 55 Hotel, catering and retail services; CPV 5552 (Hotel, catering and retail services)'."""
    return labels_for([work.prefix for work in supplier.work.all()])


@register.simple_tag
def subcontract_headline(subcontract):
    """'Subcontract: via {prime}, for {anchor}'."""
    from suppliers.subcontracts import headline

    return headline(subcontract)


@register.inclusion_tag("suppliers/includes/spend_tiers.html", takes_context=True)
def second_tier_spend(context):
    """First-tier and second-tier spend side by side, for the insights page."""
    from portal.models import PortalSettings
    from suppliers.subcontracts import spend_tiers

    request = context.get("request")
    local = PortalSettings.load(request_or_site=request).local_districts()
    return {"tiers": spend_tiers(local), "local": bool(local)}
