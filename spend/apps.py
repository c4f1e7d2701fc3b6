from django.apps import AppConfig


class SpendConfig(AppConfig):
    name = "spend"
    verbose_name = "Spend analysis"
    default_auto_field = "django.db.models.BigAutoField"
