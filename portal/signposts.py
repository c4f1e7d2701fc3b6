"""Parts of the site that are not Wagtail pages, so that site search can point to them.

Site search asks Wagtail's search backend for pages. Some places people look for are views instead (the
list of partners, each partner's page with its referral links and embed code). Each app registers a
function that takes the searched words and returns the signposts they match; the core knows no app.
"""

from dataclasses import dataclass

_finders = []


@dataclass(frozen=True)
class Signpost:
    title: str
    url: str
    summary: str = ""


def register(finder):
    """Add `finder(words) -> [Signpost]`, where `words` are the searched words, lower-cased."""
    if finder not in _finders:
        _finders.append(finder)
    return finder


def matching(text):
    """Every registered signpost that the words of `text` match, in the order the apps registered."""
    words = [word.lower() for word in text.split()]
    if not words:
        return []
    return [signpost for finder in _finders for signpost in finder(words)]


def mentions(words, vocabulary):
    """Whether any searched word starts a word of `vocabulary` (so "chamber" finds "chambers" and "ref"
    finds "referral"), ignoring words shorter than three letters."""
    return any(len(word) >= 3 and any(known.startswith(word) for known in vocabulary) for word in words)
