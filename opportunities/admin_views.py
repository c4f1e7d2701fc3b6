"""Admin screens for awards: buyers record who won each of their lots.

Listing, editing and deleting go through `AwardPermissionPolicy`, so a buyer never sees or touches an
award on another organisation's lot, even by typing its URL.
"""

from django import forms
from django.core.exceptions import PermissionDenied

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from .models import Award


class LotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, lot):
        return f"{lot.opportunity.reference}: {lot.opportunity.title}, lot {lot.number} ({lot.title})"


class AwardForm(WagtailAdminModelForm):
    """Offers only the lots the signed-in user may award; the model refuses cancelled opportunities."""

    lot = LotChoiceField(queryset=None, help_text="The lot this award is for.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        policy = policy_registry.get_by_type(Award)
        self.fields["lot"].queryset = policy.lots_user_can_award(self.for_user)


class OwnAwardMixin:
    """Refuse an award outside the user's organisations, whatever the URL says."""

    def get_object(self, queryset=None):
        award = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", award):
            raise PermissionDenied
        return award


class AwardIndexView(generic.IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "change").select_related(
            "lot__opportunity"
        )


class AwardEditView(OwnAwardMixin, generic.EditView):
    pass


class AwardDeleteView(OwnAwardMixin, generic.DeleteView):
    pass


class AwardViewSet(ModelViewSet):
    model = Award
    icon = "success"
    menu_label = "Awards"
    add_to_admin_menu = True
    menu_order = 250
    copy_view_enabled = False
    index_view_class = AwardIndexView
    edit_view_class = AwardEditView
    delete_view_class = AwardDeleteView
    search_fields = ["supplier_name"]
    list_display = [
        "supplier_name",
        Column("lot", label="Lot", accessor=lambda award: f"{award.lot.opportunity.reference}, lot {award.lot.number}"),
        "value",
        DateColumn("award_date", label="Award date"),
    ]

    def get_edit_handler(self):
        """The award's own fields, then the panels other apps add through the `award_editor_panels` hook
        (wider impact adds the social value commitments and delivery reporting), so this app need not know them.
        """
        panels = [
            FieldPanel("lot"),
            MultiFieldPanel(
                [
                    FieldPanel("supplier_name"),
                    FieldRowPanel([FieldPanel("supplier_number"), FieldPanel("supplier_postcode")]),
                    FieldRowPanel([FieldPanel("supplier_size"), FieldPanel("supplier_type")]),
                ],
                heading="Supplier",
            ),
            FieldRowPanel([FieldPanel("value"), FieldPanel("award_date")], heading="Award"),
        ]
        for hook in hooks.get_hooks("award_editor_panels"):
            panels.extend(hook())
        return ObjectList(panels, base_form_class=AwardForm).bind_to_model(self.model)
