"""Admin wiring: the read-only listing of alert subscriptions."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from alerts import admin_views


@hooks.register("register_admin_urls")
def register_subscription_urls():
    return [path("alert-subscriptions/", admin_views.subscription_list, name="alerts_admin_index")]


@hooks.register("register_admin_menu_item")
def register_subscriptions_menu_item():
    return MenuItem("Alert subscriptions", reverse("alerts_admin_index"), icon_name="mail", order=310)
