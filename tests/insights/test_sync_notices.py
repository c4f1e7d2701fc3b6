"""`sync_notices` against a real HTTP server serving recorded Contracts Finder releases with cursor paging.

The HTTP client is never mocked: requests go to a server on 127.0.0.1 (tests/insights/publisher.py), which
also serves each fault. Waits between attempts are recorded instead of slept.
"""

import copy
import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Revision

from insights.models import BuyerNoticeSettings, NoticeFeed
from insights.ocds.sync import sync_notices
from opportunities.models import Award, Lot, OpportunityPage
from portal import clock
from portal.factories import OrganisationPageFactory
from tests.insights.publisher import Publisher

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "ocds"
DURHAM_OCID = "ocds-b5fd17-8d32d7f9-d329-4b4f-bb2f-d2ce3ba23436"
NORTH_YORKSHIRE_OCID = "ocds-b5fd17-410cff7b-9e7e-465c-9094-6c11a723a5ba"


def recorded(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))["releases"][0]


def recorded_releases():
    """Three real releases: Durham's tender, Ofwat's (outside the partnership), North Yorkshire's award."""
    return [
        recorded("contracts-finder-2025-durham-tender.json"),
        recorded("contracts-finder-2018-ofwat-framework-award.json"),
        recorded("contracts-finder-2025-north-yorkshire-award.json"),
    ]


@pytest.fixture
def partnership(buyers_index):
    durham = OrganisationPageFactory(parent=buyers_index, title="Durham County Council")
    north_yorkshire = OrganisationPageFactory(parent=buyers_index, title="North Yorkshire Council")
    BuyerNoticeSettings.objects.create(organisation=durham, publish_automatically=True)
    return {"durham": durham, "north_yorkshire": north_yorkshire}


@pytest.fixture
def publisher(settings):
    with Publisher(recorded_releases(), page_size=2) as running:
        settings.NOTICES_SOURCE_URL = running.url
        yield running


def run(waits=None):
    lines = []
    report = sync_notices(progress=lines.append, sleep=(waits if waits is not None else []).append)
    report.lines = lines
    return report


def state():
    """What a run can change: opportunities, their lots and awards, and page revisions."""
    return (
        sorted(OpportunityPage.objects.values_list("pk", "title", "live", "stage")),
        sorted(Lot.objects.values_list("pk", "opportunity_id", "ocds_id")),
        sorted(Award.objects.values_list("pk", "award_id", "value")),
        Revision.objects.count(),
    )


def test_first_run_brings_in_the_partnerships_notices_as_each_buyer_chooses(publisher, partnership):
    report = run()
    assert report.stopped == "" and report.faults == []
    assert (report.pages, report.releases) == (2, 3)
    assert report.imports.imported == 2
    assert dict(report.imports.outside_partnership) == {"Water Services Regulation Authority (Ofwat)": 1}
    assert report.lines[0].startswith("Page 1: 2 releases")  # progress, page by page

    durham = OpportunityPage.objects.get(ocds_identity__ocid=DURHAM_OCID)
    north_yorkshire = OpportunityPage.objects.get(ocds_identity__ocid=NORTH_YORKSHIRE_OCID)
    assert durham.live  # Durham publishes new notices at once
    assert not north_yorkshire.live  # North Yorkshire checks them as drafts first (the default)
    assert north_yorkshire.buyer == partnership["north_yorkshire"]
    assert Award.objects.get(lot__opportunity=north_yorkshire).value == Decimal("75000.00")
    # The first page asked for everything, a page at a time; the second followed links.next.
    assert publisher.requests[0].endswith("?limit=100")
    assert "cursor=1" in publisher.requests[1]
    assert BuyerNoticeSettings.objects.get(organisation=partnership["north_yorkshire"]).last_report == {
        "opportunities_changed": 1,
        "stopped": "",
        "faults": 0,
    }


def test_a_second_run_changes_nothing_and_an_incremental_run_reads_only_what_changed(publisher, partnership):
    run()
    before = state()
    feed = NoticeFeed.objects.get(url=publisher.url)
    assert feed.updated_from is not None and feed.next_url == ""

    again = run()
    assert again.imports.imported == 0
    assert state() == before
    assert "updatedFrom=" in publisher.requests[-1]  # it started from where the last complete run began

    # North Yorkshire corrects its award notice: only that release is new.
    update = copy.deepcopy(recorded("contracts-finder-2025-north-yorkshire-award.json"))
    update.update(id="49dfd038-award-update", date="2025-03-01T10:00:00Z", tag=["awardUpdate"])
    update["awards"][0]["value"]["amount"] = 78000
    publisher.publish(update, updated_at=clock.now() + datetime.timedelta(minutes=1))
    incremental = run()
    assert (incremental.releases, incremental.imports.imported) == (1, 1)
    [award] = Award.objects.filter(lot__opportunity__ocds_identity__ocid=NORTH_YORKSHIRE_OCID)
    assert award.value == Decimal("78000.00")
    assert OpportunityPage.objects.count() == 2


@pytest.mark.parametrize(
    ("fault", "reported"),
    [
        ("timeout", "no answer in time"),
        ("429", "too many requests (429)"),
        ("503", "a server error (503)"),
        ("truncated", "JSON that was cut short or malformed"),
        ("repeat", "the same page as before"),
    ],
)
def test_each_fault_is_retried_reported_and_loses_or_doubles_nothing(publisher, partnership, settings, fault, reported):
    settings.NOTICES_TIMEOUT = 0.5
    settings.NOTICES_LONGEST_WAIT = 30
    waits = []
    publisher.faults = [None, fault]  # the first page is served cleanly; the fault hits the second
    report = run(waits)

    assert report.stopped == ""
    assert len(report.faults) == 1 and reported in report.faults[0] and "attempt 1 of 3" in report.faults[0]
    assert any(reported in line for line in report.lines)
    assert waits == [7.0] if fault == "429" else waits == [settings.NOTICES_FIRST_WAIT]  # Retry-After honoured
    assert report.imports.imported == 2
    assert OpportunityPage.objects.count() == 2
    assert Award.objects.count() == 1


def test_a_run_that_gives_up_resumes_from_the_page_it_stopped_at(publisher, partnership):
    publisher.faults = [None, "500", "500", "500"]  # the second page fails on every attempt
    out = StringIO()
    with pytest.raises(CommandError, match="after 3 attempts"):
        call_command("sync_notices", stdout=out)
    assert "Page 1: 2 releases" in out.getvalue()
    feed = NoticeFeed.objects.get(url=publisher.url)
    assert "cursor=1" in feed.next_url
    assert feed.updated_from is None  # the pass is not complete
    assert OpportunityPage.objects.count() == 1  # page 1's notices are in

    report = run()
    assert report.stopped == ""
    assert "cursor=1" in publisher.requests[-1] and report.pages == 1  # it carried on from the page that failed
    assert OpportunityPage.objects.count() == 2
    assert NoticeFeed.objects.get(url=publisher.url).updated_from is not None


def test_what_the_buyer_added_in_the_portal_is_never_overwritten(publisher, partnership):
    run()
    opportunity = OpportunityPage.objects.get(ocds_identity__ocid=DURHAM_OCID)
    opportunity.summary = "We need stewards for a weekend road closure in Durham."
    opportunity.insurance = "Public liability insurance of £5 million."
    opportunity.save_revision().publish()
    lot = opportunity.lots.get()  # events and alerts point at lots: an update keeps them

    update = copy.deepcopy(recorded("contracts-finder-2025-durham-tender.json"))
    update.update(id="aac989dd-update", date="2025-02-01T10:00:00Z", tag=["tenderUpdate"])
    update["tender"]["title"] = "Crowd management and stewarding, Claypath (weekend closure)"
    update["tender"]["description"] = "A long new notice text."
    publisher.publish(update, updated_at=clock.now() + datetime.timedelta(minutes=1))
    run()

    opportunity = OpportunityPage.objects.get(pk=opportunity.pk)
    assert opportunity.title == "Crowd management and stewarding, Claypath (weekend closure)"
    assert opportunity.summary == "We need stewards for a weekend road closure in Durham."
    assert opportunity.insurance == "Public liability insurance of £5 million."
    assert opportunity.lots.get().pk == lot.pk


def test_the_buyers_admin_button_brings_notices_in_and_others_are_refused(
    client, publisher, partnership, buyer_of, other_organisation
):
    durham = partnership["durham"]
    client.force_login(buyer_of(durham))
    url = f"/admin/notices/{durham.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Bring in notices now" in page.content.decode()

    response = client.post(url, {"action": "sync"}, follow=True)
    assert response.status_code == 200
    assert OpportunityPage.objects.filter(ocds_identity__ocid=DURHAM_OCID).exists()
    assert "1 of your opportunities were added or changed" in response.content.decode()

    client.post(url, {"publish_automatically": ""})
    assert not BuyerNoticeSettings.objects.get(organisation=durham).publish_automatically

    # Another buyer is turned away (Wagtail sends them to the dashboard with a message) and changes nothing.
    client.force_login(buyer_of(other_organisation))
    assert client.get(url).status_code == 302
    client.post(url, {"publish_automatically": "on"})
    assert not BuyerNoticeSettings.objects.get(organisation=durham).publish_automatically
