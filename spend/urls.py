"""Spend analysis pages and their CSV downloads. Included by portal/urls.py."""

from django.urls import path

from . import views

app_name = "spend"

urlpatterns = [
    path("spend/", views.partnership, name="partnership"),
    path("spend/data/<slug:table>.csv", views.table_csv, name="csv"),
    path("spend/<slug:slug>/", views.anchor_page, name="anchor"),
    path("spend/<slug:slug>/data/<slug:table>.csv", views.table_csv, name="anchor-csv"),
]
