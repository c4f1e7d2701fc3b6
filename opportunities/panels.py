"""Admin panels specific to opportunities."""

from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model


class LotInlinePanel(InlinePanel):
    """The lots inline, built with `LotForm` so buyers type CPV codes and get lot-level checks."""

    def get_form_options(self):
        from .forms import LotForm

        options = super().get_form_options()
        # Keep Wagtail's deferral of required fields for drafts (and autosave) when swapping in LotForm.
        defer = self.child_edit_handler.get_form_options().get("defer_required_on_fields")
        form = get_form_for_model(self.db_field.related_model, form_class=LotForm, defer_required_on_fields=defer)
        options["formsets"][self.relation_name]["form"] = form if defer else LotForm
        return options
