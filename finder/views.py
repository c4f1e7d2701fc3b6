"""The finder page's request handling: thin steps from the URL to the rendered results."""

from django.template.response import TemplateResponse

from . import backends
from .filters import FILTER_LABELS, FinderFilterSet
from .models import IndexVersion
from .query import DEFAULT_STAGES, FILTER_NAMES, SORTS, STAGES, FacetOption


def run_search(params):
    """Parse URL parameters and search: (filterset, results, notices). Shared by the page, feed and API.

    The index version is read once for both steps, so the choices the filters accept and the search come
    from the same version at the cost of one query."""
    with IndexVersion.pinned():
        filterset = FinderFilterSet(params)
        query = filterset.search_query()
        results = backends.search(query)
        if results.query.page > results.pages:  # a backend that does not move to the last page itself
            results = backends.search(filterset.search_query(page=results.pages))
    notices = list(filterset.notices)
    if results.query.page != query.page:  # the page shown is the last one, whatever page was asked for
        notices.append(
            f"There are only {results.pages} pages of results, so we are showing the last one."
            if results.pages > 1
            else "There is only 1 page of results, so we are showing it."
        )
    elif filterset.page_notice:
        notices.append(filterset.page_notice)
    return filterset, results, notices


def serve_finder(request, page):
    filterset, results, notices = run_search(request.GET)
    context = page.get_context(request)
    context.update(
        {
            "filterset": filterset,
            "results": results,
            "notices": notices,
            "facets": complete_facets(results, filterset),
            **form_options(results),
            "suggestions": suggestions(request.GET, results) if not results.total_lots else [],
            "active_filters": removable_filters(request.GET, results.query, filterset),
            "pagination": pagination(request.GET, results),
            # For the feed and alert links, which always start from the first page.
            "query_string": query_without_page(request.GET),
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


def query_without_page(params):
    copy = params.copy()
    copy.pop("page", None)
    return copy.urlencode()


def form_options(results):
    """Options for the filters that need more than a list of counted checkboxes."""
    query, facets = results.query, results.facets
    value = [option for option in facets["value"] if option.value != "unvalued"]
    unvalued_count = next(option.count for option in facets["value"] if option.value == "unvalued")
    return {
        "closing_options": [
            FacetOption("", "Any closing date", None, not query.closing),
            *facets["closing"],
        ],
        "reserved_options": [FacetOption("", "Show every lot", None, not query.reserved), *facets["reserved"]],
        "value_options": value,
        "unvalued_options": [
            FacetOption("include", "Include them", unvalued_count, query.unvalued == "include"),
            FacetOption("exclude", "Leave them out", None, query.unvalued == "exclude"),
        ],
        # Every option, with its count: a supplier learns how many lots follow each set of rules.
        "regime_options": facets["regime"],
        "procedure_options": [option for option in facets["procedure"] if option.count or option.selected],
        "sorts": list(SORTS.items()),
    }


def complete_facets(results, filterset):
    """Facet options, plus any selected option that no longer has a count (so it can be unticked)."""
    facets = {}
    for name, options in results.facets.items():
        options = list(options)
        listed = {option.value for option in options}
        selected = getattr(results.query, name)
        selected = selected if isinstance(selected, tuple) else ()
        labels = filterset.choice_labels.get(name, {})
        options += [FacetOption(value, labels.get(value, value), 0, True) for value in selected if value not in listed]
        facets[name] = options
    return facets


def url_without(params, name):
    """The current URL without one filter. Without a stage the default applies, so removing the stage
    filter means choosing every stage."""
    copy = params.copy()
    for key in [name, "page"] + (["unvalued"] if name == "value" else []):
        copy.pop(key, None)
    if name == "stage":
        copy.setlist("stage", list(STAGES))
    return "?" + copy.urlencode()


def removable_filters(params, query, filterset):
    """Each filter the supplier chose, with a link that removes it, naming what it is set to ("Location
    (Preston)"). The stages the form starts with ticked are not a choice, though a form sent without
    JavaScript carries them."""
    return [
        {"name": name, "label": filter_label(name, query, filterset), "url": url_without(params, name)}
        for name in FILTER_NAMES
        if query.is_active(name)
        and name in params
        and not (name == "stage" and set(query.stage) == set(DEFAULT_STAGES))
    ]


def filter_label(name, query, filterset):
    selected = query.selected(name) if name not in ("sme", "vcse") else set()
    chosen = [label for value, label in filterset.choice_labels.get(name, {}).items() if value in selected]
    return f"{FILTER_LABELS[name]} ({', '.join(chosen)})" if chosen else FILTER_LABELS[name]


def suggestions(params, results):
    """For an empty result: each filter the supplier set, with how many lots removing it alone would show."""
    names = [name for name in results.query.active_filters() if name in params]
    counts = results.counts_without
    if counts is None:
        counts = backends.get_backend().counts_without(results.query, names) if names else {}
    found = [
        {"name": name, "label": FILTER_LABELS[name], "url": url_without(params, name), "count": counts.get(name, 0)}
        for name in names
    ]
    return sorted(found, key=lambda item: -item["count"])


def pagination(params, results):
    """GOV.UK pagination items: previous, next and numbered pages with ellipses."""
    current, last = results.query.page, results.pages
    if last <= 1:
        return None

    def link(number):
        copy = params.copy()
        copy["page"] = str(number)
        return "?" + copy.urlencode()

    numbers = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    items, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": link(number), "current": number == current})
        previous = number
    return {
        "items": items,
        "previous": link(current - 1) if current > 1 else None,
        "next": link(current + 1) if current < last else None,
    }
