"""Site search over guidance, events and content pages, through Wagtail's own search backend, with
signposts to the sections that are not pages (`portal.signposts`).

Opportunities have their own finder, so this search leaves them out and points to the finder instead.
"""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from wagtail.models import Page

from opportunities.models import OpportunityPage
from portal import signposts

from .models import FinderPage
from .query import MAX_QUERY_LENGTH

PER_PAGE = 10


def search(request):
    text = " ".join(request.GET.get("q", "").split())
    notice = ""
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notice = f"Your search words were too long, so we used only the first {MAX_QUERY_LENGTH} characters."
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    # A double quote starts a phrase in Wagtail's SQLite search and an unmatched one is a syntax error
    # there (5" pipe); the words around it still search as they should.
    words = text.replace('"', " ").split()
    results, found_signposts = None, []
    if words:
        found_signposts = signposts.matching(" ".join(words))
        pages = Page.objects.live().public().not_type(OpportunityPage).exclude(depth__lte=1).specific()
        results = Paginator(pages.search(" ".join(words)), PER_PAGE).get_page(request.GET.get("page"))
    finder = FinderPage.objects.live().first()
    return TemplateResponse(
        request,
        "finder/site_search.html",
        {"query": text, "results": results, "signposts": found_signposts, "notice": notice, "finder": finder},
    )
