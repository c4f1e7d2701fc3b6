"""Admin wiring: the spend menu (upload payments, supplier merges), and suppliers, rules and settings."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from . import access, admin_views
from .models import AnchorSpendSettings, InfluenceRule, Supplier


@hooks.register("register_admin_urls")
def register_spend_urls():
    return [
        path("spend/upload/", admin_views.upload, name="spend_admin_upload"),
        path("spend/files/<int:file_id>/columns/", admin_views.columns, name="spend_admin_columns"),
        path("spend/files/<int:file_id>/preview/", admin_views.preview_file, name="spend_admin_preview"),
        path("spend/files/<int:file_id>/import/", admin_views.start_import, name="spend_admin_import"),
        path("spend/files/<int:file_id>/", admin_views.status, name="spend_admin_status"),
        path("spend/merges/", admin_views.merges, name="spend_admin_merges"),
        path("spend/merges/<int:merge_id>/<slug:decision>/", admin_views.decide_merge, name="spend_admin_decide_merge"),
    ]


class UploadMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_upload(request.user)


class MergesMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_resolve_suppliers(request.user)


@hooks.register("register_admin_menu_item")
def register_upload_menu_item():
    return UploadMenuItem("Payment files", reverse("spend_admin_upload"), icon_name="upload", order=310)


@hooks.register("register_admin_menu_item")
def register_merges_menu_item():
    return MergesMenuItem("Supplier merges", reverse("spend_admin_merges"), icon_name="group", order=311)


class SupplierViewSet(ModelViewSet):
    model = Supplier
    icon = "user"
    menu_label = "Suppliers paid"
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["name", "key", "company_number", "postcode"]
    list_display = ["name", "postcode", "size", "kind", "sector"]
    list_filter = ["size", "kind", "sector"]
    form_fields = ["name", "company_number", "charity_number", "postcode", "outside_uk", "sic_codes", "size", "kind"]


class InfluenceRuleViewSet(ModelViewSet):
    model = InfluenceRule
    icon = "cut"
    menu_label = "Influenceable spend rules"
    copy_view_enabled = False
    list_display = ["name", "field", "value", "position", "active"]
    form_fields = ["name", "field", "value", "position", "active"]


class AnchorSpendSettingsViewSet(ModelViewSet):
    model = AnchorSpendSettings
    icon = "cog"
    menu_label = "Publishing spend figures"
    copy_view_enabled = False
    list_display = ["anchor", "publish_headlines"]
    form_fields = ["anchor", "publish_headlines"]


class SpendViewSetGroup(ModelViewSetGroup):
    menu_label = "Spend analysis"
    menu_icon = "table"
    menu_order = 312
    items = (SupplierViewSet, InfluenceRuleViewSet, AnchorSpendSettingsViewSet)


@hooks.register("register_admin_viewset")
def register_spend_viewsets():
    return SpendViewSetGroup()
