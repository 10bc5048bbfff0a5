"""StreamField blocks for the optional extra material on a practice."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "h3", "h4", "ol", "ul", "link", "document-link"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(required=False, max_length=255, label=_("caption"))

    class Meta:
        icon = "image"
        label = _("image")
        template = "icc_practices/blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(required=False, max_length=255, label=_("attribution"))

    class Meta:
        icon = "openquote"
        label = _("quote")
        template = "icc_practices/blocks/quote.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("link text"),
        help_text=_("Defaults to the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("document")
        template = "icc_practices/blocks/document.html"


class PracticeStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        max_length=255,
        form_classname="title",
        label=_("heading"),
        template="icc_practices/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("rich text"))
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("embed"), template="icc_practices/blocks/embed.html")
    document = DocumentBlock()
