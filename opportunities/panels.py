"""Admin panels specific to opportunities."""

from wagtail.admin.panels import InlinePanel


class LotInlinePanel(InlinePanel):
    """The lots inline, built with `LotForm` so buyers type CPV codes and get lot-level checks."""

    def get_form_options(self):
        from .forms import LotForm

        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = LotForm
        return options
