"""Plain-English checks: how old a reader must be to follow a text easily."""

import textstat


def reading_age(text):
    """Estimated reading age in years (Flesch-Kincaid grade + 5), or None for text too short to judge."""
    words = len((text or "").split())
    if words < 10:
        return None
    grade = textstat.flesch_kincaid_grade(text)
    return max(5, round(grade + 5))


def within_target(text, target):
    age = reading_age(text)
    return age is None or age <= target
