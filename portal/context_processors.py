"""Template context every page needs, computed without database queries."""

# (label, link, the part of the site it marks as current). Email alerts has no landing page of its
# own, so its link is the sign-up form while every /alerts/ page (confirm, manage) highlights it.
MAIN_NAVIGATION = [
    ("Find opportunities", "/opportunities/", "/opportunities/"),
    ("Email alerts", "/alerts/subscribe/", "/alerts/"),
    ("Events", "/events/", "/events/"),
    ("Guidance", "/guidance/", "/guidance/"),
    ("Buyers", "/buyers/", "/buyers/"),
    ("Local suppliers", "/suppliers/", "/suppliers/"),
    ("Where the money goes", "/insights/", "/insights/"),
]


def navigation(request):
    path = getattr(request, "path", "")
    return {
        "main_navigation": [
            {"label": label, "url": url, "active": path.startswith(section)} for label, url, section in MAIN_NAVIGATION
        ]
    }
