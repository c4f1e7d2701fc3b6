"""The support directory: organisations that help small businesses sell to the public sector."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class SupportService(models.Model):
    """A kind of help, like bid writing or setting up a co-op; providers say which they offer."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SupportProvider(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        CHAMBER = "chamber", "Chamber of commerce"
        FSB = "fsb", "Federation of Small Businesses"
        GROWTH_HUB = "growth_hub", "Growth hub"
        COOP = "coop", "Co-operative development body"
        COUNCIL = "council", "Council business support"
        OTHER = "other", "Other support"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField("type of organisation", max_length=20, choices=Kind.choices)
    summary = models.TextField(max_length=400, help_text="Who they help and how, in one or two plain sentences.")
    services = models.ManyToManyField(SupportService, related_name="providers", blank=False)
    areas = models.ManyToManyField(
        "portal.Location", related_name="support_providers", help_text="Where they can help businesses."
    )
    free_to_use = models.BooleanField(default=True, help_text="Tick if their help is free for small businesses.")
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("services", widget=forms.CheckboxSelectMultiple),
        FieldPanel("areas"),
        FieldPanel("free_to_use"),
        MultiFieldPanel([FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")], heading="Contact"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("summary")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not (self.website or self.email or self.phone):
            raise ValidationError({"website": "Give at least one way to get in touch: a website, email or phone."})
