"""The forms suppliers, buyers and primes fill in. Every message says what to do next."""

import datetime

from crispy_forms_gds.helper import FormHelper

from django import forms
from django.utils import timezone

from alerts.criteria import CPV_DIVISIONS, cpv_prefix
from events.models import Partner
from portal import clock
from portal.forms import MoneyField, PublicFormMixin
from portal.models import Location
from portal.postcodes import PostcodeError, normalise_postcode
from portal.suppliers import SupplierKind, SupplierSize

from . import identifiers
from .models import QuoteInvitation, Subcontract, SubcontractAward, SubcontractLot, Supplier

DIVISION_CHOICES = [(code, f"{label} (CPV {code})") for code, label in CPV_DIVISIONS.items()]
EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
    "max_length": "The email address must be 254 characters or fewer",
}
POSTCODE_ERROR = "Enter a real postcode, like PR1 2AB"
# Day first, as people in the UK write dates ("27 3 2027", "27/03/2027", "27 March 2027"), and ISO 8601.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"]


def gds_helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


def clean_postcode_value(value):
    try:
        return normalise_postcode(value)
    except PostcodeError:
        raise forms.ValidationError(POSTCODE_ERROR) from None


class SignInForm(PublicFormMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will email you a link to sign in. You do not need a password.",
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper()

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ProfileForm(PublicFormMixin, forms.ModelForm):
    """The whole profile on one page, so it can be filled in without JavaScript."""

    divisions = forms.MultipleChoiceField(
        label="Types of work",
        choices=DIVISION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Buyers label work with CPV codes. Choose every type of work your business does.",
        error_messages={"required": "Choose at least one type of work"},
    )
    cpv_codes = forms.CharField(
        label="More exact CPV codes (optional)",
        required=False,
        max_length=300,
        help_text="If you know them, like 55523 or 90911200. Use commas between codes.",
        error_messages={"max_length": "Enter at most 300 characters of CPV codes"},
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        error_messages={"invalid": "Enter a web address, like https://www.example.co.uk"},
    )

    class Meta:
        model = Supplier
        fields = [
            "business_name",
            "companies_house_number",
            "charity_number",
            "ppon",
            "postcode",
            "size",
            "kind",
            "description",
            "locations",
            "certificates",
            "website",
            "phone",
            "partners",
            "findable",
            "listed_publicly",
        ]
        labels = {
            "business_name": "Business or organisation name",
            "companies_house_number": "Companies House number (optional)",
            "charity_number": "Charity number (optional)",
            "ppon": "Public Procurement Organisation Number (PPON) (optional)",
            "postcode": "Business postcode",
            "size": "How big is your business?",
            "kind": "What kind of business is it?",
            "description": "What does your business do?",
            "locations": "Where can you work?",
            "certificates": "Certificates and accreditations (optional)",
            "website": "Website (optional)",
            "phone": "Phone number (optional)",
            "partners": "Business groups you belong to (optional)",
            "findable": "Let buyers and prime contractors in the partnership find my business and ask me to quote",
            "listed_publicly": "Also show my business in the public directory and on my business groups' websites",
        }
        help_texts = {
            "companies_house_number": "8 digits, like 01234567, or 2 letters and 6 digits, like SC123456.",
            "charity_number": "For England and Wales, like 1123456. For Scotland, like SC012345. "
            "For Northern Ireland, like NIC100002.",
            "ppon": "If you have registered on Find a Tender, like PMZV-7732-XXTT.",
            "postcode": "For example, PR1 2AB. Buyers use it to find local businesses.",
            "description": "In your own words, like: we cook school meals and cater for events of up to 200 people.",
            "locations": "Choose the places where you can deliver work.",
            "certificates": "One on each line, like Cyber Essentials or ISO 9001.",
            "partners": "Chambers of commerce and other groups can show their members who choose to be listed.",
            "findable": "Only signed-in buyers and prime contractors can see your details.",
            "listed_publicly": "Anyone can then see your business name, what you do, where, and how to contact you.",
        }
        error_messages = {
            "business_name": {
                "required": "Enter the name of your business or organisation",
                "max_length": "The business name must be 160 characters or fewer",
            },
            "postcode": {"required": "Enter your business postcode", "max_length": POSTCODE_ERROR},
            "size": {"required": "Select how big your business is"},
            "kind": {"required": "Select what kind of business it is"},
            "description": {
                "required": "Enter what your business does",
                "max_length": "What your business does must be 1,000 characters or fewer",
            },
            "certificates": {"max_length": "Certificates must be 1,000 characters or fewer"},
            "website": {"invalid": "Enter a web address, like https://www.example.co.uk"},
            "phone": {"max_length": "The phone number must be 40 characters or fewer"},
        }
        widgets = {
            "business_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "companies_house_number": forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
            "charity_number": forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
            "ppon": forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
            "size": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "locations": forms.CheckboxSelectMultiple,
            "certificates": forms.Textarea(attrs={"rows": 3}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "class": "govuk-input--width-20"}),
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Identifiers are checked (and tidied) in clean_*; the model's short max_length must not speak first.
        for name in ("companies_house_number", "charity_number", "ppon", "postcode"):
            self.fields[name].max_length = 40
            self.fields[name].widget.attrs.pop("maxlength", None)
            self.fields[name].validators = []
        self.fields["size"].choices = SupplierSize.choices
        self.fields["kind"].choices = SupplierKind.choices
        self.fields["locations"].queryset = Location.objects.order_by("kind", "name")
        self.fields["partners"].queryset = Partner.objects.order_by("name")
        if self.instance.pk and not self.is_bound:
            prefixes = [work.prefix for work in self.instance.work.all()]
            self.initial["divisions"] = sorted({p[:2] for p in prefixes})
            self.initial["cpv_codes"] = ", ".join(p for p in prefixes if len(p) > 2)
        self.helper = gds_helper()

    def _identifier(self, name, check):
        value = self.cleaned_data.get(name, "").strip()
        if not value:
            return ""
        try:
            return check(value)
        except identifiers.IdentifierError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_companies_house_number(self):
        return self._identifier("companies_house_number", identifiers.companies_house_number)

    def clean_charity_number(self):
        return self._identifier("charity_number", identifiers.charity_number)

    def clean_ppon(self):
        return self._identifier("ppon", identifiers.ppon)

    def clean_postcode(self):
        return clean_postcode_value(self.cleaned_data["postcode"])

    def clean_cpv_codes(self):
        raw = [part.strip() for part in self.cleaned_data["cpv_codes"].replace(";", ",").split(",") if part.strip()]
        prefixes = [cpv_prefix(part) for part in raw]
        wrong = [part for part, prefix in zip(raw, prefixes, strict=True) if prefix is None]
        if wrong:
            raise forms.ValidationError(
                f"“{wrong[0][:20]}” is not a CPV code. A CPV code is 2 to 8 digits, like 55523 or 90911200"
            )
        return prefixes

    def work_prefixes(self):
        """Divisions and exact codes, without repeats, shortest first."""
        prefixes = set(self.cleaned_data["divisions"]) | set(self.cleaned_data["cpv_codes"])
        return sorted(prefixes, key=lambda p: (len(p), p))


class DirectoryForm(forms.Form):
    """The directory's search: what, where, kind and size. Every answer is optional.

    The places come in as a list (`places`, every location in the form's order), so that the same list
    gives the choices, checks the answer and finds a region's areas: one query for all three.
    """

    q = forms.CharField(
        label="What do you need?",
        required=False,
        max_length=200,
        help_text="Words like catering, electrician or cleaning.",
        error_messages={"max_length": "Use fewer words: at most 200 characters"},
    )
    division = forms.ChoiceField(label="Type of work", required=False, choices=[("", "Any"), *DIVISION_CHOICES])
    location = forms.ChoiceField(label="Where", required=False)
    kind = forms.MultipleChoiceField(
        label="Kind of business", required=False, choices=SupplierKind.choices, widget=forms.CheckboxSelectMultiple
    )
    size = forms.MultipleChoiceField(
        label="Size", required=False, choices=SupplierSize.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = list(Location.objects.order_by("kind", "name")) if places is None else places
        self.fields["location"].choices = [("", "Anywhere"), *((place.slug, str(place)) for place in self.places)]
        for name in ("division", "kind", "size"):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the list"
        self.fields["location"].error_messages["invalid_choice"] = "Choose a place from the list"

    def clean_location(self):
        slug = self.cleaned_data["location"]
        return next((place for place in self.places if place.slug == slug), None) if slug else None


class QuoteRequestForm(PublicFormMixin, forms.Form):
    """What the buyer asks for; the suppliers come from the directory as ticked boxes."""

    supplier = forms.ModelMultipleChoiceField(
        label="Suppliers to ask",
        queryset=Supplier.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one supplier to ask for a quote"},
    )
    title = forms.CharField(
        label="What do you need a quote for?",
        max_length=160,
        help_text="A short title, like Buffet lunch for 60 people.",
        error_messages={"required": "Enter what you need a quote for", "max_length": "Use 160 characters or fewer"},
    )
    opportunity = forms.ModelChoiceField(
        label="Opportunity (optional)",
        required=False,
        queryset=None,
        empty_label="None",
        help_text="If the work is published as an opportunity, we will send its link.",
        error_messages={"invalid_choice": "Choose one of your organisation's opportunities"},
    )
    message = forms.CharField(
        label="Message to the suppliers",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you need, when and where, and how to send a quote.",
        error_messages={"required": "Enter a message to the suppliers", "max_length": "Use 2,000 characters or fewer"},
    )
    reply_by = forms.DateField(
        label="Quotes needed by",
        help_text="For example, 27 3 2027 or 2027-03-27.",
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": "Enter the date you need quotes by",
            "invalid": "Enter a real date, like 27 3 2027",
        },
    )

    def __init__(self, *args, organisation, suppliers, **kwargs):
        super().__init__(*args, **kwargs)
        from opportunities.models import OpportunityPage

        self.fields["supplier"].queryset = suppliers
        self.fields["opportunity"].queryset = (
            OpportunityPage.objects.live().filter(buyer=organisation).order_by("title")
        )
        self.helper = gds_helper()

    def clean_reply_by(self):
        reply_by = self.cleaned_data["reply_by"]
        if reply_by < clock.today():
            raise forms.ValidationError("The date you need quotes by must be today or in the future")
        return reply_by


class QuoteAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Will you send a quote?",
        choices=[
            (QuoteInvitation.Response.WILL_QUOTE, "Yes, I will send a quote"),
            (QuoteInvitation.Response.DECLINED, "No, not this time"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes or no", "invalid_choice": "Select yes or no"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper()


class PrimeLinkForm(forms.Form):
    email = forms.EmailField(
        label="Prime contractor's email address",
        max_length=254,
        help_text="We will email them a link to post subcontracts for this award.",
        error_messages=EMAIL_ERRORS | {"required": "Enter the prime contractor's email address"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper()


class SubcontractForm(PublicFormMixin, forms.ModelForm):
    deadline_date = forms.DateField(
        label="Replies needed by",
        help_text="For example, 27 3 2027 or 2027-03-27. Replies close at 5pm UK time that day.",
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"required": "Enter the date replies are needed by", "invalid": "Enter a real date"},
    )

    class Meta:
        model = Subcontract
        fields = ["title", "description", "contact_name", "contact_email"]
        labels = {
            "title": "Title",
            "description": "What the work is",
            "contact_name": "Contact name",
            "contact_email": "Contact email address",
        }
        error_messages = {
            "title": {"required": "Enter a title", "max_length": "Use 160 characters or fewer"},
            "description": {"required": "Enter what the work is", "max_length": "Use 2,000 characters or fewer"},
            "contact_name": {"required": "Enter a contact name"},
            "contact_email": EMAIL_ERRORS | {"required": "Enter a contact email address"},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["deadline_date"] = timezone.localtime(self.instance.deadline).date()
        self.helper = gds_helper()

    def clean_deadline_date(self):
        value = self.cleaned_data["deadline_date"]
        if value < clock.today():
            raise forms.ValidationError("The date replies are needed by must be today or in the future")
        return value

    def deadline(self):
        """5pm UK time on the chosen day: the usual close of business for replies."""
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["deadline_date"], datetime.time(17, 0)))


class SubcontractLotForm(forms.ModelForm):
    value = MoneyField(label="Estimated value in pounds (optional)", required=False)

    class Meta:
        model = SubcontractLot
        fields = ["title", "description", "value", "division"]
        labels = {"title": "Lot title", "description": "What this lot covers (optional)", "division": "Type of work"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "division": forms.Select}
        error_messages = {
            "title": {"required": "Enter a title for this lot", "max_length": "Use 160 characters or fewer"}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].widget.choices = [("", "Choose a type of work"), *DIVISION_CHOICES]
        self.fields["division"].required = True
        self.fields["division"].error_messages["required"] = "Choose a type of work for this lot"


# Three blank lots are offered (no JavaScript needed to add one); a lot left empty is ignored.
SubcontractLotFormSet = forms.inlineformset_factory(
    Subcontract,
    SubcontractLot,
    form=SubcontractLotForm,
    extra=3,
    max_num=10,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


class SubcontractAwardForm(PublicFormMixin, forms.ModelForm):
    value = MoneyField(label="Value in pounds, excluding VAT")
    awarded_on = forms.DateField(
        label="Date awarded",
        help_text="For example, 27 3 2027 or 2027-03-27.",
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"required": "Enter the date the work was awarded", "invalid": "Enter a real date"},
    )

    class Meta:
        model = SubcontractAward
        fields = ["supplier_name", "supplier_postcode", "supplier_size", "supplier_kind", "value", "awarded_on"]
        labels = {
            "supplier_name": "Subcontractor's name",
            "supplier_postcode": "Subcontractor's postcode",
            "supplier_size": "How big is the subcontractor?",
            "supplier_kind": "What kind of business is it?",
        }
        widgets = {"supplier_size": forms.RadioSelect, "supplier_kind": forms.RadioSelect}
        error_messages = {
            "supplier_name": {"required": "Enter the subcontractor's name"},
            "supplier_postcode": {"required": "Enter the subcontractor's postcode"},
            "supplier_size": {"required": "Select how big the subcontractor is"},
            "supplier_kind": {"required": "Select what kind of business it is"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier_postcode"].max_length = 40
        self.fields["supplier_postcode"].validators = []
        self.fields["value"].error_messages["required"] = "Enter the value awarded"
        self.fields["supplier_size"].choices = SupplierSize.choices
        self.fields["supplier_kind"].choices = SupplierKind.choices
        self.helper = gds_helper()

    def clean_supplier_postcode(self):
        return clean_postcode_value(self.cleaned_data["supplier_postcode"])

    def clean_awarded_on(self):
        value = self.cleaned_data["awarded_on"]
        if value > clock.today():
            raise forms.ValidationError("The date awarded must be today or in the past")
        return value
