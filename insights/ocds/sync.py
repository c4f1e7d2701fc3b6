"""`sync_notices`: the partnership's notices from an OCDS publisher's API, through the same importer as files.

The CDP's Find a Tender API (and Contracts Finder's) answers release packages a page at a time: the first
page is asked for with `updatedFrom` (and `limit`), and each page names the next in `links.next` (a cursor)
until the last. The API has no filter by buyer, so every release is read and those whose buyer is outside
the partnership are skipped and counted by the importer.

Where a run has got to is kept in the database (`NoticeFeed`) after every page, so a run that stops on a
fault resumes from that page next time, and a complete run makes the next one start from the moment it
began. Faults (a timeout, 429 Too Many Requests with Retry-After, a 5xx answer, JSON cut short, the same
page again) are retried with waits that double, up to NOTICES_ATTEMPTS attempts, each one reported. Nothing
is lost or doubled: releases already imported are skipped, and the cursor only moves past a page once its
releases are in.
"""

import contextlib
import datetime
import email.utils
import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

import requests
from django_tasks import task

from django.conf import settings
from django.db import connection

from portal import clock
from portal.models import OrganisationPage

from ..models import BuyerNoticeSettings, NoticeFeed
from .importer import ImportReport, import_releases

logger = logging.getLogger(__name__)
LOCK_ID = 8_2026_0014  # any constant: one run per feed at a time on PostgreSQL
# A complete run's next start goes back this far, so a notice updated while the last run read is not missed.
OVERLAP = datetime.timedelta(minutes=10)


class FeedFault(Exception):
    """A page that could not be read after every attempt: the run stops there and resumes there next time."""


@dataclass
class SyncReport:
    source: str
    pages: int = 0
    releases: int = 0
    faults: list = field(default_factory=list)
    stopped: str = ""
    busy: bool = False
    imports: ImportReport = field(default_factory=ImportReport)

    def as_dict(self):
        return {
            "source": self.source,
            "pages": self.pages,
            "releases": self.releases,
            "faults": list(self.faults),
            "stopped": self.stopped,
            **self.imports.as_dict(),
        }


def first_page_url(source, updated_from):
    """The first page: everything updated since the last complete run (or everything, the first time)."""
    params = {"limit": settings.NOTICES_PAGE_SIZE}
    if updated_from is not None:
        params["updatedFrom"] = (updated_from - OVERLAP).astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{source}{'&' if '?' in source else '?'}{urlencode(params)}"


def retry_after(response):
    """Seconds the publisher asks us to wait (Retry-After as seconds or an HTTP date), or None."""
    value = (response.headers.get("Retry-After") or "").strip()
    if value.isdigit():
        return float(value)
    with contextlib.suppress(TypeError, ValueError):
        moment = email.utils.parsedate_to_datetime(value)
        return max(0.0, (moment - clock.now()).total_seconds())
    return None


def _is_package(data):
    return isinstance(data, dict) and isinstance(data.get("releases"), list)


def _same_page(package, previous):
    ids = lambda data: [str(r.get("id")) for r in data["releases"] if isinstance(r, dict)]  # noqa: E731
    return previous is not None and ids(package) == ids(previous) and package.get("links") == previous.get("links")


def fetch_page(session, url, report, progress, sleep, previous=None):
    """The release package at `url`, retrying faults with doubling waits; FeedFault after the last attempt."""
    attempts = settings.NOTICES_ATTEMPTS
    for attempt in range(1, attempts + 1):
        wait = None
        try:
            response = session.get(url, timeout=settings.NOTICES_TIMEOUT, headers={"Accept": "application/json"})
        except requests.Timeout:
            fault = "no answer in time"
        except requests.RequestException as error:
            fault = f"the connection failed ({error.__class__.__name__})"
        else:
            if response.status_code == 429:
                fault, wait = "too many requests (429)", retry_after(response)
            elif response.status_code >= 500:
                fault = f"a server error ({response.status_code})"
            elif response.status_code >= 400:
                raise FeedFault(f"{url} answered {response.status_code}: check NOTICES_SOURCE_URL.")
            else:
                try:
                    package = response.json()
                except ValueError:
                    fault = "JSON that was cut short or malformed"
                else:
                    if not _is_package(package):
                        fault = "something other than a release package"
                    elif _same_page(package, previous):
                        fault = "the same page as before"
                    else:
                        return package
        message = f"{url}: {fault} (attempt {attempt} of {attempts})"
        report.faults.append(message)
        progress(f"  {message}")
        logger.warning("sync_notices: %s", message)
        if attempt < attempts:
            first, longest = settings.NOTICES_FIRST_WAIT, settings.NOTICES_LONGEST_WAIT
            sleep(min(longest, wait if wait is not None else first * 2 ** (attempt - 1)))
    raise FeedFault(f"Stopped at {url} after {attempts} attempts ({fault}). The next run starts from this page.")


def next_page_url(package, url, source):
    """The next page's address from `links.next`, or None on the last page. A link to another host is refused."""
    link = (package.get("links") or {}).get("next") if isinstance(package.get("links"), dict) else None
    if not link:
        return None
    link = urljoin(url, str(link))
    if urlsplit(link).netloc != urlsplit(source).netloc:
        raise FeedFault(f"The next page is on another site ({urlsplit(link).netloc}); the run stopped.")
    return link


@contextlib.contextmanager
def one_run_at_a_time(feed):
    """True while this process holds the feed; False when another run has it (PostgreSQL advisory lock)."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_ID, feed.pk])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_ID, feed.pk])


def publishes_at_once(organisation):
    """The buyer's choice: new opportunities from the CDP published at once, or drafts (the default)."""
    return BuyerNoticeSettings.objects.filter(organisation=organisation, publish_automatically=True).exists()


def sync_notices(source=None, progress=print, session=None, sleep=time.sleep):
    """Read the publisher's new and changed releases from where the last run stopped; return a SyncReport."""
    source = source or settings.NOTICES_SOURCE_URL
    feed, _ = NoticeFeed.objects.get_or_create(url=source)
    report = SyncReport(source=source)
    with one_run_at_a_time(feed) as held:
        if not held:
            report.busy = True
            progress("Another run is reading this feed; nothing was done.")
            return report
        session = session or requests.Session()
        if feed.next_url:
            url = feed.next_url
            progress(f"Resuming from {url}")
        else:
            url = first_page_url(source, feed.updated_from)
            feed.run_started_at = clock.now()
            feed.save(update_fields=["run_started_at"])
        previous = None
        try:
            while url:
                package = fetch_page(session, url, report, progress, sleep, previous)
                releases = package["releases"]
                import_releases(
                    [(url, release) for release in releases],
                    report.imports,
                    progress=lambda message: None,
                    publish_for=publishes_at_once,
                )
                report.pages += 1
                report.releases += len(releases)
                progress(
                    f"Page {report.pages}: {len(releases)} releases; {report.imports.imported} imported, "
                    f"{report.imports.skipped} from buyers outside the partnership so far"
                )
                url, previous = next_page_url(package, url, source), package
                # The page's releases are in: from now on a stopped run resumes after it.
                feed.next_url = url or ""
                feed.save(update_fields=["next_url"])
        except FeedFault as fault:
            report.stopped = str(fault)
            progress(str(fault))
        else:
            feed.updated_from = feed.run_started_at
        feed.last_run_at = clock.now()
        feed.last_report = report.as_dict()
        feed.save()
    _record_for_buyers(report)
    return report


def _record_for_buyers(report):
    """Each buyer's settings keep when notices were last brought in and how many of theirs changed."""
    changed = {}
    for buyer_id in OrganisationPage.objects.filter(opportunities__in=report.imports.opportunities).values_list(
        "pk", flat=True
    ):
        changed[buyer_id] = changed.get(buyer_id, 0) + 1
    now = clock.now()
    for organisation_id in OrganisationPage.objects.values_list("pk", flat=True):
        settings_row, _ = BuyerNoticeSettings.objects.get_or_create(organisation_id=organisation_id)
        settings_row.last_synced_at = now
        settings_row.last_report = {
            "opportunities_changed": changed.get(organisation_id, 0),
            "stopped": report.stopped,
            "faults": len(report.faults),
        }
        settings_row.save(update_fields=["last_synced_at", "last_report"])


@task()
def sync_notices_task():
    """Background task: the admin's "bring in notices now" button queues this."""
    report = sync_notices(progress=lambda message: None)
    return report.as_dict()
