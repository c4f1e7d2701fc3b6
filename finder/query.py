"""The plain value objects that travel between the filter form, the search backends and the template.

`SearchQuery` says what the supplier asked for; `Results` is what every backend returns. Both are
backend-neutral so that one contract test suite can check every backend against the same expectations.
"""

import datetime
from dataclasses import dataclass, field

from opportunities.procurement_act import ContractSize, current_stage
from portal import clock

DEFAULT_STAGES = ("open", "pipeline")
STAGES = {
    "open": "Open for bids",
    "pipeline": "Pipeline (planned, not open yet)",
    "closed": "Closed for bids",
    "awarded": "Awarded",
}
VALUE_BANDS = {
    "under-25k": ("Under £25,000", None, 25_000),
    "25k-100k": ("£25,000 to £100,000", 25_000, 100_000),
    "100k-500k": ("£100,000 to £500,000", 100_000, 500_000),
    "500k-plus": ("£500,000 or more", 500_000, None),
}
CLOSING_DAYS = (7, 14, 30)
RESERVED = {
    "sme": "Reserved for small and medium-sized businesses",
    "vcse": "Reserved for charities, social enterprises and co-ops",
    "local": "Reserved for local suppliers",
}
SORTS = {"relevance": "Best match", "closing": "Closing soonest", "newest": "Newest", "value": "Highest value"}
PER_PAGE = 20
MAX_QUERY_LENGTH = 200

# What each fixed-choice facet option is called, whichever backend counts it.
FIXED_OPTION_LABELS = {
    "stage": STAGES,
    "closing": {str(days): f"Closing in the next {days} days" for days in CLOSING_DAYS},
    "sme": {"1": "Suitable for small and medium-sized businesses (SMEs)"},
    "vcse": {"1": "Suitable for charities, social enterprises and co-ops (VCSEs)"},
    "reserved": RESERVED,
    "value": {**{band: label for band, (label, _, _) in VALUE_BANDS.items()}, "unvalued": "No value stated"},
    "regime": dict(ContractSize.choices),
}


def procedure_choices():
    """The procedures an opportunity may use, from the opportunities app (imported late: models)."""
    from opportunities.models import Procedure

    return Procedure.choices


def option_labels():
    """{facet: {option: label}} for every fixed-choice facet, procedures included."""
    return {**FIXED_OPTION_LABELS, "procedure": dict(procedure_choices())}


# Filters in the order the form shows them; each name is also a URL parameter.
FILTER_NAMES = (
    "stage",
    "closing",
    "sme",
    "vcse",
    "reserved",
    "value",
    "cpv",
    "location",
    "buyer",
    "theme",
    "regime",
    "procedure",
)


@dataclass(frozen=True)
class SearchQuery:
    """What a supplier asked for, already validated: keywords, filters, sort order and page."""

    text: str = ""
    stage: tuple = DEFAULT_STAGES
    closing: int | None = None
    sme: bool = False
    vcse: bool = False
    reserved: str = ""
    value: tuple = ()
    unvalued: str = "include"
    cpv: tuple = ()
    location: tuple = ()
    buyer: tuple = ()
    theme: tuple = ()
    regime: tuple = ()
    procedure: tuple = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    now: datetime.datetime = field(default_factory=clock.now, compare=False)

    def is_active(self, name):
        """Whether a filter narrows the results (the default stages count as no filter)."""
        if name == "stage":
            return bool(self.stage) and set(self.stage) != set(STAGES)
        if name == "value":
            return bool(self.value) or self.unvalued == "exclude"
        return bool(getattr(self, name))

    def selected(self, name):
        """The selected values of a filter as strings, the way the URL carries them."""
        value = getattr(self, name)
        if value is None or value == "" or value is False:
            return set()
        if value is True:
            return {"1"}
        if isinstance(value, int | str):
            return {str(value)}
        return set(value)

    def active_filters(self):
        return [name for name in FILTER_NAMES if self.is_active(name)]

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    @property
    def effective_sort(self):
        """Relevance needs keywords; without them the newest come first."""
        return "newest" if self.sort == "relevance" and not self.text else self.sort


@dataclass
class LotHit:
    lot_id: int | str  # an opportunity's lot id, or an external lot's key
    number: int
    title: str
    title_html: str
    description_html: str
    value_min: object
    value: object
    suitable_for_sme: bool
    suitable_for_vcse: bool
    reserved: str


@dataclass
class OpportunityHit:
    opportunity_id: int  # the group: an opportunity's id, or below 0 an external item (a subcontract)
    title: str
    url: str
    reference: str
    buyer_name: str
    buyer_slug: str
    summary_html: str
    stage: str
    procedure: str
    published_date: object
    submission_deadline: object
    lot_count: int
    lots: list = field(default_factory=list)
    source: str = ""  # empty for an opportunity; "subcontract" for a prime's subcontract
    headline: str = ""  # "Subcontract: via {prime}, for {anchor}"


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Results:
    """What a backend found: one page of opportunities with their matching lots, totals and facets."""

    query: SearchQuery
    hits: list
    total_lots: int
    total_opportunities: int
    facets: dict
    backend: str = "database"
    # With no results, {filter name: lots that removing only that filter would show}, when the backend
    # found them with the search itself (None: ask `counts_without`).
    counts_without: dict | None = None

    @property
    def pages(self):
        return page_count(self.total_opportunities, self.query.per_page)


def page_count(opportunities, per_page):
    """Pages of results for that many opportunities: at least one, even when it is empty."""
    return max(1, -(-opportunities // per_page))


# The finder's four stages for each stage a supplier sees (`procurement_act.current_stage`).
FINDER_STAGES = {
    "open": "open",
    "pipeline": "pipeline",
    "market_engagement": "pipeline",
    "awarded": "awarded",
    "evaluation": "closed",
    "cancelled": "closed",
}


def derived_stage(stage, submission_deadline, now):
    """The finder's four stages from the stored stage and the deadline: the Act's `current_stage` (an open
    notice past its deadline is in evaluation), grouped. The backends apply the same deadline test in SQL,
    bitsets and Elasticsearch queries; the contract suite holds them to it."""
    return FINDER_STAGES.get(current_stage(stage, submission_deadline, now), "closed")
