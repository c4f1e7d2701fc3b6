"""Build the POST data the Wagtail page editor sends, so tests can drive the real admin views."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

__all__ = ["inline_formset", "nested_form_data", "page_form_data", "rich_text", "streamfield"]


def page_form_data(fields, *, publish=False, submit=False, **formsets):
    """POST data for a page create or edit view.

    `fields` holds the model fields; keyword arguments are extra inline formsets (lists of dicts),
    passed through `inline_formset`. The comments formset every page form carries is added empty.
    """
    data = {"comments": inline_formset([]), **fields}
    for name, rows in formsets.items():
        data[name] = rows if isinstance(rows, dict) else inline_formset(rows)
    post = nested_form_data(data)
    if publish:
        post["action-publish"] = "action-publish"
    if submit:
        post["action-submit"] = "action-submit"
    return post
