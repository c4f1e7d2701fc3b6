"""URL routes of this app that are not Wagtail pages (feeds, APIs, forms). Included by portal/urls.py."""

urlpatterns = []
