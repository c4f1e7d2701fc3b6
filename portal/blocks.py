"""StreamField blocks shared by every content page type."""

import re

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 headings build a page's contents list."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class InsetTextBlock(blocks.RichTextBlock):
    """GOV.UK inset text: something the reader should notice."""

    class Meta:
        icon = "pick"
        template = "blocks/inset_text_block.html"
        features = ["bold", "link"]


class WarningTextBlock(blocks.CharBlock):
    """GOV.UK warning text: a legal or important warning."""

    class Meta:
        icon = "warning"
        template = "blocks/warning_text_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "document-link"], template="blocks/paragraph_block.html"
    )
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()


# Blocks for longer reading pages (guidance). They are not part of BodyBlock so that adding them
# does not change the page types that already use it.

LINK_TARGET = re.compile(r'<a\b[^>]*\blinktype="(page|document)"[^>]*\bid="(\d+)"', re.IGNORECASE)


def broken_internal_links(html):
    """Pages and documents linked from rich text that no longer exist (or, for pages, are not live)."""
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    wanted = {"page": set(), "document": set()}
    for linktype, target_id in LINK_TARGET.findall(html or ""):
        wanted[linktype.lower()].add(int(target_id))
    broken = []
    if wanted["page"]:
        live = set(Page.objects.live().filter(id__in=wanted["page"]).values_list("id", flat=True))
        broken += [f"page {page_id}" for page_id in sorted(wanted["page"] - live)]
    if wanted["document"]:
        found = set(get_document_model().objects.filter(id__in=wanted["document"]).values_list("id", flat=True))
        broken += [f"document {document_id}" for document_id in sorted(wanted["document"] - found)]
    return broken


class CheckedRichTextBlock(blocks.RichTextBlock):
    """Rich text that refuses links to pages or documents that have been deleted or unpublished."""

    def clean(self, value):
        value = super().clean(value)
        broken = broken_internal_links(value.source)
        if broken:
            raise ValidationError(
                "This text links to something that no longer exists or is not published "
                f"({', '.join(broken)}). Remove the link or choose another page or document."
            )
        return value

    class Meta:
        template = "blocks/paragraph_block.html"


class ContentsHeadingBlock(HeadingBlock):
    """A heading that the page's "On this page" list links to; it takes focus when a reader jumps to it."""

    level = blocks.ChoiceBlock(
        choices=[("h2", "Heading 2 (listed in 'On this page')"), ("h3", "Heading 3")],
        default="h2",
        search_index=False,
    )

    class Meta:
        icon = "title"
        template = "blocks/contents_heading_block.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=120, help_text="What to do, starting with a verb, like 'Register your business'."
    )
    text = CheckedRichTextBlock(features=["bold", "link", "ul"])


class StepByStepBlock(blocks.StructBlock):
    """Numbered steps a reader follows in order."""

    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/step_by_step_block.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = CheckedRichTextBlock(features=["bold", "link", "ol", "ul"])


class QuestionsBlock(blocks.StructBlock):
    """Frequently asked questions, each one opened by the reader (GOV.UK details: works without JavaScript)."""

    heading = blocks.CharBlock(
        max_length=120, required=False, help_text="Optional, like 'Common questions'. Shown as a small heading."
    )
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "blocks/questions_block.html"


class CaptionedTableBlock(blocks.StructBlock):
    """A table with a caption, so screen reader users know what it holds before they enter it."""

    caption = blocks.CharBlock(max_length=200, help_text="What the table shows, like 'Payment terms by buyer'.")
    table = TableBlock(table_options={"startRows": 3, "startCols": 3})

    class Meta:
        icon = "table"
        template = "blocks/captioned_table_block.html"


class DocumentDownloadBlock(blocks.StructBlock):
    """A document to download, shown with its file type and size so readers know what they will get."""

    document = DocumentChooserBlock()
    title = blocks.CharBlock(max_length=200, required=False, help_text="Leave empty to use the document's own title.")
    description = blocks.CharBlock(max_length=300, required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_download_block.html"


class VideoBlock(blocks.StructBlock):
    """A link to a video with its full transcript on the page (no third-party player is loaded)."""

    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(search_index=False, help_text="Where the video is published, like a YouTube address.")
    duration = blocks.CharBlock(max_length=20, required=False, help_text="Like '4 minutes'.")
    transcript = CheckedRichTextBlock(
        features=["bold", "ol", "ul"],
        help_text="Everything said and shown in the video, for people who cannot watch it.",
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
