"""Admin-wide touches: accessible names and large enough buttons for the rich-text editors."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks


@hooks.register("insert_editor_js")
def name_rich_text_editors():
    return format_html('<script src="{}"></script>', static("portal/js/admin-editor-names.js"))


@hooks.register("insert_editor_css")
def large_enough_editor_buttons():
    return format_html('<link rel="stylesheet" href="{}">', static("portal/css/admin-editor.css"))
