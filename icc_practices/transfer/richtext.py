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
_TAG = re.compile(r"<\s*[a-zA-Z!/]")
_EMPTY = re.compile(r"^(<p>(\s|<br/>)*</p>)*$")


@functools.cache
def _converter() -> ContentstateConverter:
    return ContentstateConverter(features=RICH_TEXT_FEATURES)


def sanitised_html(html: str) -> str:
    """``html`` with only the sections' features, in Wagtail's database format."""
    if not html.strip():
        return ""
    converter = _converter()
    cleaned = _BLOCK_KEY.sub("", converter.to_database_format(converter.from_database_format(html)))
    return "" if _EMPTY.fullmatch(cleaned) else cleaned


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
