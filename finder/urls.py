"""The finder's routes beside its Wagtail page: the Atom feed, the JSON API and site search."""

from django.urls import path

from . import api, feeds, site_search

app_name = "finder"

urlpatterns = [
    path("opportunities/feed/", feeds.OpportunityFeed(), name="feed"),
    path("api/opportunities/", api.opportunities, name="api"),
    path("search/", site_search.search, name="site_search"),
]
