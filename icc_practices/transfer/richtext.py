"""Rich text from a file, made safe: only what the page's editor allows.

Imported HTML goes through Wagtail's own Draftail converter, there and back, with the
sections' features: what an editor could not enter (scripts, styles, images, other
headings, ``javascript:`` links) is dropped, exactly as when pasting into the editor.
Plain text becomes paragraphs. The converter's random block keys are left out, so the
same input always gives the same HTML (an import twice changes nothing).
"""

from __future__ import annotations

import functools
import re

from django.utils.html import escape
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from icc_practices.models.blocks import RICH_TEXT_FEATURES

_BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')
# HTML in the form the converter writes, with the sections' features only: kept as it is
# (converting it again changes nothing, and costs a millisecond a section on import).
_SAFE_TAG = re.compile(
    r"<(?:/?(?:p|b|i|h3|h4|ol|ul|li)|br/|/a|a href=\"(?:https?://|mailto:|/)[^\"<>]*\")>"
)
_ANY_TAG = re.compile(r"<[^>]*>?")
_TAG = re.compile(r"<\s*[a-zA-Z!/]")
_EMPTY = re.compile(r"^(<p>(\s|<br/>)*</p>)*$")


@functools.cache
def _converter() -> ContentstateConverter:
    return ContentstateConverter(features=RICH_TEXT_FEATURES)


def sanitised_html(html: str) -> str:
    """``html`` with only the sections' features, in Wagtail's database format."""
    if not html.strip():
        return ""
    if _already_safe(html):
        return html
    converter = _converter()
    cleaned = _BLOCK_KEY.sub("", converter.to_database_format(converter.from_database_format(html)))
    return "" if _EMPTY.fullmatch(cleaned) else cleaned


def _already_safe(html: str) -> bool:
    """Whether every tag is one the sections allow, without attributes but a link's
    address, and no ``<`` or ``>`` stands outside a tag."""
    if not html.startswith(("<p>", "<h3>", "<h4>", "<ol>", "<ul>")) or _EMPTY.fullmatch(html):
        return False
    text = _SAFE_TAG.sub("", html)
    return "<" not in text and ">" not in text and not _ANY_TAG.search(text)


def plain_text_html(text: str) -> str:
    """Paragraphs from plain text: a blank line between paragraphs, line breaks kept."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in part.splitlines()) + "</p>"
        for part in paragraphs
    )


def rich_text(value: str) -> str:
    """A section from a file: HTML is sanitised, plain text becomes paragraphs (then
    sanitised too, so both give the editor's form)."""
    if not value or not value.strip():
        return ""
    html = value if _TAG.search(value) else plain_text_html(value)
    return sanitised_html(html)
