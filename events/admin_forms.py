"""The EventPage editor form: offer only the organising buyer's own opportunities and lots."""

from wagtail.admin.forms import WagtailAdminPageForm


class EventPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if organisation is None:
            return
        if "opportunities" in self.fields:
            self.fields["opportunities"].queryset = (
                self.fields["opportunities"].queryset.filter(buyer_id=organisation.pk).order_by("title")
            )
        if "lots" in self.fields:
            lots = self.fields["lots"]
            lots.queryset = (
                lots.queryset.filter(opportunity__buyer_id=organisation.pk)
                .select_related("opportunity")
                .order_by("opportunity__title", "number")
            )
            # "Lot 1: Cleaning" alone is ambiguous across opportunities.
            lots.label_from_instance = lambda lot: f"{lot.opportunity.title}: {lot}"
