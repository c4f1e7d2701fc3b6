"""Bringing OCDS releases published elsewhere into the portal: `import_ocds` (files) and `sync_notices` (an
OCDS publisher's API) share this importer.

Each release is checked against the OCDS schema (dates included) and applied in its own transaction: one
that fails is refused whole with its reason, and the rest carry on. A release already imported (same ocid
and release id, recorded in ImportedRelease) is skipped, so importing again changes nothing. Releases whose
buyer is outside the partnership are skipped and counted (or, with `add_buyers`, get a draft organisation
page). Record packages are read whether their releases are embedded or linked: with linked releases, the
record's compiled release is what is applied.
"""

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from finder import indexing

from .. import summary
from ..models import ImportedRelease
from . import schema
from .buyers import add_buyer, buyer_name, buyer_party, find_buyer
from .mapping import apply_release
from .values import Rejected, parse_datetime

logger = logging.getLogger(__name__)

EVENT_ORDER = ["planning", "planningUpdate", "tender", "tenderUpdate", "tenderAmendment", "award", "awardUpdate"]


@dataclass
class ImportReport:
    imported: int = 0
    already_imported: int = 0
    rejected: list = field(default_factory=list)  # (source, release id or "", reason)
    outside_partnership: Counter = field(default_factory=Counter)  # buyer name: releases skipped
    buyers_added: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # (release id, what was left out)
    opportunities: set = field(default_factory=set)  # pks created or changed

    def reject(self, source, release_id, reason):
        self.rejected.append((source, release_id, reason))
        logger.warning("Rejected OCDS release %s from %s: %s", release_id or "(no id)", source, reason)

    @property
    def skipped(self):
        return sum(self.outside_partnership.values())

    def as_dict(self):
        """Plain data, to keep with a sync run."""
        return {
            "imported": self.imported,
            "already_imported": self.already_imported,
            "skipped_outside_partnership": self.skipped,
            "buyers_added": list(self.buyers_added),
            "rejected": [{"source": s, "release": r, "reason": why} for s, r, why in self.rejected],
            "notes": [{"release": r, "note": note} for r, note in self.notes],
        }


def json_files(path):
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*.json") if p.is_file())
    return [path]


def _record_releases(record):
    """A record's releases: embedded ones as they are; linked ones (a url, no content) by the compiled release."""
    releases = [release for release in record.get("releases") or [] if isinstance(release, dict)]
    embedded = [release for release in releases if "ocid" in release and "url" not in release]
    if embedded:
        return embedded
    compiled = record.get("compiledRelease")
    return [compiled] if isinstance(compiled, dict) else []


def releases_in(data):
    """The releases of a release package, or of each record of a record package."""
    if isinstance(data, dict) and isinstance(data.get("releases"), list):
        return data["releases"]
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        records = [record for record in data["records"] if isinstance(record, dict)]
        return [release for record in records for release in _record_releases(record)]
    raise Rejected("This is neither a release package nor a record package.")


def read_file(path, report):
    """(source, release) pairs from one file; a file that cannot be read is reported and skipped."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        releases = releases_in(data)
    except (OSError, UnicodeDecodeError) as error:
        report.reject(str(path), "", f"The file could not be read ({error}).")
        return []
    except json.JSONDecodeError as error:
        report.reject(str(path), "", f"The file is not valid JSON (line {error.lineno}: {error.msg}).")
        return []
    except Rejected as error:
        report.reject(str(path), "", str(error))
        return []
    return [(f"{path} (release {position})", release) for position, release in enumerate(releases, start=1)]


def release_id(release):
    return str(release.get("id", "")) if isinstance(release, dict) else ""


def check(release, validator):
    """Plain reasons why a release cannot be read, or [] (the schema checks types and date formats)."""
    if not isinstance(release, dict):
        return ["a release must be a JSON object"]
    missing = [name for name in ("ocid", "id", "date", "tag") if not release.get(name)]
    if missing:
        return [f"missing {', '.join(missing)}"]
    return schema.errors(validator, release)


def _event_rank(release):
    """Where a release's event comes in a contracting process, for releases published at the same moment."""
    ranks = [EVENT_ORDER.index(tag) if tag in EVENT_ORDER else len(EVENT_ORDER) for tag in release["tag"]]
    return max(ranks, default=len(EVENT_ORDER))


def import_releases(pairs, report=None, progress=print, add_buyers=False, publish_for=None, schema_dir=None):
    """Check, order and apply (source, release) pairs; return the ImportReport.

    `publish_for(organisation)` says whether that buyer's new opportunities are published (default: yes).
    """
    report = report or ImportReport()
    validator = schema.validators(str(schema_dir or schema.schema_dir()))[0]
    candidates = []
    for source, release in pairs:
        problems = check(release, validator)
        if problems:
            report.reject(source, release_id(release), "Schema errors: " + "; ".join(problems))
            continue
        candidates.append((source, release))
    # Oldest first, so each contracting process ends in the state of its latest release.
    candidates.sort(key=lambda pair: (parse_datetime(pair[1]["date"]), _event_rank(pair[1]), release_id(pair[1])))
    with summary.one_refresh_at_the_end(), indexing.each_refresh_once_at_the_end():
        for number, (source, release) in enumerate(candidates, start=1):
            _apply_one(source, release, report, add_buyers, publish_for)
            if number % 50 == 0 or number == len(candidates):
                progress(f"  {number}/{len(candidates)} releases checked")
    return report


def _apply_one(source, release, report, add_buyers, publish_for):
    if ImportedRelease.objects.filter(ocid=release["ocid"], release_id=release_id(release)).exists():
        report.already_imported += 1
        return
    party = buyer_party(release)
    if party is None:
        report.reject(source, release_id(release), "The release names no buyer.")
        return
    added = None
    try:
        with transaction.atomic():
            buyer = find_buyer(party)
            if buyer is None and add_buyers:
                buyer = added = add_buyer(party)
            if buyer is None:
                report.outside_partnership[buyer_name(party)] += 1
                return
            publish = True if publish_for is None else publish_for(buyer)
            opportunity, notes = apply_release(release, buyer, publish=publish)
        if added is not None:
            report.buyers_added.append(added.title)
        report.imported += 1
        report.opportunities.add(opportunity.pk)
        report.notes += [(release_id(release), note) for note in notes]
    except Rejected as error:
        report.reject(source, release_id(release), str(error))


def import_ocds(path, progress=print, schema_dir=None, add_buyers=False):
    """Import every release in a file or folder of OCDS packages; return an ImportReport."""
    report = ImportReport()
    pairs = [pair for file in json_files(path) for pair in read_file(file, report)]
    return import_releases(pairs, report, progress=progress, add_buyers=add_buyers, schema_dir=schema_dir)
