"""Who may see delivery returns in the admin: the buyers of the award's organisation, and editors.

Returns are not pages, so Wagtail's page permissions do not cover them; like awards (`opportunities.permissions`),
a buyer belongs to an organisation through its buyers group. Editors (superusers, or anyone given the
"view delivery return" permission) see every organisation's.
"""

from opportunities.permissions import buyer_organisations

from .models import DeliveryPlan


def sees_all_returns(user):
    return user.is_active and (user.is_superuser or user.has_perm("impact.view_deliveryreturn"))


def plans_for(user):
    plans = DeliveryPlan.objects.select_related("award__lot__opportunity__buyer")
    if sees_all_returns(user):
        return plans
    return plans.filter(award__lot__opportunity__buyer__in=buyer_organisations(user))


def can_see_returns(user):
    return sees_all_returns(user) or buyer_organisations(user).exists()
