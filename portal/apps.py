from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cachepurge, converters, signals  # noqa: F401  (registers the <id:…> URL converter; connects the receivers)
        from .dates import install_admin_date_fields

        install_admin_date_fields()
