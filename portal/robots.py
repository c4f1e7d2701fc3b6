"""What search engines may crawl and index.

Staff pages and search results are not crawled at all (robots.txt). Pages made for one person through a
signed link (confirming or managing alerts, an event registration) may be crawled, so that a crawler
that meets such a link sees the noindex header and leaves it out of results; a robots.txt ban would
stop it reading that header and the bare address could still be listed.
"""

from django.http import HttpResponse

NOT_CRAWLED = ("/admin/", "/django-admin/", "/search/")
NOT_INDEXED = (*NOT_CRAWLED, "/alerts/confirm/", "/alerts/manage/", "/alerts/unsubscribe/", "/events/registration/")


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in NOT_CRAWLED), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class NoIndexMiddleware:
    """Adds `X-Robots-Tag: noindex` to personal and staff pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(NOT_INDEXED):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
