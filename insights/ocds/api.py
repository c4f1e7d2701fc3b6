"""Query-string handling for the OCDS API: date ranges and opaque paging cursors."""

import datetime

from django.core import signing
from django.db.models import Exists, OuterRef, Q

CURSOR_SALT = "insights.ocds.cursor"


class BadRequest(ValueError):
    """A problem with the query string, with a message for the person who wrote it."""


def parse_date(params, name):
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"'{name}' must be a date written as YYYY-MM-DD, like 2025-04-01.") from None


def date_range(params):
    start, end = parse_date(params, "from"), parse_date(params, "to")
    if start and end and start > end:
        raise BadRequest("'from' must be on or before 'to'.")
    return start, end


def make_cursor(last_pk):
    return signing.dumps({"after": last_pk}, salt=CURSOR_SALT, compress=True)


def read_cursor(params):
    text = params.get("cursor", "").strip()
    if not text:
        return None
    try:
        after = signing.loads(text, salt=CURSOR_SALT)["after"]
    except (signing.BadSignature, KeyError, TypeError):
        raise BadRequest("This cursor is not one we gave out. Use the 'next' link from the previous page.") from None
    if not isinstance(after, int):
        raise BadRequest("This cursor is not one we gave out. Use the 'next' link from the previous page.")
    return after


def touched_between(start, end):
    """Opportunities with a notice event in the range, as a database filter applied before releases are built.

    A day wider at each end, because release dates are in UTC and the database compares local dates;
    `release_in_range` then keeps the exact releases.
    """
    from opportunities.models import Award

    if start is None and end is None:
        return Q()
    day = datetime.timedelta(days=1)
    # Clamped: 0001-01-01 and 9999-12-31 are fair ways to say "no limit", and have no day beyond them.
    low = max(start, datetime.date.min + day) - day if start else None
    high = min(end, datetime.date.max - day) + day if end else None

    def within(field, suffix="__date"):
        condition = Q()
        if low is not None:
            condition &= Q(**{f"{field}{suffix}__gte": low})
        if high is not None:
            condition &= Q(**{f"{field}{suffix}__lte": high})
        return condition

    awards = Award.objects.filter(within("award_date", suffix=""), lot__opportunity=OuterRef("pk"))
    return within("published_date") | within("first_published_at") | within("last_published_at") | Q(Exists(awards))


def release_in_range(release, start, end):
    day = datetime.datetime.fromisoformat(release["date"].replace("Z", "+00:00")).date()
    return (start is None or day >= start) and (end is None or day <= end)
