"""What every view module shares: the page for a link that cannot be used, and private responses."""

from django.shortcuts import render

LINK_PROBLEMS = {
    "invalid": (400, "This link does not work", "The link may have been copied wrongly or cut short."),
    "expired": (410, "This link has expired", "Links stop working after a while to keep your account safe."),
    "used": (410, "This link has already been used", "Each sign-in link works once."),
    "gone": (404, "This link is no longer valid", "What it pointed to may have been deleted or replaced."),
}


def link_problem(request, reason, next_step):
    """A clear page (and a 4xx) for a signed link that was changed, has expired, was used or points nowhere."""
    status, heading, detail = LINK_PROBLEMS[reason]
    context = {"heading": heading, "detail": detail, "next_step": next_step}
    return private(render(request, "suppliers/link_problem.html", context, status=status))


def private(response):
    """Pages about one person or one buyer: never cached or indexed, no Referer to other sites."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response
