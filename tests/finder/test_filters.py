"""The finder's parameter parsing: `search_query` reads the cleaned parameters without building the form."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.http import QueryDict

from finder.filters import FinderFilterSet

from .test_finder_page import PARAMETERS, hostile_text

pytestmark = pytest.mark.django_db
VALID = [
    "open",
    "closed",
    "30",
    "1",
    "vcse",
    "under-25k",
    "exclude",
    "55",
    "preston",
    "local-jobs",
    "below_threshold_open",
]
values = st.one_of(hostile_text, st.sampled_from(VALID))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(PARAMETERS), st.lists(values, min_size=1, max_size=3)))
def test_cleaned_values_are_what_the_form_would_give(catalogue, params):
    data = QueryDict(mutable=True)
    for name, values in params.items():
        data.setlist(name, values)
    filterset = FinderFilterSet(data)
    assert filterset.form.is_valid()
    assert filterset.cleaned_values() == filterset.form.cleaned_data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "shown", "notice"),
    [
        ("5000", 1000, "We show at most 1000 pages of results, so we are showing page 1000."),
        ("-2", 1, "That page number does not exist, so we are showing the first page."),
        ("3", 3, ""),
    ],
)
def test_page_numbers_are_kept_in_range_with_a_notice(page, shown, notice):
    filterset = FinderFilterSet(QueryDict(f"page={page}"))
    assert filterset.search_query().page == shown
    assert filterset.page_notice == notice
