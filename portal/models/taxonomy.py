"""Reference data that opportunities, lots, alerts and insights share.

CPV codes classify what is bought; locations say where it is delivered; social value themes say what
good the contract should do. All three are small tables that editors look after in the admin.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class CPVCode(index.Indexed, models.Model):
    """A Common Procurement Vocabulary code: 8 digits, with its check digit kept for display."""

    code = models.CharField(
        max_length=8, unique=True, validators=[RegexValidator(r"^\d{8}$", "A CPV code is 8 digits, like 72000000.")]
    )
    check_digit = models.CharField(max_length=1, blank=True)
    label = models.CharField(max_length=255)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")

    search_fields = [index.SearchField("label"), index.AutocompleteField("label"), index.FilterField("code")]

    class Meta:
        ordering = ["code"]
        verbose_name = "CPV code"

    def __str__(self):
        return f"{self.display_code} {self.label}"

    @property
    def display_code(self):
        return f"{self.code}-{self.check_digit}" if self.check_digit else self.code

    @property
    def division(self):
        """The two-digit division, the broadest CPV level (for example 72, IT services)."""
        return self.code[:2]

    @property
    def level(self):
        """1 division, 2 group, 3 class, 4 category, 5 and more: sub-categories."""
        significant = self.code.rstrip("0")
        return max(1, len(significant) - 1)


POSTCODE_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")


def validate_postcode_districts(value):
    """A comma-separated list of postcode districts (the first half of a postcode, like PR1 or EC1A)."""
    wrong = [
        part.strip()
        for part in value.split(",")
        if part.strip() and not POSTCODE_DISTRICT.fullmatch(part.strip().upper())
    ]
    if wrong:
        shown = ", ".join(f"“{part[:20]}”" for part in wrong[:3])
        raise ValidationError(
            f"{shown} {'is not a postcode district' if len(wrong) == 1 else 'are not postcode districts'}. "
            "A district is the first part of a postcode, like PR1 or BB10. Use commas between them."
        )


class Location(models.Model):
    """Where work is delivered: a UK ITL1 region or a local area made of postcode districts."""

    class Kind(models.TextChoices):
        REGION = "region", "UK region"
        LOCAL_AREA = "local_area", "Local area"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LOCAL_AREA)
    itl_code = models.CharField("ITL code", max_length=5, blank=True, help_text="For UK regions, like TLD.")
    region = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="local_areas",
        limit_choices_to={"kind": "region"},
        help_text="The UK region a local area sits in.",
    )
    postcode_districts = models.TextField(
        blank=True,
        validators=[validate_postcode_districts],
        help_text="For local areas: postcode districts, separated by commas, like PR1, PR2, BB1.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("itl_code"),
        FieldPanel("region"),
        FieldPanel("postcode_districts"),
    ]

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def district_list(self):
        return [d.strip().upper() for d in self.postcode_districts.split(",") if d.strip()]


class SocialValueTheme(models.Model):
    """A social value outcome the anchors care about, such as local jobs or net zero."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(max_length=500, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
