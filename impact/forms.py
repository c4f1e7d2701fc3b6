"""The supplier's public forms (delivery return, survey) and the buyer's comment form."""

from crispy_forms_gds.helper import FormHelper

from django import forms

from portal.forms import PublicFormMixin

from . import evidence
from .models import QUANTITY, SurveyResponse

QUANTITY_FIELD = {"max_digits": QUANTITY["max_digits"], "decimal_places": QUANTITY["decimal_places"]}


def quantity_field_name(measure):
    return f"measure_{measure.pk}"


class GdsForm(PublicFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DeliveryReturnForm(GdsForm):
    """One number per measure the supplier promised, who is reporting, notes and an optional evidence file."""

    submitted_by = forms.CharField(
        label="Your full name",
        max_length=120,
        error_messages={"required": "Enter your full name"},
    )
    notes = forms.CharField(
        label="Anything the buyer should know (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, what the numbers include, or why something was delayed.",
    )
    evidence_file = forms.FileField(
        label="Evidence (optional)",
        required=False,
        help_text=(
            f"For example, a payroll summary or a letter from a charity. A {evidence.ALLOWED} file, smaller than 10 MB."
        ),
    )

    def __init__(self, *args, measures, period_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = measures
        fields = {}
        for measure in measures:
            fields[quantity_field_name(measure)] = forms.DecimalField(
                label=f"{measure.name} in {period_label} ({measure.unit})",
                min_value=0,
                **QUANTITY_FIELD,
                help_text=measure.description,
                error_messages={
                    "required": f"Enter the number of {measure.unit} for {measure.name.lower()}, or 0",
                    "invalid": f"Enter a number for {measure.name.lower()}, like 3 or 2.5",
                    "min_value": f"{measure.name} must be 0 or more",
                    "max_digits": f"{measure.name} must be less than ten billion",
                    "max_decimal_places": f"{measure.name} can have at most 2 decimal places",
                    "max_whole_digits": f"{measure.name} must be less than ten billion",
                },
                widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
            )
        # Quantities first, then who is reporting and the rest.
        self.fields = {**fields, **self.fields}

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            evidence.check(upload)
        return upload

    def quantities(self):
        return {measure: self.cleaned_data[quantity_field_name(measure)] for measure in self.measures}


class SurveyForm(PublicFormMixin, forms.ModelForm):
    class Meta:
        model = SurveyResponse
        fields = [
            "jobs",
            "apprenticeships",
            "hard_to_reach",
            "volunteering_hours",
            "staff_cost_percent",
            "local_staff_percent",
            "local_supplier_percent",
        ]
        labels = {
            "jobs": "How many jobs did you create or keep in the local area?",
            "apprenticeships": "How many apprenticeships did you offer?",
            "hard_to_reach": "How many jobs, placements or training places went to people far from work?",
            "volunteering_hours": "How many hours did your staff volunteer with local charities and groups?",
            "staff_cost_percent": "About what share of your costs are staff costs?",
            "local_staff_percent": "About what share of your staff costs is paid to people who live locally?",
            "local_supplier_percent": "About what share of your other spending goes to local suppliers?",
        }
        help_texts = {
            "jobs": "Count full-time equivalents: two half-time jobs are one job. Count the whole year.",
            "hard_to_reach": "For example, care leavers, people out of work for a long time, or ex-offenders.",
            "staff_cost_percent": "A percentage from 0 to 100. A best guess is fine.",
            "local_staff_percent": "A percentage from 0 to 100. Local means living in the partnership's area.",
            "local_supplier_percent": "A percentage from 0 to 100, of everything you spend that is not staff costs.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        for name, field in self.fields.items():
            label = self.Meta.labels[name].rstrip("?").lower()
            field.error_messages["required"] = f"Answer the question: {label}"
            field.error_messages["invalid"] = (
                "Enter a whole number, like 3"
                if name in INTEGER_ANSWERS
                else ("Enter a percentage from 0 to 100, like 40")
            )
            field.widget = forms.TextInput(attrs={"inputmode": "numeric" if name in INTEGER_ANSWERS else "decimal"})
            if name in INTEGER_ANSWERS:
                field.error_messages["min_value"] = "Enter 0 or more"
                field.error_messages["max_value"] = "Enter a smaller number"
                field.widget.attrs["class"] = "govuk-input--width-5"
            else:
                for code in ("max_digits", "max_whole_digits", "max_decimal_places"):
                    field.error_messages[code] = "Enter a percentage from 0 to 100, like 40"
                field.widget.attrs["class"] = "govuk-input--width-3"


INTEGER_ANSWERS = {"jobs", "apprenticeships", "hard_to_reach", "volunteering_hours"}


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment to keep with this return",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write a comment before saving it"},
    )


class CorrectionForm(forms.Form):
    period_start = forms.DateField(widget=forms.HiddenInput)
