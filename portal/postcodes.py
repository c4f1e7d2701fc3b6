"""UK postcodes: one rule for what a full postcode looks like and how it is written.

The pattern is the shape every real UK postcode has (outward code, space, inward code: PR1 2AB,
EC1A 1BB). It does not prove that the postcode exists; no register is consulted, so it works offline.
"""

import re

FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


class PostcodeError(ValueError):
    """Not the shape of a UK postcode."""


def normalise_postcode(value):
    """'pr12ab' or ' PR1  2AB ' becomes 'PR1 2AB'; anything else raises PostcodeError."""
    compact = re.sub(r"\s+", "", value or "").upper()
    match = FULL_POSTCODE.match(compact)
    if not match:
        raise PostcodeError(value)
    return f"{match.group(1)} {match.group(2)}"


def postcode_district(postcode):
    """The outward part (PR1 in PR1 2AB), which decides whether a business is local."""
    return (postcode or "").strip().upper().split(" ")[0]
