from django.apps import AppConfig


class FinderConfig(AppConfig):
    name = "finder"
    default_auto_field = "django.db.models.BigAutoField"
