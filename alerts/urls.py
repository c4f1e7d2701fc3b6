"""URL routes of this app that are not Wagtail pages (feeds, APIs, forms). Included by portal/urls.py."""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "alerts"

urlpatterns = [
    # People type or are told "/alerts/"; the sign-up form is the section's front door.
    path("alerts/", RedirectView.as_view(pattern_name="alerts:subscribe", query_string=True), name="index"),
    path("alerts/subscribe/", views.subscribe, name="subscribe"),
    path("alerts/subscribe/check-your-email/", views.check_email, name="check_email"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
    path("alerts/manage/<str:token>/change/", views.change, name="change"),
    path("alerts/manage/<str:token>/pause/", views.pause, name="pause"),
    path("alerts/manage/<str:token>/delete/", views.delete, name="delete"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
