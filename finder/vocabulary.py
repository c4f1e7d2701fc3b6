"""The buyers, locations and social value themes that the finder's filters accept.

They come from their own tables, not from the search table: a location with no lots yet is still a
valid choice, and choosing it shows "no results" with suggestions rather than "we ignored it". Each
process reads the three lists once per version (`IndexVersion.CHOICES`), which `finder.signals` changes
whenever a buyer, location or theme changes. So a search that uses them costs no query beyond the
version tokens it reads anyway.
"""

import threading

from .models import IndexVersion

_lock = threading.Lock()
_current = ("", None)  # (choices version token, {filter name: [(value, label), ...]})


def load():
    from portal.models import Location, OrganisationPage, SocialValueTheme

    return {
        "location": list(Location.objects.values_list("slug", "name")),
        "buyer": list(OrganisationPage.objects.live().values_list("slug", "title")),
        "theme": list(SocialValueTheme.objects.values_list("slug", "name")),
    }


def choices(name):
    """[(value, label), ...] for the "location", "buyer" or "theme" filter."""
    global _current
    token = IndexVersion.current(IndexVersion.CHOICES)
    known_token, lists = _current
    if lists is None or known_token != token:
        with _lock:
            lists = load()
            # As with the bitmaps: keep the lists only if nothing changed while they were read.
            if IndexVersion.read()[IndexVersion.CHOICES] == token:
                _current = (token, lists)
    return lists[name]
