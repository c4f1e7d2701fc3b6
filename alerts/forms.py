"""The alert profile form (subscribe and change), and reading a finder search into it."""

import uuid
from decimal import Decimal

from django import forms

from portal.forms import MoneyField, PublicFormMixin
from portal.models import Location, OrganisationPage

from .criteria import CPV_DIVISIONS, SME, SUPPLIER_GROUPS, VALUE_BAND_LIMITS, VCSE, Frequency, SupplierType, cpv_prefix
from .models import Subscription

CONSENT_TEXT = (
    "I agree to get emails about lots that match these choices. I can change or stop them at any time "
    "using the links in every email."
)
EVENTS_CONSENT_TEXT = "I also agree to get emails about Meet the Buyer events that fit my business."
NO_CRITERIA = "Choose at least one thing to match: keywords, a type of work, a place, your type of business or a buyer."


class ProfileForm(PublicFormMixin, forms.Form):
    keywords = forms.CharField(
        required=False,
        max_length=500,
        help_text="Words that describe what you do, like catering or web design. Use commas between different things.",
        error_messages={"max_length": "Use fewer words: at most 500 characters, with the most important first"},
    )
    cpv_divisions = forms.MultipleChoiceField(
        label="Types of work",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, f"{label} (CPV {code})") for code, label in CPV_DIVISIONS.items()],
        help_text="Buyers label every lot with a CPV code, a number that says what kind of work it is. "
        "Choose all that apply.",
    )
    cpv_codes = forms.CharField(
        label="More exact CPV codes (optional)",
        required=False,
        max_length=300,
        help_text="If you know them, like 72212 or 45330000. Use commas between codes.",
    )
    locations = forms.ModelMultipleChoiceField(
        label="Places you can work in",
        queryset=Location.objects.order_by("kind", "name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A region includes the local areas inside it.",
    )
    supplier_types = forms.MultipleChoiceField(
        label="Your type of business",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=SupplierType.choices,
        help_text="We will only send lots that the buyer says suit businesses like yours. "
        "Leave these empty to hear about every lot.",
    )
    max_lot_value = MoneyField(
        label="Largest lot value your business can deliver, in pounds (optional)",
        required=False,
        min_value=Decimal("1"),
        help_text="We will not send lots that start above this amount. For example, 40,000.",
        error_messages={
            "invalid": "Enter an amount in pounds, like 40,000",
            "min_value": "Enter an amount of £1 or more, like 40,000",
            "max_digits": "Enter an amount under £1,000,000,000,000",
            "max_whole_digits": "Enter an amount under £1,000,000,000,000",
            "max_decimal_places": "Enter pounds and pence only, like 40,000.50",
        },
    )
    buyer = forms.ModelChoiceField(
        label="Only from one buyer (optional)",
        queryset=OrganisationPage.objects.live().order_by("title"),
        to_field_name="slug",
        required=False,
        empty_label="Any buyer",
    )
    frequency = forms.ChoiceField(
        label="How often do you want emails?",
        choices=Frequency.choices,
        initial=Frequency.DAILY,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often you want emails"},
    )
    wants_events = forms.BooleanField(
        label="Tell me about Meet the Buyer events that fit my business",
        required=False,
        help_text="Events where you can talk to buyers about what they plan to buy.",
    )

    def clean_cpv_codes(self):
        raw = [part.strip() for part in self.cleaned_data["cpv_codes"].replace(";", ",").split(",") if part.strip()]
        prefixes = [cpv_prefix(part) for part in raw]
        wrong = [part for part, prefix in zip(raw, prefixes, strict=True) if prefix is None]
        if wrong:
            raise forms.ValidationError(
                f"{', '.join(wrong)} {'is not a CPV code' if len(wrong) == 1 else 'are not CPV codes'}. "
                "A CPV code is 2 to 8 numbers, like 72212 or 45330000"
            )
        return prefixes

    def clean(self):
        data = super().clean()
        wanted = [data.get(name) for name in ("keywords", "cpv_divisions", "cpv_codes", "locations", "buyer")]
        wanted.append(data.get("supplier_types"))
        if not any(wanted) and not self.errors:
            raise forms.ValidationError(NO_CRITERIA, code="no_criteria")
        return data

    def cpv_prefixes(self):
        return list(dict.fromkeys([*self.cleaned_data["cpv_divisions"], *self.cleaned_data["cpv_codes"]]))

    def apply(self, subscription):
        """Copy the profile onto a subscription (saved) and set its places."""
        data = self.cleaned_data
        subscription.keywords = data["keywords"].strip()
        subscription.cpv_prefixes = self.cpv_prefixes()
        subscription.supplier_types = data["supplier_types"]
        subscription.max_lot_value = data["max_lot_value"]
        subscription.buyer = data["buyer"]
        subscription.frequency = data["frequency"]
        subscription.wants_events = data["wants_events"]
        subscription.save()
        subscription.locations.set(data["locations"])
        return subscription

    @staticmethod
    def initial_for(subscription):
        divisions = [p for p in subscription.cpv_prefixes if p in CPV_DIVISIONS]
        return {
            "keywords": subscription.keywords,
            "cpv_divisions": divisions,
            "cpv_codes": ", ".join(p for p in subscription.cpv_prefixes if p not in divisions),
            "locations": [location.slug for location in subscription.locations.all()],
            "supplier_types": subscription.supplier_types,
            "max_lot_value": subscription.max_lot_value,
            "buyer": subscription.buyer.slug if subscription.buyer else None,
            "frequency": subscription.frequency,
            "wants_events": subscription.wants_events,
        }


class SubscribeForm(ProfileForm):
    field_order = ["email"]

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will only use it to send you these emails.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": "Tick the box to agree to get these emails"},
    )
    # Honeypot: hidden from people (and from assistive technology), so only bots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def earlier_submission(self):
        """The unconfirmed subscription this very form already made (a double click, or Back and Subscribe)."""
        key = self.cleaned_data.get("submission_key")
        if key is None:  # a lost or edited key only loses the protection, not the subscription
            return None
        return Subscription.objects.filter(
            submission_key=key, email__iexact=self.cleaned_data["email"], confirmed_at__isnull=True
        ).first()

    def is_bot(self):
        return bool(self.data.get("website"))

    def consent_given(self):
        """The exact wording this person agreed to, stored with the subscription."""
        return CONSENT_TEXT + (" " + EVENTS_CONSENT_TEXT if self.cleaned_data.get("wants_events") else "")


def initial_from_search(query):
    """Prefill the profile from a finder URL's parameters; values we do not recognise are dropped."""
    initial = {}
    if query.get("q", "").strip():
        initial["keywords"] = " ".join(query["q"].split())[:500]
    divisions = [c for c in query.getlist("cpv") if c in CPV_DIVISIONS]
    if divisions:
        initial["cpv_divisions"] = list(dict.fromkeys(divisions))
    slugs = query.getlist("location")
    if slugs:
        found = list(Location.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if found:
            initial["locations"] = found
    bands = [b for b in query.getlist("value") if b in VALUE_BAND_LIMITS]
    if bands:
        limits = [VALUE_BAND_LIMITS[b] for b in bands]
        initial["max_lot_value"] = None if None in limits else max(limits)
    groups = {group for group, param in ((SME, "sme"), (VCSE, "vcse")) if query.get(param) == "1"}
    if groups:
        initial["supplier_types"] = [t.value for t, group in SUPPLIER_GROUPS.items() if group in groups]
    buyer = query.get("buyer")
    if buyer and OrganisationPage.objects.live().filter(slug=buyer).exists():
        initial["buyer"] = buyer
    return initial
