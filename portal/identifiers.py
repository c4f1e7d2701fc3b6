"""Organisation identifiers and their schemes (org-id.guide codes, as OCDS publishes them).

A number only means something with its scheme: a charity number is not a company number. Every app
that stores or exports an identifier keeps the scheme it came with and never relabels it.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models


class IdentifierScheme(models.TextChoices):
    PPON = "GB-PPON", "Public procurement organisation number (PPON)"
    COMPANIES_HOUSE = "GB-COH", "Companies House"
    CHARITY_ENGLAND_WALES = "GB-CHC", "Charity Commission for England and Wales"
    CHARITY_SCOTLAND = "GB-SC", "Scottish Charity Regulator (OSCR)"
    CHARITY_NORTHERN_IRELAND = "GB-NIC", "Charity Commission for Northern Ireland"
    MUTUALS = "GB-MPR", "Mutuals Public Register (co-operatives and community benefit societies)"
    UK_PROVIDER = "GB-UKPRN", "UK Register of Learning Providers (UKPRN)"
    NHS = "GB-NHS", "NHS organisation data service code"
    PUBLIC_BODY = "GB-GOR", "Government organisation register"


# The Central Digital Platform issues PPONs like PDNX-7253-FQPM: P, three letters, four digits, four letters.
PPON_PATTERN = re.compile(r"^P[A-Z]{3}-\d{4}-[A-Z]{4}$")


def normalise_ppon(value):
    """Upper case without surrounding spaces: how the platform writes a PPON."""
    return (value or "").strip().upper()


def validate_ppon(value):
    if value and not PPON_PATTERN.match(normalise_ppon(value)):
        raise ValidationError(
            "Enter the PPON as the Central Digital Platform shows it, like PDNX-7253-FQPM.", code="invalid_ppon"
        )
