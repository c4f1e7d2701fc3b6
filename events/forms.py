"""The public registration form and the buyer's message form."""

import uuid

from crispy_forms_gds.helper import FormHelper

from django import forms

from events.models import BusinessSize, BusinessType, Partner, Registration
from portal.forms import PublicFormMixin
from portal.postcodes import PostcodeError, normalise_postcode


class RegistrationForm(PublicFormMixin, forms.ModelForm):
    """Who is coming. `ref` (the referring partner) and `submission_key` travel as hidden fields."""

    consent = forms.BooleanField(
        label="I agree that the organisers can use these details to run this event",
        error_messages={"required": "Tick the box to agree that the organisers can use your details"},
    )
    ref = forms.CharField(required=False, widget=forms.HiddenInput, max_length=60)
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Registration
        fields = [
            "name",
            "business_name",
            "email",
            "business_size",
            "business_type",
            "sector",
            "postcode",
            "access_needs",
        ]
        labels = {
            "name": "Your full name",
            "business_name": "Business or organisation name",
            "email": "Email address",
            "business_size": "How big is your business?",
            "business_type": "What kind of business is it?",
            "sector": "What does your business do?",
            "postcode": "Business postcode",
            "access_needs": "Do you have any access needs? (optional)",
        }
        help_texts = {
            "email": "We will send your confirmation and joining details here.",
            "sector": "For example, cleaning, IT support or building repairs.",
            "postcode": "For example, PR1 2AB. We use it to count how many local businesses come.",
            "access_needs": "For example, a BSL interpreter, step-free access or a quiet room.",
        }
        error_messages = {
            "name": {"required": "Enter your full name", "max_length": "Your name must be 120 characters or fewer"},
            "business_name": {
                "required": "Enter the name of your business or organisation",
                "max_length": "The business name must be 160 characters or fewer",
            },
            "email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
                "max_length": "The email address must be 254 characters or fewer",
            },
            "business_size": {"required": "Select how big your business is"},
            "business_type": {"required": "Select what kind of business it is"},
            "sector": {
                "required": "Enter what your business does",
                "max_length": "What your business does must be 120 characters or fewer",
            },
            "postcode": {"required": "Enter your business postcode"},
            "access_needs": {"max_length": "Access needs must be 1,000 characters or fewer"},
        }
        # autocomplete lets browsers fill in the person's details (WCAG 2.2 1.3.5, identify input purpose).
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "business_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
            "business_size": forms.RadioSelect,
            "business_type": forms.RadioSelect,
            "access_needs": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_size"].choices = BusinessSize.choices
        self.fields["business_type"].choices = BusinessType.choices
        self.fields["postcode"].max_length = 10
        self.fields["postcode"].error_messages["max_length"] = "Enter a real postcode, like PR1 2AB"
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_submission_key(self):
        """A lost or edited key only loses the protection against double submission, not the registration."""
        return self.cleaned_data["submission_key"] or uuid.uuid4()

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_postcode(self):
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except PostcodeError:
            raise forms.ValidationError("Enter a real postcode, like PR1 2AB") from None

    def clean_ref(self):
        """The referring partner, or None: a stale or edited link must not stop anyone registering."""
        slug = self.cleaned_data["ref"].strip()
        return Partner.objects.filter(slug=slug).first() if slug else None

    def registration_details(self):
        """The fields to store on the registration."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MessageForm(forms.Form):
    """A buyer's email to everyone with a confirmed place."""

    subject = forms.CharField(max_length=150)
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 10}), max_length=5000)
