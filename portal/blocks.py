"""StreamField blocks shared by every content page type."""

from wagtail import blocks


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
