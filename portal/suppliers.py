"""Supplier sizes and kinds: one definition for awards, event registrations, alerts, profiles and spend.

The sizes are the UK's staff-count bands (as used for SMEs in public procurement). The kinds say how a
business is owned or run. Every app stores these codes, so one code means one thing everywhere: a
charity or voluntary organisation is always `vcse`.
"""

from django.db import models


class SupplierSize(models.TextChoices):
    MICRO = "micro", "Micro (fewer than 10 staff)"
    SMALL = "small", "Small (10 to 49 staff)"
    MEDIUM = "medium", "Medium (50 to 249 staff)"
    LARGE = "large", "Large (250 staff or more)"


SME_SIZES = frozenset({SupplierSize.MICRO, SupplierSize.SMALL, SupplierSize.MEDIUM})


class SupplierKind(models.TextChoices):
    PRIVATE = "private", "Private company"
    COOP = "coop", "Co-operative"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    EMPLOYEE_OWNED = "employee_owned", "Employee-owned business"
    VCSE = "vcse", "Charity or voluntary organisation (VCSE)"
    PUBLIC = "public", "Public body"


# Kinds that count as the voluntary, community and social enterprise sector (VCSE) when a lot is suitable
# for, or reserved for, VCSEs. Co-ops and social enterprises are counted there, as the Procurement Act's
# guidance and the CLES approach do.
VCSE_KINDS = frozenset({SupplierKind.COOP, SupplierKind.SOCIAL_ENTERPRISE, SupplierKind.VCSE})


# The social economy, as the community wealth building approach counts it: the VCSE kinds plus businesses
# owned by their employees (plural ownership). The insights dashboard reports spend with them.
SOCIAL_ECONOMY_KINDS = VCSE_KINDS | {SupplierKind.EMPLOYEE_OWNED}


def is_sme(size) -> bool:
    """Fewer than 250 staff."""
    return size in SME_SIZES


def is_vcse(kind) -> bool:
    """A charity, voluntary organisation, co-op or social enterprise."""
    return kind in VCSE_KINDS
