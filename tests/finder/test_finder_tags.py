"""The finder's own markup helpers escape exactly as Django does."""

from hypothesis import given
from hypothesis import strategies as st

from django.utils import html as django_html
from django.utils.safestring import mark_safe

from finder.templatetags import finder_tags

TEMPLATE = '<a href="{url}" title="{title}">{0} {body}</a>'


@given(st.text(), st.text(), st.text(), st.one_of(st.integers(), st.text()))
def test_format_html_escapes_like_django(url, title, body, first):
    ours = finder_tags.format_html(TEMPLATE, first, url=url, title=title, body=body)
    assert ours == django_html.format_html(TEMPLATE, first, url=url, title=title, body=body)
    assert ours.__html__() == ours  # marked safe for the template


def test_format_html_keeps_safe_markup_and_escapes_the_rest():
    marked = finder_tags.format_html("{} {}", mark_safe("<mark>tea</mark>"), "<script>&'\"")
    assert marked == "<mark>tea</mark> &lt;script&gt;&amp;&#x27;&quot;"
