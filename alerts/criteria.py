"""The vocabulary of an alert profile: CPV divisions, supplier types, value bands and keyword terms.

Kept apart from the models so that the matcher, the forms, the emails and the brute-force reference in
the tests all read the same definitions. Nothing here touches the database.
"""

import re
from decimal import Decimal

from django.db import models

from finder.cpv import DIVISIONS
from portal.formatting import gbp as money  # noqa: F401 - how alerts write amounts, as every page does

# The 45 CPV divisions (the first two digits of a CPV code), in the same plain English as the finder's
# "Type of work" filter, so that a search and its alert name the work alike.
CPV_DIVISIONS = DIVISIONS


class SupplierType(models.TextChoices):
    MICRO = "micro", "Micro business (fewer than 10 staff)"
    SMALL = "small", "Small business (10 to 49 staff)"
    MEDIUM = "medium", "Medium-sized business (50 to 249 staff)"
    COOP = "coop", "Co-operative"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    EMPLOYEE_OWNED = "employee_owned", "Employee-owned business"
    CHARITY = "charity", "Charity or voluntary organisation"


# Buyers mark a lot as suitable for (or reserved for) SMEs or VCSEs; each supplier type belongs to one of
# those two groups. Employee-owned firms are counted with SMEs because almost all of them are small firms.
SME = "sme"
VCSE = "vcse"
SUPPLIER_GROUPS = {
    SupplierType.MICRO: SME,
    SupplierType.SMALL: SME,
    SupplierType.MEDIUM: SME,
    SupplierType.EMPLOYEE_OWNED: SME,
    SupplierType.COOP: VCSE,
    SupplierType.SOCIAL_ENTERPRISE: VCSE,
    SupplierType.CHARITY: VCSE,
}
GROUP_NAMES = {SME: "SMEs", VCSE: "charities, social enterprises and co-ops"}


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "As soon as they are published"
    DAILY = "daily", "Once a day"
    WEEKLY = "weekly", "Once a week"


# The finder's value bands and the largest lot value each one implies for an alert. "500k-plus" has no
# upper limit, so choosing it means "no limit".
VALUE_BAND_LIMITS = {
    "under-25k": Decimal("25000"),
    "25k-100k": Decimal("100000"),
    "100k-500k": Decimal("500000"),
    "500k-plus": None,
}

# Words so common in notices that alone they say nothing about what is being bought.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "the",
        "this",
        "to",
        "we",
        "with",
        "will",
        "you",
        "your",
        "services",
        "service",
        "supply",
        "supplies",
        "provision",
        "contract",
        "lot",
        "work",
        "works",
    ]
)
WORD = re.compile(r"[a-z0-9]+")


def normalise_word(word):
    """Fold a simple English plural onto its singular, so "meals" finds "meal" and back."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def terms(text):
    """The set of searchable terms in a piece of text (lower case, plurals folded, short words dropped)."""
    return {normalise_word(w) for w in WORD.findall((text or "").lower()) if len(w) > 2 and w not in STOP_WORDS}


def keyword_phrases(text):
    """Split what a supplier typed into phrases (comma or new line between them).

    A phrase matches a lot when every one of its words appears in the lot's text, in any order. Returns
    (phrase as typed, frozenset of its terms) pairs; phrases with no useful word are dropped.
    """
    phrases = []
    for raw in re.split(r"[,;\n]", text or ""):
        shown = " ".join(raw.split())
        words = frozenset(terms(shown))
        if words:
            phrases.append((shown, words))
    return phrases


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
