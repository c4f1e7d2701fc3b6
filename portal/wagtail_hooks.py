"""Admin-wide touches: accessible names for the rich-text editors."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks


@hooks.register("insert_editor_js")
def name_rich_text_editors():
    return format_html('<script src="{}"></script>', static("portal/js/admin-editor-names.js"))
