"""What every public form shares."""

import re

from django import forms

# Control characters other than tab and line breaks: invisible, they come from text pasted out of other
# programs or from scripts, and would travel on into emails, CSV exports and the admin.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class PublicFormMixin:
    """Removes control characters from every text answer once the answers are otherwise valid."""

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = CONTROL_CHARACTERS.sub("", value)
        return data


class MoneyField(forms.DecimalField):
    """Accepts what people type for money: '£40,000', '40000' or '40,000.50'.

    Pounds and pence from £0 up, with messages that say what to type; a form may pass its own limits and
    messages instead.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Enter an amount in pounds, like 12,500",
                "min_value": "Enter an amount of £0 or more, like 12,500",
                "max_digits": "Enter an amount under £1,000,000,000,000",
                "max_whole_digits": "Enter an amount under £1,000,000,000,000",
                "max_decimal_places": "Enter pounds and pence only, like 12,500.50",
            },
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)
