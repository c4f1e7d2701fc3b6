"""Dates typed in the admin: day/month/year, as people in the UK write them.

Wagtail's date pickers (jQuery xdsoft datetimepicker) replace any text they cannot parse with *now* when
the field loses focus ("validateOnBlur"). With Wagtail's default year-month-day format, a buyer who typed
`20/01/2027` saw it silently become today's date and saved it. Here:

- the pickers read and write day/month/year (`WAGTAIL_DATE_FORMAT` and `WAGTAIL_DATETIME_FORMAT` in the
  settings), so the picker shows back what a UK user types;
- the pickers never rewrite what was typed (`validateOnBlur: false`), so text the picker cannot read
  reaches the server unchanged;
- the server accepts day/month/year whatever language the admin is in (never month/day/year, which would
  turn 01/04/2027 into 4 January), and refuses anything else with a message, keeping the text as typed.

`install_admin_date_fields` makes every Wagtail admin model form use these fields; `PortalConfig.ready`
calls it once.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from wagtail.admin import widgets
from wagtail.admin.forms.models import register_form_field_override

# Day first always; ISO 8601 too, for people and scripts that paste machine dates.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S", "%H%M"]
DATETIME_INPUT_FORMATS = [
    f"{date} {time}" for date in DATE_INPUT_FORMATS for time in TIME_INPUT_FORMATS
] + DATE_INPUT_FORMATS

DATE_MESSAGE = "Enter a real date as day/month/year, like 20/01/2027."
DATETIME_MESSAGE = "Enter a real date and time as day/month/year and 24-hour time, like 20/01/2027 12:00."


class UKDateInput(widgets.AdminDateInput):
    """Wagtail's date picker, showing dates in WAGTAIL_DATE_FORMAT and never overwriting what was typed."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class UKDateTimeInput(widgets.AdminDateTimeInput):
    """Wagtail's date and time picker, in WAGTAIL_DATETIME_FORMAT, never overwriting what was typed."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


def with_hint(help_text, hint):
    """The model's own help text, then how to write the date."""
    return f"{help_text} {hint}".strip() if help_text else hint


class UKDateField(forms.DateField):
    widget = UKDateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": DATE_MESSAGE}

    def __init__(self, **kwargs):
        kwargs["help_text"] = with_hint(kwargs.get("help_text"), "Day/month/year, like 20/01/2027.")
        super().__init__(**kwargs)


class UKDateTimeField(forms.DateTimeField):
    widget = UKDateTimeInput
    input_formats = DATETIME_INPUT_FORMATS
    default_error_messages = {"invalid": DATETIME_MESSAGE}

    def __init__(self, **kwargs):
        kwargs["help_text"] = with_hint(kwargs.get("help_text"), "Day/month/year and time, like 20/01/2027 12:00.")
        super().__init__(**kwargs)


def install_admin_date_fields():
    """Make Wagtail's admin model forms use the UK date fields for every model date and date-time field."""
    # The picker writes dates in these formats; if the server could not read them back, every date would fail.
    if settings.WAGTAIL_DATE_FORMAT not in DATE_INPUT_FORMATS:
        raise ImproperlyConfigured("WAGTAIL_DATE_FORMAT must be one of portal.dates.DATE_INPUT_FORMATS.")
    if settings.WAGTAIL_DATETIME_FORMAT not in DATETIME_INPUT_FORMATS:
        raise ImproperlyConfigured("WAGTAIL_DATETIME_FORMAT must be one of portal.dates.DATETIME_INPUT_FORMATS.")
    register_form_field_override(models.DateField, override={"form_class": UKDateField, "widget": UKDateInput})
    register_form_field_override(
        models.DateTimeField, override={"form_class": UKDateTimeField, "widget": UKDateTimeInput}
    )
