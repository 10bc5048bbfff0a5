"""Rich text from a file, made safe: only what the page's editor allows.

Imported HTML goes through Wagtail's own Draftail converter, there and back, with the
sections' features: what an editor could not enter (scripts, styles, images, other
headings, ``javascript:`` links) is dropped, exactly as when pasting into the editor.
Plain text becomes paragraphs. The converter's random block keys are left out, so the
same input always gives the same HTML (an import twice changes nothing).
"""

from __future__ import annotations

import functools
import html as html_module
import re

from django.utils.html import escape, strip_tags
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
    try:
        converted = converter.to_database_format(converter.from_database_format(html))
    except Exception:  # the converter asserts on unbalanced tags: keep the words only
        words = html_module.unescape(strip_tags(html))
        converted = converter.to_database_format(
            converter.from_database_format(plain_text_html(words))
        )
    cleaned = _BLOCK_KEY.sub("", converted)
    return "" if _EMPTY.fullmatch(cleaned) else cleaned


_BLOCKS = {"p", "h3", "h4", "ol", "ul"}
_INLINE = {"b", "i", "a"}
_TAG_NAME = re.compile(r"</?([a-z0-9]+)")


def _already_safe(html: str) -> bool:
    """Whether the HTML is already in the form the converter writes: only the sections'
    tags, no attribute but a link's address, properly nested (blocks at the top, list
    items in lists, inline tags and text inside a block or item), no stray ``<`` or
    ``>``."""
    if _EMPTY.fullmatch(html):
        return False
    stack: list[str] = []
    position = 0
    for match in _SAFE_TAG.finditer(html):
        text = html[position : match.start()]
        if text and (not stack or stack[-1] in ("ol", "ul") or "<" in text or ">" in text):
            return False  # text outside a block, or a tag that is not allowed
        position = match.end()
        tag = match.group(0)
        name = _TAG_NAME.match(tag).group(1)  # type: ignore[union-attr]
        if tag.startswith("</"):
            if not stack or stack.pop() != name:
                return False
        elif name == "br":
            if not stack or stack[-1] in ("ol", "ul"):
                return False
        elif name in _BLOCKS:
            if stack:
                return False
            stack.append(name)
        elif name == "li":
            if not stack or stack[-1] not in ("ol", "ul"):
                return False
            stack.append(name)
        else:  # b, i, a
            if not stack or stack[-1] in ("ol", "ul") or name in stack:
                return False
            stack.append(name)
    return not stack and not html[position:] and position > 0


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
