"""The /events/ listing: a FilterSet over live events, upcoming first, with a past events archive."""

import datetime

import django_filters

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from events.models import AttendanceMode, EventPage, EventType, Partner, Registration
from portal import clock
from portal.models import OrganisationPage

PER_PAGE = 20


def month_choices(today=None):
    """The next twelve months, as YYYY-MM values with plain labels."""
    today = today or clock.today()
    choices = []
    year, month = today.year, today.month
    for _ in range(12):
        first = datetime.date(year, month, 1)
        choices.append((first.strftime("%Y-%m"), first.strftime("%B %Y")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


class EventFilter(django_filters.FilterSet):
    """Filters a supplier can combine; every one is a plain GET parameter, so it works without JavaScript."""

    when = django_filters.ChoiceFilter(
        label="Upcoming or past",
        choices=[("upcoming", "Upcoming events"), ("past", "Past events")],
        empty_label=None,
        method="filter_when",
    )
    type = django_filters.ChoiceFilter(
        field_name="event_type", label="Type of event", choices=EventType.choices, empty_label="Any type"
    )
    organiser = django_filters.ModelChoiceFilter(
        label="Organiser",
        queryset=OrganisationPage.objects.live().order_by("title"),
        to_field_name="slug",
        empty_label="Any organiser",
        method="filter_organiser",
    )
    partner = django_filters.ModelChoiceFilter(
        label="Supported by",
        queryset=Partner.objects.all(),
        to_field_name="slug",
        field_name="partners",
        empty_label="Any partner",
    )
    mode = django_filters.ChoiceFilter(
        label="Online or in person",
        choices=[("online", "Online"), ("in_person", "In person")],
        empty_label="Online or in person",
        method="filter_mode",
    )
    month = django_filters.ChoiceFilter(label="Month", empty_label="Any month", method="filter_month")

    class Meta:
        model = EventPage
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("when"):
            data["when"] = "upcoming"
        super().__init__(data, *args, **kwargs)
        self.filters["month"].extra["choices"] = month_choices()
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "govuk-select")

    def filter_when(self, queryset, name, value):
        now = clock.now()
        if value == "past":
            return queryset.filter(start__lte=now).order_by("-start")
        return queryset.filter(start__gt=now).order_by("start")

    def filter_organiser(self, queryset, name, value):
        co_organised = EventPage.co_organisers.through.objects.filter(organisationpage=value).values("eventpage")
        return queryset.filter(Q(organiser=value) | Q(pk__in=co_organised))

    def filter_mode(self, queryset, name, value):
        modes = {
            "online": [AttendanceMode.ONLINE, AttendanceMode.HYBRID],
            "in_person": [AttendanceMode.IN_PERSON, AttendanceMode.HYBRID],
        }[value]
        return queryset.filter(attendance_mode__in=modes)

    def filter_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(start__year=year, start__month=month)


def confirmed_count_subquery():
    """Confirmed places per event as a subquery, so joins added by filters cannot inflate it."""
    confirmed = (
        Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.CONFIRMED)
        .order_by()
        .values("event")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(confirmed), 0)


def public_events():
    """Live events with what a listing row shows, in one query."""
    return EventPage.objects.live().public().select_related("organiser").annotate(confirmed=confirmed_count_subquery())


def events_to_come():
    """Live public events that have not started yet."""
    return public_events().filter(start__gt=clock.now())


class EventListing:
    """Parse the filters, then page through the matching events."""

    def __init__(self, request):
        self.request = request
        self.filterset = EventFilter(request.GET, queryset=public_events())
        self.is_valid = self.filterset.is_valid()
        self.ref = referral_slug(request)

    @property
    def form(self):
        return self.filterset.form

    @property
    def is_past(self):
        return self.form.cleaned_data.get("when") == "past" if self.is_valid else False

    def events(self):
        queryset = self.filterset.qs if self.is_valid else public_events().filter(start__gt=clock.now())
        return queryset.order_by("-start" if self.is_past else "start")

    def page(self):
        return Paginator(self.events(), PER_PAGE).get_page(self.request.GET.get("page"))

    def query_without_page(self):
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode()


def referral_slug(request):
    """A partner's referral slug from the query string, if it names a real partner."""
    slug = request.GET.get("ref", "")[:60]
    return slug if slug and Partner.objects.filter(slug=slug).exists() else ""
