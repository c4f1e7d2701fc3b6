"""Site search signposts for the partners' pages, which are views rather than Wagtail pages."""

from django.db.models import Q
from django.urls import reverse

from portal.signposts import Signpost, mentions

# What people type when they look for the partners' pages: the kinds of partner and what the pages give.
PARTNER_WORDS = (
    "partner",
    "partners",
    "chamber",
    "chambers",
    "commerce",
    "fsb",
    "federation",
    "growth",
    "hub",
    "referral",
    "refer",
    "embed",
    "members",
    "membership",
)
MOST_PARTNERS = 5


def partner_signposts(words):
    from .models import Partner

    signposts = []
    if mentions(words, PARTNER_WORDS):
        signposts.append(
            Signpost(
                "For partners",
                reverse("events:partners"),
                "Chambers of commerce, the Federation of Small Businesses (FSB) and other partners: "
                "your referral links and the code to show our events on your own website.",
            )
        )
    names = Q()
    for word in words:
        if len(word) >= 3:
            names &= Q(name__icontains=word)
    if names:
        for partner in Partner.objects.filter(names).order_by("name")[:MOST_PARTNERS]:
            signposts.append(
                Signpost(partner.name, reverse("events:partner", args=[partner.slug]), partner.description)
            )
    return signposts
