"""Site-wide settings editors control: branding, contact details, what counts as local."""

import re

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .taxonomy import validate_postcode_districts

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def relative_luminance(hex_colour):
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darken(hex_colour, factor=0.6):
    channels = [int(int(hex_colour[i : i + 2], 16) * factor) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in channels)


@register_setting(icon="cog")
class PortalSettings(BaseGenericSetting):
    brand_name = models.CharField(max_length=80, default="Local Buying Partnership")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the header beside the name. Leave empty to show the name alone.",
    )
    brand_colour = models.CharField(
        max_length=7,
        default="#1d4f76",
        help_text="Header colour as #rrggbb. It must be dark enough for white text to be read easily.",
    )
    phase = models.CharField(
        max_length=20, blank=True, default="Beta", help_text="Leave empty to hide the phase banner."
    )
    feedback_email = models.EmailField(blank=True, default="feedback@example.org")
    contact_email = models.EmailField(blank=True, default="procurement@example.org")
    contact_phone = models.CharField(max_length=40, blank=True, default="01632 960 000")
    reading_age_target = models.PositiveSmallIntegerField(
        default=12,
        help_text="The reading age that summaries and guidance should not go above. 9 to 12 suits most readers.",
    )
    local_postcode_districts = models.TextField(
        blank=True,
        validators=[validate_postcode_districts],
        help_text="Postcode districts that count as local, separated by commas (like PR1, PR2, BB1). "
        "Used for local spend figures.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("brand_name"), FieldPanel("logo"), FieldPanel("brand_colour"), FieldPanel("phase")],
            heading="Brand",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("feedback_email")], heading="Contact"
        ),
        FieldPanel("local_postcode_districts"),
        FieldPanel("reading_age_target"),
    ]

    class Meta:
        verbose_name = "portal settings"

    def clean(self):
        super().clean()
        if not HEX_COLOUR.match(self.brand_colour or ""):
            raise ValidationError({"brand_colour": "Enter the colour as # and six letters or numbers, like #1d4f76."})
        if contrast_ratio(self.brand_colour, "#ffffff") < 4.5:
            raise ValidationError(
                {
                    "brand_colour": "This colour is too light: white text on it would be hard to read. "
                    "Choose a darker colour (contrast with white must be at least 4.5 to 1)."
                }
            )

    @property
    def brand_colour_dark(self):
        return darken(self.brand_colour) if HEX_COLOUR.match(self.brand_colour or "") else "#0b2c45"

    def local_districts(self):
        return {d.strip().upper() for d in self.local_postcode_districts.split(",") if d.strip()}
