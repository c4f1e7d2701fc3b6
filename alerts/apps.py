from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Supplier alerts"

    def ready(self):
        from . import signals  # noqa: F401  (connects the page_published receiver)
