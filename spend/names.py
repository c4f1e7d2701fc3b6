"""Supplier names: one key for every way a payment file spells the same name.

"ACME LTD", "Acme Limited" and "Acme Ltd." all become "ACME". The key drops case, punctuation, a leading
"THE" and the legal form at the end (Ltd, Limited, PLC, LLP, CIC…), and writes "&" as "AND". It does not
drop words that may tell two businesses apart ("ACME SERVICES" stays apart from "ACME"): those are left
to a proposed merge that the analyst confirms (see spend.resolve).
"""

import functools
import re

LEGAL_FORMS = (
    "LIMITED",
    "LTD",
    "PLC",
    "PUBLIC LIMITED COMPANY",
    "LLP",
    "LLC",
    "INC",
    "CIC",
    "CIO",
    "COMMUNITY INTEREST COMPANY",
    "CO LTD",
    "COMPANY LIMITED",
    "UK LIMITED",
    "UK LTD",
    "GROUP LIMITED",
)
# Longest first, so that "CO LTD" goes before "LTD" would leave "CO".
_LEGAL_TAIL = re.compile(r"(?:\s+(?:" + "|".join(sorted(LEGAL_FORMS, key=len, reverse=True)) + r"))+$")
_NOT_WORD = re.compile(r"[^A-Z0-9 ]+")
_SPACES = re.compile(r"\s+")

# What councils write when they withhold a name (personal data, commercial confidentiality) or leave it out.
REDACTED_WORDS = (
    "REDACTED",
    "WITHHELD",
    "PERSONAL DATA",
    "PERSONAL INFORMATION",
    "PRIVATE INDIVIDUAL",
    "NOT DISCLOSED",
    "NAME WITHHELD",
    "SUPPLIER NAME WITHHELD",
    "CONFIDENTIAL",
    "SENSITIVE",
)
REDACTED_KEY = "(REDACTED)"


# A file names the same few thousand suppliers over and over: remember recent answers rather than run the
# regular expressions again on each of a million lines. Bounded, so memory stays flat whatever the file.
NAMES_REMEMBERED = 50_000


@functools.lru_cache(maxsize=NAMES_REMEMBERED)
def normalise(name):
    """The key a name is matched by: 'Acme Ltd.' -> 'ACME'. Blank for a name that is all punctuation."""
    text = (name or "").upper().replace("&", " AND ").replace("'", "")
    text = _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()
    if text.startswith("THE "):
        text = text[4:]
    stripped = _LEGAL_TAIL.sub("", text).strip()
    return stripped or text


@functools.lru_cache(maxsize=NAMES_REMEMBERED)
def is_redacted(name):
    """True for a blank name, a run of asterisks or Xs, or a phrase that says the name was withheld."""
    text = (name or "").strip().upper()
    if not text or set(text) <= set("*X#-. "):
        return True
    return any(word in text for word in REDACTED_WORDS)


def legal_form(name):
    """The kind a name itself declares: a CIC is a social enterprise. Empty when the name says nothing."""
    text = " " + _SPACES.sub(" ", _NOT_WORD.sub(" ", (name or "").upper())) + " "
    if " CIC " in text or "COMMUNITY INTEREST COMPANY" in text:
        return "social_enterprise"
    if " CO OPERATIVE " in text or " COOPERATIVE " in text or " CO OP " in text:
        return "coop"
    return ""


def company_number(value):
    """A Companies House number as registered: 8 characters, zero-padded ('4567123' -> '04567123')."""
    text = re.sub(r"\s+", "", (value or "").upper())
    if not text:
        return ""
    if text.isdigit() and len(text) <= 8:
        return text.zfill(8)
    if re.fullmatch(r"[A-Z]{2}\d{1,6}", text):
        return text[:2] + text[2:].zfill(6)
    return ""


def charity_number(value):
    text = re.sub(r"\s+", "", value or "")
    return text if re.fullmatch(r"\d{6,8}(-\d{1,2})?|SC\d{6}", text.upper()) else ""
