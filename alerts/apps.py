from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Supplier alerts"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import signals  # noqa: F401  (connects the page_published receiver)
        from .models import Subscription
        from .permissions import SubscriptionPermissionPolicy

        # Registered at start-up, before any admin view asks what a user may do with subscriptions.
        register_permission_policy(Subscription, SubscriptionPermissionPolicy(Subscription))
