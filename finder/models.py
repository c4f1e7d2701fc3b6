"""The finder page and the finder's own search table.

The search table holds one row per lot of every live opportunity, with the filter fields copied onto it
(a denormalised copy, rebuilt by `finder.indexing`). Searching one flat table keeps each finder request
to a constant handful of queries and leaves the opportunities app's models untouched.
"""

import contextlib
import contextvars
import uuid

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from wagtail.admin.panels import FieldPanel

from portal.models import BasePage


class FinderPage(BasePage):
    """The opportunity finder at /opportunities/: keyword search, filters with counts, grouped results."""

    intro = models.TextField(
        max_length=400,
        blank=True,
        default="Search contracts from every public body in the partnership. Each contract may be split into "
        "smaller parts called lots, and you can bid for one lot on its own.",
        help_text="One or two plain sentences under the heading.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "opportunity finder"

    def serve(self, request, *args, **kwargs):
        from finder.views import serve_finder  # views import this module

        return serve_finder(request, self)


class LotEntry(models.Model):
    """One lot of a live opportunity, flattened for searching and filtering."""

    # An opportunity's lot has `lot` and `opportunity`; a lot from another source (a prime's subcontract,
    # written through `finder.indexing.write_external`) has neither, and `source` and `external_key` instead.
    lot = models.OneToOneField(
        "opportunities.Lot", null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    group = models.BigIntegerField(
        help_text="What results group by: the opportunity's id, or minus an `ExternalGroup`'s id (always below 0)."
    )
    source = models.CharField(max_length=40, blank=True, help_text="Empty for opportunities; else e.g. 'subcontract'.")
    external_key = models.CharField(
        max_length=80, blank=True, help_text="A lot of another source: its stable key, e.g. 'subcontract-lot:12'."
    )
    headline = models.CharField(
        max_length=255, blank=True, help_text="Shown above the title, e.g. 'Subcontract: via …, for …'."
    )
    opportunity_title = models.CharField(max_length=255)
    opportunity_url = models.CharField(max_length=500)
    reference = models.CharField(max_length=60, blank=True)
    summary = models.TextField(blank=True)
    opportunity_description = models.TextField(blank=True, help_text="The opportunity's description as plain text.")
    buyer_slug = models.SlugField(max_length=255, blank=True)
    buyer_name = models.CharField(max_length=255, blank=True)
    lot_number = models.PositiveSmallIntegerField()
    lot_title = models.CharField(max_length=255)
    lot_description = models.TextField(blank=True)
    lot_count = models.PositiveSmallIntegerField(default=1, help_text="How many lots the opportunity has.")
    stage = models.CharField(max_length=30, help_text="The stage as stored; the finder derives 'closed' from dates.")
    procedure = models.CharField(max_length=30)
    regime = models.CharField(
        max_length=20,
        blank=True,
        help_text="The Act's rules the bid runs under (procurement_act.ContractSize).",
    )
    published_date = models.DateTimeField(null=True)
    submission_deadline = models.DateTimeField(null=True)
    value_min = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    value = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, help_text="The lot's highest stated value, used for value bands."
    )
    suitable_for_sme = models.BooleanField(default=False)
    suitable_for_vcse = models.BooleanField(default=False)
    reserved = models.CharField(max_length=10, blank=True)
    text = models.TextField(help_text="Every searchable word, lower case: the SQLite search path reads this.")
    search_vector = SearchVectorField(null=True, help_text="Weighted full-text vector (PostgreSQL only).")

    class Meta:
        indexes = [
            models.Index(fields=["stage", "submission_deadline"], name="finder_entry_stage_deadline"),
            models.Index(fields=["published_date"], name="finder_entry_published"),
            models.Index(fields=["buyer_slug"], name="finder_entry_buyer"),
            models.Index(fields=["group"], name="finder_entry_group"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_key"], condition=~models.Q(external_key=""), name="finder_entry_external_key"
            )
        ]
        verbose_name = "lot search entry"
        verbose_name_plural = "lot search entries"

    def __str__(self):
        return f"{self.opportunity_title}: lot {self.lot_number}"


class ExternalGroup(models.Model):
    """A group of search rows that is not an opportunity (one subcontract, say), so that it has an id of
    its own to group and log changes by: its rows' `group` is minus this row's id."""

    source = models.CharField(max_length=40)
    key = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="finder_external_group_once")]

    def __str__(self):
        return f"{self.source} {self.key}"

    @property
    def group(self):
        return -self.pk


class EntryTag(models.Model):
    """A many-valued filter value of an entry (CPV division, location, theme), with its label for facets."""

    class Facet(models.TextChoices):
        CPV = "cpv", "CPV division"
        LOCATION = "location", "Location"
        THEME = "theme", "Social value theme"

    entry = models.ForeignKey(LotEntry, on_delete=models.CASCADE, related_name="tags")
    facet = models.CharField(max_length=10, choices=Facet.choices)
    value = models.CharField(max_length=120)
    label = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "facet", "value"], name="unique_entry_tag")]
        indexes = [models.Index(fields=["facet", "value"], name="finder_tag_facet_value")]

    def __str__(self):
        return f"{self.facet}={self.value}"


class IndexVersion(models.Model):
    """Tokens that change, in the same transaction, whenever what the finder keeps in memory would.

    Row `SEARCH_TABLE` changes with the search table: the database backend keeps facet bitmaps of it in
    each process's memory (`finder.backends.bitmaps`). Row `CHOICES` changes with the buyers, locations
    and themes that the filters accept (`finder.vocabulary`). Reading both rows, one query, tells a process
    whether its copies are still current, whichever process or worker wrote the tables. Random tokens,
    not counters, so that a rolled-back transaction can never make an old number stand for new rows.
    """

    SEARCH_TABLE = 1
    CHOICES = 2

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "search index version"

    def __str__(self):
        return self.token

    @classmethod
    def bump(cls, part=SEARCH_TABLE):
        """Mark one part as changed (call inside the transaction that changed it); return the new token.
        The row stays locked until that transaction ends, so changes to one part commit in the order
        they bumped."""
        token = uuid.uuid4().hex
        cls.objects.update_or_create(pk=part, defaults={"token": token})
        return token

    @classmethod
    def read(cls):
        """{part: token} as the database holds them now; a part never written has the token ""."""
        tokens = dict.fromkeys((cls.SEARCH_TABLE, cls.CHOICES), "")
        tokens.update(cls.objects.filter(pk__in=list(tokens)).values_list("pk", "token"))
        return tokens

    @classmethod
    def current(cls, part=SEARCH_TABLE):
        """One part's token as pinned for this search (see `pinned`), or else as the database holds it now."""
        tokens = _pinned_tokens.get()
        return (cls.read() if tokens is None else tokens)[part]

    @classmethod
    @contextlib.contextmanager
    def pinned(cls):
        """Read the tokens once for everything inside the block: the filters' choices and the search then
        come from one version of the index, for one query between them."""
        if _pinned_tokens.get() is not None:
            yield
            return
        reset = _pinned_tokens.set(cls.read())
        try:
            yield
        finally:
            _pinned_tokens.reset(reset)


_pinned_tokens = contextvars.ContextVar("finder_index_tokens", default=None)


class IndexChange(models.Model):
    """What each change of the search table's token changed: one opportunity's rows, or everything (a
    rebuild, no opportunity). Written after the bump in the same transaction, so ids follow commit order.

    A process whose bitmaps are at a logged token applies the later changes instead of reloading the whole
    table (`finder.backends.bitmaps.brought_up_to_date`). Only the latest KEEP are kept; a process further
    behind reloads.
    """

    KEEP = 1000

    token = models.CharField(max_length=32, unique=True)
    opportunity_id = models.BigIntegerField(
        null=True, help_text="The group rewritten (an opportunity's id, or below 0 another source's); empty: all."
    )

    class Meta:
        verbose_name = "search index change"

    def __str__(self):
        return f"{self.token}: {self.opportunity_id or 'everything'}"

    @classmethod
    def log(cls, token, opportunity_id=None):
        change = cls.objects.create(token=token, opportunity_id=opportunity_id)
        cls.objects.filter(pk__lte=change.pk - cls.KEEP).delete()
