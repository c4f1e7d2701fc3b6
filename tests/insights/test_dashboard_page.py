"""The insights page as a visitor meets it: filters, bad query strings, charts with text alternatives."""

import re

import pytest

from insights.models import InsightsPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"anchor": "no-such-council"}, "We could not find that organisation"),
        ({"start": "2025-Q7"}, "A year has four quarters"),
        ({"start": "0000-Q1"}, "Choose a year from 1900 to 2100"),
        ({"end": "9999-Q4"}, "Choose a year from 1900 to 2100"),
        ({"end": "last tuesday"}, "Choose a quarter from the list"),
        ({"start": "2025-Q3", "end": "2025-Q1"}, "The end quarter must be the same as or after the start quarter"),
    ],
)
def test_bad_filters_get_a_message_and_a_400(clock_at, client, awards_fixture, params, message):
    clock_at("2025-12-01 10:00")  # the form offers the last five years' quarters
    response = client.get("/insights/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error:" in html
    # What the visitor chose is kept in the form.
    for value in params.values():
        if value in ("2025-Q3", "2025-Q1"):
            assert f'value="{value}" selected' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [({"anchor": "nobody"}, "We could not find that organisation"), ({"start": "0000-Q1"}, "Choose a year from")],
)
def test_bad_filters_on_a_csv_are_a_400_with_the_message(client, awards_fixture, params, message):
    response = client.get("/insights/data/by-quarter.csv", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_unknown_table_is_a_404(client, awards_fixture):
    assert client.get("/insights/data/nothing.csv").status_code == 404


def test_each_chart_has_a_text_alternative_a_table_and_a_csv_link(client, awards_fixture, organisation):
    html = client.get("/insights/", {"anchor": organisation.slug}).content.decode()
    charts = re.findall(r'<svg role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) == 3
    for labelledby in charts:
        title_id, desc_id = labelledby.split()
        assert f'<title id="{title_id}">' in html
        assert f'<desc id="{desc_id}">' in html
    for slug in ("by-quarter", "suppliers", "by-division"):
        assert f'id="table-{slug}"' in html
        assert f'href="/insights/data/{slug}.csv?anchor={organisation.slug}"' in html
    assert "Northshire Borough Council, all time. Bar chart" in html


def test_no_awards_says_so(client, insights_page):
    html = client.get("/insights/").content.decode()
    assert "No contracts were awarded for what you chose." in html


def test_insights_page_rules(home):
    assert InsightsPage.max_count == 1
    assert InsightsPage.parent_page_types == ["portal.HomePage"]
    assert InsightsPage.subpage_types == []
