"""Who may record awards: buyers, for the lots of their own organisation's opportunities only.

Awards are not pages, so Wagtail's page permissions do not cover them. A buyer belongs to an
organisation through its `buyers_group`; editors with the Django model permissions see every award.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from portal.models import OrganisationPage

AWARD_ACTIONS = {"add", "change", "delete", "view"}


def buyer_organisations(user):
    """The organisations whose buyers group the user is in."""
    if not user.is_authenticated or not user.is_active:
        return OrganisationPage.objects.none()
    return OrganisationPage.objects.filter(buyers_group__in=user.groups.all())


class AwardPermissionPolicy(ModelPermissionPolicy):
    """Model permissions for editors; organisation-scoped permissions for buyers."""

    def is_editor(self, user, action):
        return user.is_active and (user.is_superuser or user.has_perm(self._get_permission_name(action)))

    def user_has_permission(self, user, action):
        if self.is_editor(user, action):
            return True
        return action in AWARD_ACTIONS and buyer_organisations(user).exists()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if self.is_editor(user, action):
            return True
        return (
            action in AWARD_ACTIONS and buyer_organisations(user).filter(pk=instance.lot.opportunity.buyer_id).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if any(self.is_editor(user, action) for action in actions):
            return self.model._default_manager.all()
        if not AWARD_ACTIONS.intersection(actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(lot__opportunity__buyer__in=buyer_organisations(user))

    def lots_user_can_award(self, user):
        """The lots a user may record awards against."""
        from .models import Lot

        lots = Lot.objects.select_related("opportunity").order_by("opportunity__title", "number")
        if self.is_editor(user, "add"):
            return lots
        return lots.filter(opportunity__buyer__in=buyer_organisations(user))


class CPVCodePermissionPolicy(ModelPermissionPolicy):
    """Every admin user may look CPV codes up; only editors with model permissions change them."""

    def user_has_permission(self, user, action):
        if action == "view":
            return user.is_active and user.has_perm("wagtailadmin.access_admin")
        return super().user_has_permission(user, action)
