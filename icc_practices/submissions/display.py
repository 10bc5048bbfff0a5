"""A proposal as editors read it in the admin: every field the visitor sent, formatted.

The text is the visitor's, so it is escaped; blank lines part paragraphs, single line
breaks are kept and web addresses become links, as in the draft made from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.utils import formats, timezone
from django.utils.html import escape, format_html, format_html_join, linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from icc_practices.models import PracticeSubmission

# Shown in the edit view, after what the visitor sent.
RECEIPT_FIELDS = ("created_at", "language", "index_page")

PARAGRAPH_BREAK = re.compile(r"\n{2,}")


@dataclass(frozen=True)
class ShownField:
    name: str
    label: str
    value: SafeString


def linked(text: str) -> SafeString:
    """``text`` escaped, with its web and e-mail addresses as links."""
    # urlize escapes everything but the links it makes.
    return mark_safe(urlize(text, trim_url_limit=80, nofollow=True, autoescape=True))  # noqa: S308


def plain_paragraphs(text: str) -> str:
    """Line ends as ``\n``, blank lines (spaces included) as one paragraph break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return PARAGRAPH_BREAK.sub("\n\n", "\n".join(line.strip() for line in text.split("\n")))


def format_text(text: str) -> SafeString:
    """Plain text as escaped HTML paragraphs (Django's ``linebreaks``): blank lines part
    them, line breaks stay, addresses become links."""
    return mark_safe(linebreaks(linked(plain_paragraphs(text)), autoescape=False))  # noqa: S308


def _not_given() -> SafeString:
    return format_html('<span class="w-text-text-meta">{}</span>', _("Not given"))


def _links(submission: PracticeSubmission) -> SafeString:
    return format_html(
        "<ul>{}</ul>",
        format_html_join("", "<li>{}</li>", ((linked(url),) for url in submission.link_list)),
    )


def _language(code: str) -> str:
    try:
        return capfirst(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def display_value(submission: PracticeSubmission, name: str) -> SafeString:
    """One field of ``submission`` as HTML."""
    value = getattr(submission, name)
    if name == "topics":
        names = [str(topic) for topic in value.all()]
        return escape(", ".join(names)) if names else _not_given()
    if name == "links":
        return _links(submission) if submission.link_list else _not_given()
    if name == "country":
        return escape(value.name) if value else _not_given()
    if name == "language":
        return escape(_language(value)) if value else _not_given()
    if name == "consent":
        return escape(_("Yes") if value else _("No"))
    if name == "created_at":
        return escape(formats.date_format(timezone.localtime(value), "DATETIME_FORMAT"))
    if name == "year":
        return escape(str(value))
    if value is None or value == "":
        return _not_given()
    if isinstance(PracticeSubmission._meta.get_field(name), models.TextField):
        return format_text(value)
    if isinstance(value, str):
        return linked(value)
    return escape(str(value))


def field_label(name: str) -> str:
    field = PracticeSubmission._meta.get_field(name)
    return capfirst(str(getattr(field, "verbose_name", name)))


def shown_fields(submission: PracticeSubmission, names) -> list[ShownField]:
    return [ShownField(name, field_label(name), display_value(submission, name)) for name in names]
