"""An Atom feed for any finder search: the same URL parameters, newest opportunities first."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

from .views import run_search


class OpportunityFeed(Feed):
    feed_type = Atom1Feed
    title = "Opportunities matching your search"
    subtitle = "New and updated contract opportunities from the partnership's public bodies."

    def get_object(self, request, *args, **kwargs):
        params = request.GET.copy()
        params.pop("page", None)  # a feed is always the first page; so is the search it links back to
        query = f"?{params.urlencode()}" if params else ""
        self.search_link = request.path.replace("/feed/", "/", 1) + query
        params.setdefault("sort", "newest")
        return run_search(params)[1]

    def link(self, results):
        return self.search_link

    def items(self, results):
        return results.hits

    def item_title(self, hit):
        if hit.headline:  # a prime's subcontract
            return f"{hit.title} ({hit.headline})"
        return f"{hit.title} ({hit.buyer_name})"

    def item_description(self, hit):
        lots = "; ".join(f"Lot {lot.number}: {lot.title}" for lot in hit.lots)
        return f"{strip_tags(hit.summary_html)} Matching lots: {lots}."

    def item_link(self, hit):
        return hit.url

    def item_guid(self, hit):
        # A subcontract's group id is below 0 and its own; its page's address says what it is.
        return f"{hit.source}-{hit.url}" if hit.source else f"opportunity-{hit.opportunity_id}"

    def item_pubdate(self, hit):
        return hit.published_date

    def item_author_name(self, hit):
        return hit.buyer_name
