"""Template tags for supplier pages: what a supplier does, in the finder's words."""

from django import template

from alerts.criteria import cpv_label

register = template.Library()


@register.simple_tag
def work_labels(supplier):
    """'CPV 55 Hotel, catering and retail services; CPV 5552 (Hotel, catering and retail services)'."""
    return "; ".join(cpv_label(work.prefix) for work in supplier.work.all()) or "Not given"
