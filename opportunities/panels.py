"""Admin panels specific to opportunities."""

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model


class LotFormSet(BaseChildFormSet):
    def get_unique_error_message(self, unique_check):
        """Said above the lots, beside each clashing lot's own message (`OpportunityPageForm.check_lots`),
        in place of Django's "Please correct the duplicate data for opportunity and number"."""
        if "number" in unique_check:
            return "Each lot needs its own number."
        return super().get_unique_error_message(unique_check)


class FormInlinePanel(InlinePanel):
    """An inline whose rows use our own form (`form_name` in opportunities.forms) with its checks."""

    form_name = None
    formset_class = None

    def get_form_options(self):
        from . import forms

        form_class = getattr(forms, self.form_name)
        options = super().get_form_options()
        # Keep Wagtail's deferral of required fields for drafts (and autosave) when swapping in the form.
        defer = self.child_edit_handler.get_form_options().get("defer_required_on_fields")
        form = get_form_for_model(self.db_field.related_model, form_class=form_class, defer_required_on_fields=defer)
        options["formsets"][self.relation_name]["form"] = form if defer else form_class
        if self.formset_class:
            options["formsets"][self.relation_name]["formset"] = self.formset_class
        return options


class LotInlinePanel(FormInlinePanel):
    """The lots inline, built with `LotForm` so buyers type CPV codes and get lot-level checks."""

    form_name = "LotForm"
    formset_class = LotFormSet


class NoticeInlinePanel(FormInlinePanel):
    """The notices inline, built with `NoticeForm` so the standstill date is checked."""

    form_name = "NoticeForm"
