"""Who sees what of the spend analysis. Each rule is here once; views and admin views ask these functions.

- Anyone: an anchor's headline figures (totals, shares, sectors, places, change), if the anchor allows it
  in its spend settings; the partnership's headline figures over the anchors that allow it.
- Partnership analysts (superusers, or anyone granted `spend.view_all_spend`): every anchor, with
  supplier-level detail; they also upload files, resolve suppliers and edit the rules.
- An anchor's own analysts (members of its "Spend analysts" group): that anchor's detail and uploads only.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from portal.models import OrganisationPage

from .models import AnchorSpendSettings

ANCHOR_ANALYST_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("spend", "add_paymentfile"),
    ("spend", "view_paymentfile"),
)
PARTNERSHIP_GROUP = "Spend analysts (partnership)"
PARTNERSHIP_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("spend", "view_all_spend"),
    ("spend", "add_paymentfile"),
    ("spend", "view_paymentfile"),
    ("spend", "change_supplier"),
    ("spend", "view_supplier"),
    ("spend", "change_suppliermerge"),
    ("spend", "add_influencerule"),
    ("spend", "change_influencerule"),
    ("spend", "delete_influencerule"),
    ("spend", "view_influencerule"),
    ("spend", "change_anchorspendsettings"),
    ("spend", "view_anchorspendsettings"),
)


def _permissions(pairs):
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]


def sees_every_anchor(user):
    return user.is_active and (user.is_superuser or user.has_perm("spend.view_all_spend"))


def analysed_anchor_ids(user):
    """The anchors whose supplier-level detail this user may see."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if sees_every_anchor(user):
        return set(OrganisationPage.objects.values_list("pk", flat=True))
    return set(
        AnchorSpendSettings.objects.filter(analysts_group__in=user.groups.all()).values_list("anchor_id", flat=True)
    )


def can_see_detail(user, anchor):
    """Supplier-level detail: for one anchor, or for the whole partnership when anchor is None."""
    if anchor is None:
        return sees_every_anchor(user)
    return anchor.pk in analysed_anchor_ids(user)


def public_anchor_ids():
    return set(AnchorSpendSettings.objects.filter(publish_headlines=True).values_list("anchor_id", flat=True))


def can_upload(user):
    return user.is_active and user.has_perm("spend.add_paymentfile") and bool(analysed_anchor_ids(user))


def can_resolve_suppliers(user):
    return sees_every_anchor(user) and user.has_perm("spend.change_suppliermerge")


@transaction.atomic
def ensure_anchor_analysts(anchor):
    """The anchor's spend settings and its analysts group, created or repaired. Idempotent."""
    settings, _ = AnchorSpendSettings.objects.get_or_create(anchor=anchor)
    group = settings.analysts_group
    if group is None:
        group, _ = Group.objects.get_or_create(name=f"Spend analysts: {anchor.title}"[:150])
        settings.analysts_group = group
        settings.save(update_fields=["analysts_group"])
    group.permissions.add(*_permissions(ANCHOR_ANALYST_PERMISSIONS))
    return group


@transaction.atomic
def ensure_partnership_analysts():
    group, _ = Group.objects.get_or_create(name=PARTNERSHIP_GROUP)
    group.permissions.add(*_permissions(PARTNERSHIP_PERMISSIONS))
    return group
