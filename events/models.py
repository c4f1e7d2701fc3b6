"""Meet the Buyer events, the partners who bring their members, and the people who register.

An EventPage lives under the organising buyer's OrganisationPage, so Wagtail's page permissions keep
one buyer out of another's events. Registrations are not pages: they are filtered by the organisations
whose buyers group the user belongs to (see events.access).
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from events.admin_forms import EventPageForm
from portal import clock
from portal.blocks import BodyBlock
from portal.models import BasePage, IndexPage, OrganisationPage
from portal.suppliers import SupplierKind, SupplierSize


class Partner(index.Indexed, models.Model):
    """A chamber of commerce, FSB region, growth hub or co-op body that brings its members to events."""

    class Kind(models.TextChoices):
        CHAMBER = "chamber", "Chamber of commerce"
        FSB = "fsb", "Federation of Small Businesses (FSB)"
        GROWTH_HUB = "growth_hub", "Growth hub"
        COOP = "coop", "Co-operative development body"
        OTHER = "other", "Other business support organisation"

    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=60, unique=True, help_text="Used in the partner's web address and referral links. Keep it short."
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    website = models.URLField(blank=True)
    description = models.TextField(max_length=600, blank=True, help_text="Who they help, in one or two sentences.")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("events:partner", args=[self.slug])


class EventType(models.TextChoices):
    MEET_THE_BUYER = "meet_the_buyer", "Meet the buyer"
    MARKET_ENGAGEMENT = "market_engagement", "Market engagement"
    BID_WRITING = "bid_writing", "Bid-writing workshop"
    WEBINAR = "webinar", "Webinar"


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "In person or online"


class AgendaItemBlock(blocks.StructBlock):
    """One line of the agenda: when, what, and who is speaking."""

    time = blocks.TimeBlock(help_text="UK time.")
    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock(required=False, max_length=400)

    class Meta:
        icon = "time"
        template = "events/blocks/agenda_item_block.html"


class EventIndexPage(IndexPage):
    """/events/: every event, upcoming first, with filters, a past events archive and calendar feeds."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "event index page"

    def serve(self, request, *args, **kwargs):
        from events.listing import EventListing

        listing = EventListing(request)
        response = super().serve(request, *args, listing=listing, **kwargs)
        if not listing.is_valid:
            response.status_code = 400
        return response

    def get_context(self, request, *args, listing=None, **kwargs):
        from events.listing import EventListing

        context = super().get_context(request, *args, **kwargs)
        # serve() passes the listing it checked; previews in the admin come here without one.
        context["listing"] = listing or EventListing(request)
        return context


class EventPage(BasePage):
    """A Meet the Buyer day, market engagement session, bid-writing workshop or webinar."""

    organiser = models.ForeignKey(
        OrganisationPage,
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="events",
        help_text="Set from the parent organisation page on save; its buyers manage the registrations.",
    )
    event_type = models.CharField("type of event", max_length=30, choices=EventType.choices)
    summary = models.TextField(max_length=400, help_text="In plain English: who it is for and what they will get.")
    description = StreamField(BodyBlock(), blank=True)
    agenda = StreamField([("item", AgendaItemBlock())], blank=True)
    co_organisers = ParentalManyToManyField(
        OrganisationPage, blank=True, related_name="co_organised_events", help_text="Other anchors running it with you."
    )
    partners = ParentalManyToManyField(Partner, blank=True, related_name="events")

    start = models.DateTimeField(help_text="UK time.")
    end = models.DateTimeField(help_text="UK time.")
    attendance_mode = models.CharField(
        "how people take part", max_length=20, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )
    venue_name = models.CharField(max_length=120, blank=True)
    venue_address = models.TextField(max_length=400, blank=True)
    venue_postcode = models.CharField(max_length=10, blank=True)
    step_free = models.BooleanField("step-free access", default=False)
    hearing_loop = models.BooleanField(default=False)
    bsl_interpreter = models.BooleanField("British Sign Language (BSL) interpreter", default=False)
    quiet_room = models.BooleanField(default=False)
    access_notes = models.TextField(
        max_length=600, blank=True, help_text="Parking, the nearest bus stop, toilets, anything else people ask about."
    )
    joining_url = models.URLField(
        "online joining link", blank=True, help_text="Only sent to people who register. Never shown on the page."
    )

    capacity = models.PositiveIntegerField(
        "places", validators=[MinValueValidator(1)], help_text="When these are taken, people join a waiting list."
    )
    registration_opens = models.DateTimeField(null=True, blank=True, help_text="Leave blank to open it now.")
    registration_closes = models.DateTimeField(null=True, blank=True, help_text="Leave blank to close at the start.")

    opportunities = ParentalManyToManyField(
        "opportunities.OpportunityPage", blank=True, related_name="events", verbose_name="linked opportunities"
    )
    lots = ParentalManyToManyField("opportunities.Lot", blank=True, related_name="events", verbose_name="pipeline lots")

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("event_type"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading="When (UK time)"),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("venue_postcode"),
                FieldRowPanel(
                    [
                        FieldPanel("step_free"),
                        FieldPanel("hearing_loop"),
                        FieldPanel("bsl_interpreter"),
                        FieldPanel("quiet_room"),
                    ]
                ),
                FieldPanel("access_notes"),
                FieldPanel("joining_url"),
            ],
            heading="Where",
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
            ],
            heading="Registration",
        ),
        FieldPanel("description"),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [FieldPanel("co_organisers"), FieldPanel("partners")],
            heading="Who is running it",
        ),
        MultiFieldPanel([FieldPanel("opportunities"), FieldPanel("lots")], heading="What it is about"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.FilterField("event_type"),
        index.FilterField("start"),
    ]

    base_form_class = EventPageForm
    parent_page_types = ["portal.OrganisationPage"]
    subpage_types = []

    class Meta:
        verbose_name = "event"
        indexes = [models.Index(fields=["start"], name="events_event_start_idx")]

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The event must end after it starts."
        if self.registration_closes and self.start and self.registration_closes > self.start:
            errors["registration_closes"] = "Registration must close before the event starts."
        if self.registration_opens and self.registration_closes and self.registration_opens >= self.registration_closes:
            errors["registration_opens"] = "Registration must open before it closes."
        if self.is_online and not self.joining_url:
            errors["joining_url"] = "Add the link people use to join online. Only people who register will see it."
        if self.is_in_person and not (self.venue_name and self.venue_address):
            errors["venue_address"] = "Add the venue's name and address, or make the event online only."
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from events.listing import referral_slug

        context = super().get_context(request, *args, **kwargs)
        context.update(
            places_left=self.places_left(),
            registration_state=self.registration_state(),
            ref=referral_slug(request),
            co_organisers=self.co_organisers.live().order_by("title"),
            partners=self.partners.all(),
            opportunities=self.opportunities.live().public().order_by("title"),
            lots=self.lots.filter(opportunity__live=True)
            .select_related("opportunity")
            .order_by("opportunity__title", "number"),
        )
        return context

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.pk or self.path else None
        if parent is not None:
            self.organiser_id = parent.id
        super().save(*args, **kwargs)

    @property
    def is_online(self):
        return self.attendance_mode in {AttendanceMode.ONLINE, AttendanceMode.HYBRID}

    @property
    def is_in_person(self):
        return self.attendance_mode in {AttendanceMode.IN_PERSON, AttendanceMode.HYBRID}

    @property
    def venue_in_one_line(self):
        """The venue on one line for plain-text emails and calendars: "Town Hall, 12 Mill Lane, Riverside, PR1 2AB".

        Each address line becomes its own part (so lines never run together), and the postcode is added
        unless it was already typed into the address.
        """
        parts = []
        for line in [self.venue_name, *self.venue_address.splitlines(), self.venue_postcode]:
            line = line.strip().strip(",").strip()
            if line and line.casefold() not in {part.casefold() for part in parts}:
                parts.append(line)
        return ", ".join(parts)

    @property
    def access_features(self):
        """The access facilities this venue has, as plain labels."""
        labels = {
            "step_free": "Step-free access",
            "hearing_loop": "Hearing loop",
            "bsl_interpreter": "British Sign Language (BSL) interpreter",
            "quiet_room": "Quiet room",
        }
        return [label for name, label in labels.items() if getattr(self, name)]

    def registration_state(self, now=None):
        """Why registration is or is not possible now: 'open', 'not_yet_open', 'closed' or 'past'."""
        now = now or clock.now()
        if self.start <= now:
            return "past"
        if self.registration_opens and now < self.registration_opens:
            return "not_yet_open"
        if self.registration_closes and now >= self.registration_closes:
            return "closed"
        return "open"

    def confirmed_count(self):
        return self.registrations.filter(status=Registration.Status.CONFIRMED).count()

    def places_left(self):
        return max(self.capacity - self.confirmed_count(), 0)


# What a registrant is asked: the portal's sizes and kinds, plus answers that only make sense before someone
# has won work (a sole trader, a business not trading yet). A public body does not register as a business.
BusinessSize = models.TextChoices(
    "BusinessSize",
    [("SOLE_TRADER", ("sole_trader", "Just me (sole trader or freelancer)"))]
    + [(size.name, (size.value, size.label)) for size in SupplierSize],
)
BusinessType = models.TextChoices(
    "BusinessType",
    [(kind.name, (kind.value, kind.label)) for kind in SupplierKind if kind != SupplierKind.PUBLIC]
    + [("STARTING", ("starting", "Not trading yet"))],
)


class Registration(models.Model):
    """One person's place (or place on the waiting list) at one event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    # The reference goes in signed links; the submission key makes a resubmitted form a no-op.
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission_key = models.UUIDField(unique=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices)
    attended = models.BooleanField(default=False)
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
        verbose_name="referred by",
    )

    name = models.CharField(max_length=120)
    business_name = models.CharField(max_length=160)
    email = models.EmailField(max_length=254)
    business_size = models.CharField(max_length=20, choices=BusinessSize.choices)
    business_type = models.CharField(max_length=20, choices=BusinessType.choices)
    sector = models.CharField("what the business does", max_length=120)
    postcode = models.CharField(max_length=10)
    access_needs = models.TextField(max_length=1000, blank=True)
    consented_at = models.DateTimeField()

    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One live registration per person per event; cancelled and anonymised rows do not count.
            models.UniqueConstraint(
                Lower("email"),
                "event",
                name="events_one_registration_per_email",
                condition=~models.Q(status="cancelled") & ~models.Q(email=""),
            )
        ]
        indexes = [models.Index(fields=["event", "status"], name="events_reg_event_status_idx")]

    def __str__(self):
        return f"{self.name or 'Deleted attendee'} at {self.event_id}"

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None
