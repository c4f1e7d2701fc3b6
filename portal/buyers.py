"""The kinds of buyer the Procurement Act 2023 sets different thresholds for.

One definition for organisation pages, the thresholds table and the regime rule: the Act's thresholds
(Schedule 1) differ for central government, sub-central authorities (councils, NHS trusts, universities,
colleges, police, housing associations), utilities and defence and security buyers.
"""

from django.db import models


class BuyerKind(models.TextChoices):
    CENTRAL_GOVERNMENT = "central_government", "Central government"
    SUB_CENTRAL = "sub_central", "Sub-central (councils, NHS trusts, universities, colleges, police, housing)"
    UTILITY = "utility", "Public utility (water, energy, transport)"
    PRIVATE_UTILITY = "private_utility", "Private utility"
    DEFENCE = "defence", "Defence and security"
