"""URL converters shared by the apps' routes (registered when the portal app is ready)."""

from django.urls import register_converter


class RowIdConverter:
    """A database id in a URL: at most 18 digits, so that every id it accepts fits a 64-bit column. A
    longer number is a 404 like any unknown id, instead of an overflow in the database (a 500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(RowIdConverter, "id")
