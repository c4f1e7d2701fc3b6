from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "suppliers"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Supplier profiles, directory, quick quotes and subcontracts"

    def ready(self):
        from insights.scorecard import add_rows
        from suppliers.scorecard import quick_quote_rows

        add_rows(quick_quote_rows)
