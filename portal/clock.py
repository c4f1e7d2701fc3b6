"""What time it is, for the whole portal: the one place Python code and SQL queries ask.

Every rule that depends on the date (the stage a supplier sees, whether registration is open, what is
due) asks `now()` or `today()` here, and queries pass `now()` in as a parameter rather than using the
database's own `NOW()`. So moving this clock (tests do it with time-machine, which patches the system
clock for every thread) moves Python and SQL together, and the suite can run at any date.
"""

import datetime

from django.db.models import Value
from django.db.models.fields import DateTimeField
from django.utils import timezone


def now() -> datetime.datetime:
    """The current moment, timezone-aware (UTC)."""
    return timezone.now()


def today() -> datetime.date:
    """Today's date in the UK (Europe/London), which is what "today" means to every user of the portal."""
    return timezone.localdate(now())


def sql_now() -> Value:
    """`now()` as a query expression, for annotations and filters that need the moment inside SQL."""
    return Value(now(), output_field=DateTimeField())
