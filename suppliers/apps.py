from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "suppliers"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Supplier profiles, directory, quick quotes and subcontracts"
