from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "suppliers"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Supplier profiles, directory, quick quotes and subcontracts"

    def ready(self):
        from insights.scorecard import add_rows
        from suppliers.scorecard import quick_quote_rows

        add_rows(quick_quote_rows)

        from django.db.models.signals import post_delete

        from finder.indexing import register_source
        from suppliers import finder_entries
        from suppliers.models import Subcontract

        register_source(finder_entries.SOURCE, finder_entries.all_items)
        post_delete.connect(finder_entries.on_delete, sender=Subcontract, dispatch_uid="subcontract_finder_rows")

        from wagtail.signals import page_published

        from portal.models import OrganisationPage

        page_published.connect(
            finder_entries.on_buyer_published, sender=OrganisationPage, dispatch_uid="subcontract_anchor_renamed"
        )
