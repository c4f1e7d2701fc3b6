"""The identifiers a supplier can give, and the shapes each register uses.

Each function takes what a person typed, tidies it (capitals, no spaces) and returns the number as the
register writes it, or raises `IdentifierError` with a message that says what a right one looks like.
Only the shape is checked: the portal works offline and consults no register.
"""

import re


class IdentifierError(ValueError):
    """What is wrong with a number, in words a person can act on."""


def _compact(value):
    return re.sub(r"[\s.]+", "", value or "").upper()


# Companies House: 8 characters. England and Wales companies are 8 digits (often written without the
# leading zeros); others start with two letters for the register, like SC (Scotland), NI (Northern
# Ireland), OC (LLPs) or R0 (old Northern Ireland companies), then 6 digits.
COMPANY_NUMBER = re.compile(r"^(\d{8}|[A-Z]{2}\d{6}|R0\d{6})$")


def companies_house_number(value):
    number = _compact(value)
    if number.isdigit() and 6 <= len(number) < 8:
        number = number.zfill(8)
    if not COMPANY_NUMBER.match(number):
        raise IdentifierError(
            "Enter a Companies House number in the right format: 8 digits, like 01234567, "
            "or 2 letters and 6 digits, like SC123456"
        )
    return number


# Charity registers: England and Wales use 6 or 7 digits (with "-1" and so on for linked charities);
# Scotland (OSCR) SC and 6 digits; Northern Ireland NIC and 6 digits.
CHARITY_NUMBERS = [
    (re.compile(r"^\d{6,7}(-\d{1,2})?$"), "England and Wales"),
    (re.compile(r"^SC\d{6}$"), "Scotland"),
    (re.compile(r"^NIC\d{6}$"), "Northern Ireland"),
]


def charity_number(value):
    number = _compact(value)
    for pattern, _register in CHARITY_NUMBERS:
        if pattern.match(number):
            return number
    raise IdentifierError(
        "Enter a charity number in the right format: 6 or 7 digits for England and Wales, like 1123456; "
        "SC and 6 digits for Scotland, like SC012345; or NIC and 6 digits for Northern Ireland, like NIC100002"
    )


def charity_register(number):
    """Which register a (tidied) charity number belongs to."""
    for pattern, register in CHARITY_NUMBERS:
        if pattern.match(number or ""):
            return register
    return ""


# Public Procurement Organisation Number, given by the Central Digital Platform (Find a Tender):
# three groups of 4 (letters, digits, letters), like PMZV-7732-XXTT. Copied identifiers often carry the
# scheme in front ("GB-PPON-" or "GB-PPON:"), which is dropped.
PPON = re.compile(r"^([A-Z]{4})-?(\d{4})-?([A-Z]{4})$")


def ppon(value):
    number = _compact(value)
    number = re.sub(r"^GB-?PPON[-:]?", "", number)
    match = PPON.match(number)
    if not match:
        raise IdentifierError(
            "Enter a PPON in the right format: 4 letters, 4 digits and 4 letters, like PMZV-7732-XXTT"
        )
    return "-".join(match.groups())
