"""The alert profile form (subscribe and change), and reading a finder search into it."""

import uuid
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict

from finder.filters import FinderFilterSet
from finder.query import MAX_QUERY_LENGTH, VALUE_BANDS
from portal.forms import PublicFormMixin
from portal.models import Location, OrganisationPage

from .criteria import CPV_DIVISIONS, Frequency, as_list, search_summary
from .models import Subscription

CONSENT_TEXT = (
    "I agree to get emails about lots that match these choices. I can change or stop them at any time "
    "using the links in every email."
)
EVENTS_CONSENT_TEXT = "I also agree to get emails about Meet the Buyer events that fit my business."
NO_CRITERIA = (
    "Choose at least one thing to match: keywords, a type of work, a place, the kind of business a lot suits "
    "or a buyer."
)
# The finder's filters the form does not ask about, carried over from a search as they were.
CARRIED = ("stage", "closing", "reserved", "unvalued", "theme", "regime", "procedure")
# Parameters that say what work an alert is about (a value band or a stage alone would send nearly every lot).
CHOOSING = ("q", "cpv", "location", "buyer", "sme", "vcse", "reserved", "theme", "procedure")


class ProfileForm(PublicFormMixin, forms.Form):
    """A finder search, asked as a form: each answer is one of the finder's parameters, so an alert sends
    the lots that search would show. Filters the form does not ask about (stage, closing date, themes…)
    are carried over from the search in `finder_filters`."""

    keywords = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text="Words that describe what you do, like catering or web design. Every word must appear; "
        "put “or” between different things, like catering or cleaning.",
        error_messages={"max_length": f"Use fewer words: at most {MAX_QUERY_LENGTH} characters"},
    )
    cpv_divisions = forms.MultipleChoiceField(
        label="Types of work",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, f"{label} (CPV {code})") for code, label in CPV_DIVISIONS.items()],
        help_text="Buyers label every lot with a CPV code, a number that says what kind of work it is. "
        "Choose all that apply.",
    )
    locations = forms.ModelMultipleChoiceField(
        label="Places you can work in",
        queryset=Location.objects.order_by("kind", "name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="We send lots the buyer says are in one of the places you choose. A lot in a local area is "
        "not in its region: to hear about both, choose both.",
    )
    sme = forms.BooleanField(label="Only lots suitable for small and medium-sized businesses (SMEs)", required=False)
    vcse = forms.BooleanField(
        label="Only lots suitable for charities, social enterprises and co-ops (VCSEs)", required=False
    )
    value_bands = forms.MultipleChoiceField(
        label="Lot values (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(band, label) for band, (label, _, _) in VALUE_BANDS.items()],
        help_text="A lot's value is the most the buyer expects to pay. Leave these empty to hear about lots of "
        "any value. Lots with no stated value are always included.",
    )
    buyers = forms.ModelMultipleChoiceField(
        label="Only from these buyers (optional)",
        queryset=OrganisationPage.objects.live().order_by("title"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # The search's other filters, as the finder's query string (kept through errors and changes).
    finder_filters = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
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

    def clean(self):
        data = super().clean()
        if not self.errors:
            data["search"] = self.search_values(data)
            if not any(name in data["search"] for name in CHOOSING):
                raise forms.ValidationError(NO_CRITERIA, code="no_criteria")
        return data

    @staticmethod
    def search_values(data):
        """The answers as the finder's parameters, checked by the finder itself (`FinderFilterSet`)."""
        params = QueryDict(mutable=True)
        carried = QueryDict(data.get("finder_filters") or "")
        for name in CARRIED:
            params.setlist(name, carried.getlist(name))
        params.setlist("q", [data["keywords"]] if data.get("keywords", "").strip() else [])
        params.setlist("cpv", data.get("cpv_divisions") or [])
        params.setlist("location", [location.slug for location in data.get("locations") or ()])
        params.setlist("buyer", [buyer.slug for buyer in data.get("buyers") or ()])
        params.setlist("value", data.get("value_bands") or [])
        for name in ("sme", "vcse"):
            params.setlist(name, ["1"] if data.get(name) else [])
        return FinderFilterSet(params).saved_values()

    def carried_summary(self):
        """The carried-over filters in words, for the page to say what else the alert keeps."""
        return search_summary(FinderFilterSet(QueryDict(self["finder_filters"].value() or "")).saved_values())

    def apply(self, subscription):
        """Copy the answers onto a subscription (saved)."""
        data = self.cleaned_data
        subscription.search = data["search"]
        subscription.frequency = data["frequency"]
        subscription.wants_events = data["wants_events"]
        subscription.save()
        return subscription

    @staticmethod
    def initial_for(subscription):
        return {
            **initial_from_values(subscription.search),
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
    """Prefill the answers from a finder URL's parameters; the finder drops values it does not know."""
    return initial_from_values(FinderFilterSet(query).saved_values())


def initial_from_values(search):
    """The form's answers for a search's finder parameters."""
    return {
        "keywords": search.get("q", ""),
        "cpv_divisions": search.get("cpv", []),
        "locations": search.get("location", []),
        "buyers": search.get("buyer", []),
        "value_bands": search.get("value", []),
        "sme": search.get("sme") == "1",
        "vcse": search.get("vcse") == "1",
        "finder_filters": urlencode([(name, value) for name in CARRIED for value in as_list(search.get(name, []))]),
    }
