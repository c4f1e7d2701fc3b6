"""The guidance page's StreamField, built from the shared blocks in portal.blocks."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import (
    CaptionedTableBlock,
    CheckedRichTextBlock,
    ContentsHeadingBlock,
    DocumentDownloadBlock,
    InsetTextBlock,
    QuestionsBlock,
    StepByStepBlock,
    VideoBlock,
    WarningTextBlock,
)


class GlossaryTermsBlock(blocks.StructBlock):
    """Words used on the page, explained in place, each linked to its glossary entry."""

    terms = blocks.ListBlock(SnippetChooserBlock("guidance.GlossaryTerm"), min_num=1)

    class Meta:
        icon = "snippet"
        template = "blocks/glossary_terms_block.html"


class GuidanceBodyBlock(blocks.StreamBlock):
    heading = ContentsHeadingBlock()
    paragraph = CheckedRichTextBlock(features=["h3", "bold", "italic", "link", "ol", "ul", "document-link"])
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
    steps = StepByStepBlock()
    questions = QuestionsBlock()
    table = CaptionedTableBlock()
    download = DocumentDownloadBlock()
    video = VideoBlock()
    glossary_terms = GlossaryTermsBlock()

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        seen = {}
        for index, child in enumerate(value):
            if child.block_type != "heading" or child.value.get("level") != "h2":
                continue
            anchor = slugify(child.value.get("text", ""))
            if not anchor:
                message = "Use words or numbers in this heading so that the 'On this page' list can link to it."
            elif anchor in seen:
                message = (
                    f"Another heading 2 on this page says the same thing (block {seen[anchor] + 1}). "
                    "Make each heading different so readers can tell them apart in 'On this page'."
                )
            else:
                seen[anchor] = index
                continue
            errors[index] = StructBlockValidationError(block_errors={"text": ValidationError(message)})
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value


def contents(stream_value):
    """The page's level 2 headings as (anchor, text) pairs, for the 'On this page' list."""
    return [
        (slugify(child.value["text"]), child.value["text"])
        for child in stream_value
        if child.block_type == "heading" and child.value.get("level") == "h2"
    ]
