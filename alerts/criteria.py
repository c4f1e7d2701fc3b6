"""How alerts name what a subscription asks for: its finder search in words, CPV codes and how often.

A subscription's search is the finder's (`Subscription.search`), so it is described with the finder's
own labels.
"""

import re
from urllib.parse import urlencode

from django.db import models

from finder import vocabulary
from finder.cpv import DIVISIONS
from finder.filters import FILTER_LABELS
from finder.query import DEFAULT_STAGES, option_labels
from portal.formatting import gbp as money  # noqa: F401 - how alerts write amounts, as every page does

# The 45 CPV divisions (the first two digits of a CPV code), in the same plain English as the finder's
# "Type of work" filter, so that a search and its alert name the work alike.
CPV_DIVISIONS = DIVISIONS


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "As soon as they are published"
    DAILY = "daily", "Once a day"
    WEEKLY = "weekly", "Once a week"


def cpv_prefix(value):
    """The significant digits of a CPV code or group: 72000000 → 72, 45330000 → 4533, 722 → 722.

    Returns None for anything that is not 2 to 8 digits. Two digits are kept at least (the division).
    """
    digits = (value or "").strip().split("-")[0]
    if not re.fullmatch(r"\d{2,8}", digits):
        return None
    significant = digits.rstrip("0")
    return digits[:2] if len(significant) < 2 else significant


def cpv_label(prefix):
    """'CPV 72 IT services' or 'CPV 7221 (IT services)' for reasons and summaries."""
    division = CPV_DIVISIONS.get(prefix[:2], "")
    if len(prefix) == 2:
        return f"CPV {prefix} {division}".strip()
    return f"CPV {prefix} ({division})" if division else f"CPV {prefix}"


def search_query_string(search):
    """A stored search as the finder's query string (`q=catering&cpv=55&cpv=56`)."""
    return urlencode([(name, value) for name, values in search.items() for value in as_list(values)])


def as_list(values):
    return values if isinstance(values, list) else [values]


def search_summary(search):
    """A stored search as (label, value) rows in the finder's words, in the order of its filters."""
    rows = []
    if search.get("q"):
        rows.append(("Keywords", search["q"]))
    labels = option_labels()
    for name, label in FILTER_LABELS.items():
        values = as_list(search.get(name) or [])
        if not values or name == "sort" or (name == "stage" and set(values) == set(DEFAULT_STAGES)):
            continue
        if name == "cpv":
            shown = [cpv_label(value) for value in values]
        elif name in ("location", "buyer", "theme"):
            names = dict(vocabulary.choices(name))
            shown = [names.get(value, "one that no longer exists") for value in values]
        elif name == "unvalued":
            shown = ["Left out" if values == ["exclude"] else "Included"]
        elif name in ("sme", "vcse"):
            shown = ["Yes"]
        else:
            shown = [labels.get(name, {}).get(value, value) for value in values]
        rows.append((label, "; ".join(shown)))
    return rows
