"""Safe highlighting: backends mark matches with control characters, the page turns them into <mark>.

Marking with characters that never occur in cleaned text lets the text be HTML-escaped first, so
nothing a buyer typed can inject markup, whichever backend produced the highlight.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

START, STOP = "\x02", "\x03"
WORD = re.compile(r"\w+", re.UNICODE)


def to_html(marked):
    """Escape marked text and turn the markers into <mark> elements."""
    html = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped on the line above


def keywords(text):
    """The words of a query, lower case, with operators and punctuation dropped."""
    return [word.lower() for word in WORD.findall(text)]


def mark_words(text, words, limit=None):
    """Mark each occurrence of any word (as a word prefix, ignoring case); cut to about `limit`
    characters around the first match."""
    if not words:
        return text[:limit] + ("…" if limit and len(text) > limit else "") if limit else text
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
    if limit and len(text) > limit:
        first = pattern.search(text)
        start = max(0, first.start() - limit // 3) if first else 0
        text = ("…" if start else "") + text[start : start + limit] + "…"
    return pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text)
