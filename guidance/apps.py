from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"
    default_auto_field = "django.db.models.BigAutoField"
