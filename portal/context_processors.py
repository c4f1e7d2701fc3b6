"""Template context every page needs, computed without database queries."""

MAIN_NAVIGATION = [
    ("Find opportunities", "/opportunities/"),
    ("Events", "/events/"),
    ("Guidance", "/guidance/"),
    ("Buyers", "/buyers/"),
]


def navigation(request):
    path = getattr(request, "path", "")
    return {
        "main_navigation": [
            {"label": label, "url": url, "active": path.startswith(url)} for label, url in MAIN_NAVIGATION
        ]
    }
