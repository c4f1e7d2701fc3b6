"""Admin forms that check what editors enter, with messages next to the field at fault."""

from django import forms
from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from opportunities.models import Procedure, Stage


class GuidancePageForm(WagtailAdminPageForm):
    """Offers the opportunity stages and procedures as choices, read from the opportunities app."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity_stage"] = forms.ChoiceField(
            label="Opportunity stage",
            choices=[("", "Any stage"), *Stage.choices],
            required=False,
        )
        self.fields["opportunity_procedure"] = forms.ChoiceField(
            label="Opportunity procedure",
            choices=[("", "Any procedure"), *Procedure.choices],
            required=False,
        )


class CommonStatementForm(WagtailAdminModelForm):
    """Refuses to publish a version of the statement that no organisation has signed."""

    def is_publishing(self):
        return "action-publish" in self.data

    def clean(self):
        cleaned_data = super().clean()
        signatories = self.formsets["signatories"]
        if not signatories.is_valid():
            return cleaned_data  # the rows' own errors say what to fix first
        rows = [
            row.cleaned_data for row in signatories.forms if row.cleaned_data and not row.cleaned_data.get("DELETE")
        ]
        organisations = [row["organisation"] for row in rows]
        problems = []
        if self.is_publishing() and not rows:
            problems.append(
                "Add at least one organisation that has signed this version before you publish it. "
                "You can save it as a draft until then."
            )
        duplicates = sorted({str(org) for org in organisations if organisations.count(org) > 1})
        if duplicates:
            problems.append(f"{', '.join(duplicates)} is listed more than once. Remove the extra row.")
        if problems:
            # Shown above the signatories, where the editor fixes it; is_valid() then fails on the formset.
            signatories._non_form_errors.extend(ValidationError(problem) for problem in problems)
        return cleaned_data
