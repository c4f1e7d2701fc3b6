"""The CPV chooser: buyers find codes by words ("catering") or numbers ("555") and pick one or several.

The CPV fields stay text boxes that take typed codes (`forms.CPVCodesField`), so nothing depends on
JavaScript. Beside each box is a "Find CPV codes" link; `cpv-chooser.js` turns it into a button that
opens this chooser in Wagtail's modal and writes the chosen codes into the box.
"""

from django import forms
from django.urls import reverse

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from portal.models import CPVCode

from .cpv import search_codes


class CPVSearchForm(BaseFilterForm):
    q = forms.CharField(
        label="Search by word or code",
        help_text="For example catering, window cleaning or 5552.",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "catering, 5552"}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching = True
            self.search_query = query
            objects = search_codes(objects, query)
        return objects


class CPVResponseMixin:
    def get_chosen_response_data(self, item):
        """Wagtail's result, plus the code as buyers type it, which the text box takes."""
        return {**super().get_chosen_response_data(item), "code": item.display_code}


class CPVChooseMixin:
    filter_form_class = CPVSearchForm
    ordering = "code"

    @property
    def columns(self):
        return [self.title_column, Column("label", label="What it covers", accessor="label")]

    @property
    def title_column(self):
        column = super().title_column
        column.label = "Code"
        column.accessor = "display_code"
        return column


class ChooseView(CPVChooseMixin, chooser_views.ChooseView):
    pass


class ChooseResultsView(CPVChooseMixin, chooser_views.ChooseResultsView):
    pass


class ChosenView(CPVResponseMixin, chooser_views.ChosenView):
    pass


class ChosenMultipleView(CPVResponseMixin, chooser_views.ChosenMultipleView):
    pass


class CPVChooserViewSet(ChooserViewSet):
    model = CPVCode
    icon = "list-ul"
    choose_one_text = "Choose a CPV code"
    choose_another_text = "Choose another CPV code"
    page_title = "Find CPV codes"
    per_page = 25
    register_widget = False  # the fields stay typed text boxes; see the module docstring
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


cpv_chooser_viewset = CPVChooserViewSet("cpv_chooser", url_prefix="cpv-codes/choose")


def chooser_url():
    return reverse("cpv_chooser:choose")
