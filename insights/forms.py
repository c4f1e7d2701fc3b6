"""The dashboard's filter form: which anchor, and which quarters. Read from the query string."""

from django import forms

from portal import clock

from .periods import Quarter, quarters_between

YEARS_OFFERED = 5


def offered_quarters(today=None):
    """The quarters the form lists: the last five years up to the current quarter, newest first."""
    today = today or clock.today()
    current = Quarter.of(today)
    return list(reversed(quarters_between(Quarter(current.year - YEARS_OFFERED + 1, 1), current)))


class QuarterField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Quarter.parse(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class InsightsFilterForm(forms.Form):
    anchor = forms.CharField(required=False, label="Organisation")
    start = QuarterField(required=False, label="From")
    end = QuarterField(required=False, label="To")

    def __init__(self, *args, anchors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.anchors = {anchor.slug: anchor for anchor in anchors}

    def clean_anchor(self):
        slug = self.cleaned_data["anchor"].strip()
        if not slug:
            return None
        if slug not in self.anchors:
            raise forms.ValidationError(
                "We could not find that organisation. Choose one from the list, or the whole partnership."
            )
        return self.anchors[slug]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end quarter must be the same as or after the start quarter.")
        return cleaned

    def quarter_choices(self):
        return [(str(q), q.label) for q in offered_quarters()]
