"""Parse and validate the finder's URL parameters into a `SearchQuery`.

The parameter names are a public contract (alerts and saved links build on them; see docs/search.md).
Bad values never fail the whole search: each one is dropped with a plain-English notice, so a shared or
hand-edited link still shows results and says what was ignored.
"""

import functools

import django_filters

from django import forms
from django.utils.functional import cached_property

from opportunities.models import Procedure
from opportunities.procurement_act import ContractSize
from portal.forms import CONTROL_CHARACTERS

from . import vocabulary
from .cpv import DIVISIONS
from .models import LotEntry
from .query import (
    CLOSING_DAYS,
    DEFAULT_STAGES,
    MAX_QUERY_LENGTH,
    PER_PAGE,
    RESERVED,
    SORTS,
    STAGES,
    VALUE_BANDS,
    SearchQuery,
)

MAX_PAGE = 1000
FILTER_LABELS = {
    "stage": "Stage",
    "closing": "Closing date",
    "sme": "Suitable for SMEs",
    "vcse": "Suitable for VCSEs",
    "reserved": "Reserved",
    "value": "Lot value",
    "unvalued": "Lots with no stated value",
    "cpv": "Type of work",
    "location": "Location",
    "buyer": "Buyer",
    "theme": "Social value theme",
    "regime": "Size of contract under the Procurement Act",
    "procedure": "Procedure",
    "sort": "Sort order",
}


def multiple(choices, label):
    return django_filters.MultipleChoiceFilter(
        choices=choices, label=label, widget=forms.CheckboxSelectMultiple, method="parsed_only"
    )


def single(choices, label):
    return django_filters.ChoiceFilter(choices=choices, label=label, method="parsed_only")


class FinderFilterSet(django_filters.FilterSet):
    """The finder's filters; `search_query()` turns valid input into a `SearchQuery`.

    Results come from a search backend, not from `.qs`, so each filter's method is a no-op.
    """

    q = django_filters.CharFilter(label="Keywords", method="parsed_only")
    stage = multiple(list(STAGES.items()), FILTER_LABELS["stage"])
    closing = single([(str(days), f"In the next {days} days") for days in CLOSING_DAYS], FILTER_LABELS["closing"])
    sme = single([("1", "Yes")], FILTER_LABELS["sme"])
    vcse = single([("1", "Yes")], FILTER_LABELS["vcse"])
    reserved = single(list(RESERVED.items()), FILTER_LABELS["reserved"])
    value = multiple([(key, label) for key, (label, _, _) in VALUE_BANDS.items()], FILTER_LABELS["value"])
    unvalued = single([("include", "Include them"), ("exclude", "Leave them out")], FILTER_LABELS["unvalued"])
    cpv = multiple(list(DIVISIONS.items()), FILTER_LABELS["cpv"])
    location = multiple(functools.partial(vocabulary.choices, "location"), FILTER_LABELS["location"])
    buyer = multiple(functools.partial(vocabulary.choices, "buyer"), FILTER_LABELS["buyer"])
    theme = multiple(functools.partial(vocabulary.choices, "theme"), FILTER_LABELS["theme"])
    regime = multiple(ContractSize.choices, FILTER_LABELS["regime"])
    procedure = multiple(Procedure.choices, FILTER_LABELS["procedure"])
    sort = single(list(SORTS.items()), FILTER_LABELS["sort"])

    per_page = PER_PAGE

    class Meta:
        model = LotEntry
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        self.notices = []
        self.page_notice = ""  # kept apart: the search may move to another page and say so instead
        self.resolved_choices = {}
        kwargs.setdefault("queryset", LotEntry.objects.none())
        super().__init__(self.clean_data(data), *args, **kwargs)
        # Choices are resolved once, and only for parameters the request carries.
        for name, choices in self.resolved_choices.items():
            self.filters[name].extra["choices"] = choices

    def parsed_only(self, queryset, name, value):
        """Filtering happens in the search backend."""
        return queryset

    def clean_data(self, data):
        """Copy the raw parameters, dropping each bad value with a notice instead of failing the form."""
        cleaned = data.copy() if data is not None else None
        if cleaned is None:
            return None
        for name in list(cleaned.keys()):
            if name not in self.base_filters and name != "page":
                cleaned.pop(name)
        self.clean_keywords(cleaned)
        self.clean_page(cleaned)
        for name, flt in self.base_filters.items():
            if name == "q" or name not in cleaned:
                continue
            self.resolved_choices[name] = self.choices_of(flt)
            allowed = {str(key) for key, _ in self.resolved_choices[name]}
            values = [value.strip() for value in cleaned.getlist(name)]
            kept = list(dict.fromkeys(v for v in values if v in allowed))
            dropped = [v for v in values if v and v not in allowed]
            if dropped:
                shown = ", ".join(f"“{CONTROL_CHARACTERS.sub('', v)[:40]}”" for v in dropped[:3])
                self.notices.append(
                    f"We ignored {shown} in “{FILTER_LABELS[name]}” because it is not one of the choices."
                )
            if isinstance(flt, django_filters.MultipleChoiceFilter):
                cleaned.setlist(name, kept)
            elif kept:
                cleaned.setlist(name, kept[:1])
            else:
                cleaned.pop(name)
        return cleaned

    def clean_keywords(self, data):
        text = " ".join(CONTROL_CHARACTERS.sub(" ", " ".join(data.getlist("q"))).split())
        if len(text) > MAX_QUERY_LENGTH:
            text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
            self.notices.append(
                f"Your search words were too long, so we used only the first {MAX_QUERY_LENGTH} characters."
            )
        data.setlist("q", [text] if text else [])

    def clean_page(self, data):
        raw = data.get("page", "1").strip()
        page = int(raw) if raw.isdigit() and len(raw) < 8 else None
        if page is None or page < 1:
            self.page_notice = "That page number does not exist, so we are showing the first page."
            page = 1
        elif page > MAX_PAGE:
            self.page_notice = f"We show at most {MAX_PAGE} pages of results, so we are showing page {MAX_PAGE}."
            page = MAX_PAGE
        data.setlist("page", [str(page)])
        self.page = page

    @staticmethod
    def choices_of(flt):
        choices = flt.extra.get("choices", [])
        return choices() if callable(choices) else choices

    @cached_property
    def choice_labels(self):
        """{value: label} of each filter the request used, for selected options a facet no longer lists."""
        return {name: {str(k): v for k, v in choices} for name, choices in self.resolved_choices.items()}

    def cleaned_values(self):
        """{name: value} as the form's `cleaned_data` would give them. `clean_data` has already kept only
        valid choices, so building and validating the form (a deep copy of every field and its choices,
        the costliest step of parsing a request) would change nothing."""
        return {
            name: self.data.getlist(name)
            if isinstance(flt, django_filters.MultipleChoiceFilter)
            else self.data.get(name, "")
            for name, flt in self.base_filters.items()
        }

    def search_query(self, **overrides):
        """The validated `SearchQuery`."""
        return query_from_values(
            self.cleaned_values(), **{"page": getattr(self, "page", 1), "per_page": self.per_page, **overrides}
        )

    def saved_values(self):
        """The valid parameters that say which lots a search finds (not the sort or the page), as a JSON-ready
        dict: what an alert made from this search keeps, and gives back to `query_from_values`."""
        return {
            name: value
            for name, value in self.cleaned_values().items()
            if name in SAVED_PARAMETERS and value not in ("", [])
        }


# The parameters that choose lots, as opposed to ordering or paging them.
SAVED_PARAMETERS = ("q", *(name for name in FinderFilterSet.base_filters if name not in ("q", "sort")))


def query_from_values(data, **fields):
    """A `SearchQuery` from valid parameters ({name: list of strings for the many-valued filters, a string
    for the others}, as `cleaned_values` gives them); `fields` sets any other field of the query."""
    closing = data.get("closing")
    return SearchQuery(
        **{
            "text": data.get("q") or "",
            "stage": tuple(data.get("stage") or DEFAULT_STAGES),
            "closing": int(closing) if closing else None,
            "sme": data.get("sme") == "1",
            "vcse": data.get("vcse") == "1",
            "reserved": data.get("reserved") or "",
            "value": tuple(data.get("value") or ()),
            "unvalued": data.get("unvalued") or "include",
            "cpv": tuple(data.get("cpv") or ()),
            "location": tuple(data.get("location") or ()),
            "buyer": tuple(data.get("buyer") or ()),
            "theme": tuple(data.get("theme") or ()),
            "regime": tuple(data.get("regime") or ()),
            "procedure": tuple(data.get("procedure") or ()),
            "sort": data.get("sort") or "relevance",
            **fields,
        }
    )
