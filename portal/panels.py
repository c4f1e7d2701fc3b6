"""Editor panels: a plain-English reading-age check next to the field it scores.

Use it in any page or snippet's panels, after the field it checks:

    content_panels = [..., FieldPanel("summary"), ReadingAgePanel("summary")]

It scores the text being edited (what was just submitted if the form came back with errors, otherwise
the latest saved revision) with `portal.readability.reading_age` against the reading-age target in
the portal settings. It advises; it never stops an editor saving.
"""

from wagtail.admin.panels import Panel
from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText

from portal.models import PortalSettings
from portal.readability import html_to_text, plain_text, reading_age


def text_of(value):
    """Readable words in a field value: plain text, rich text or a StreamField."""
    if value is None:
        return ""
    if isinstance(value, StreamValue):
        return plain_text(value)
    if isinstance(value, RichText):
        value = value.source
    return html_to_text(value)


class ReadingAgePanel(Panel):
    def __init__(self, field_name, **kwargs):
        kwargs.setdefault("heading", "Plain English check")
        super().__init__(**kwargs)
        self.field_name = field_name

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "field_name": self.field_name}

    @property
    def clean_name(self):
        return super().clean_name or f"reading_age_{self.field_name}"

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/panels/reading_age_panel.html"

        def text(self):
            form = self.form
            if form is not None and form.is_bound and self.panel.field_name in getattr(form, "cleaned_data", {}):
                return text_of(form.cleaned_data[self.panel.field_name])
            return text_of(getattr(self.instance, self.panel.field_name, ""))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            target = PortalSettings.load(request_or_site=self.request).reading_age_target
            age = reading_age(self.text())
            field = self.instance._meta.get_field(self.panel.field_name)
            context.update(
                {
                    "field_label": field.verbose_name,
                    "age": age,
                    "target": target,
                    "within_target": age is None or age <= target,
                }
            )
            return context
