"""URL routes of this app that are not Wagtail pages (feeds, APIs, forms). Included by portal/urls.py."""

from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("insights/data/<slug:slug>.csv", views.table_csv, name="csv"),
    path("api/ocds/releases/", views.release_package, name="ocds-releases"),
    path("api/ocds/releases/all.json", views.bulk_releases, name="ocds-bulk"),
    path("api/ocds/records/<str:ocid>/", views.record_package, name="ocds-record"),
]
