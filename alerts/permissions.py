"""What admin users may do with subscriptions: look them up and delete them, never write them.

Subscribers change their own answers and consent through their manage link; nobody does it for them.
"""

from wagtail.permission_policies import ModelPermissionPolicy

NOT_FROM_THE_ADMIN = {"add", "change"}


class SubscriptionPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action not in NOT_FROM_THE_ADMIN and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action not in NOT_FROM_THE_ADMIN])
