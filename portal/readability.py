"""Plain-English checks: how old a reader must be to follow a text easily.

Flesch-Kincaid, with syllables counted by pyphen's en_GB dictionary. Not textstat: its current release
looks words up in NLTK's CMU dictionary and tries to download it on first use, which fails on servers
without internet access (and in the tests), turning every editor page that shows a score into a 500.
"""

import re
from functools import lru_cache

import pyphen

from django.utils.html import strip_tags

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
# A line break ends a sentence too: headings, list items and table cells are read as separate units.
SENTENCE_BREAK = re.compile(r"[.!?]+(?:\s+|$)|\n+")
MIN_WORDS = 10


@lru_cache(maxsize=1)
def _hyphenator():
    return pyphen.Pyphen(lang="en_GB")


def syllables(word):
    return len(_hyphenator().positions(word.lower())) + 1


def flesch_kincaid_grade(text):
    words = WORD.findall(text)
    sentences = max(1, sum(1 for part in SENTENCE_BREAK.split(text) if WORD.search(part)))
    syllable_count = sum(syllables(word) for word in words)
    return 0.39 * len(words) / sentences + 11.8 * syllable_count / len(words) - 15.59


def reading_age(text):
    """Estimated reading age in years, or None for text too short to judge."""
    if len(WORD.findall(text or "")) < MIN_WORDS:
        return None
    return max(5, round(flesch_kincaid_grade(text) + 5))


def within_target(text, target):
    """True when the text is short enough not to judge, or reads at or below the target age."""
    age = reading_age(text)
    return age is None or age <= target


BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|tr|dd|dt)>|<br\s*/?>", re.IGNORECASE)


def html_to_text(html):
    """Text of an HTML fragment, with a line break wherever a paragraph, list item or cell ends."""
    return strip_tags(BLOCK_END.sub("\n", str(html)))


def plain_text(stream_value):
    """The words a reader reads in a stream, one unit (paragraph, item, cell) a line."""
    parts = stream_value.stream_block.get_searchable_content(stream_value) if stream_value else []
    return "\n".join(html_to_text(part) for part in parts if part)
