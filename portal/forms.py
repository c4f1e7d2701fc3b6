"""What every public form shares."""

import re

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
