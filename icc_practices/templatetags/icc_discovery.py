"""Template tags that lead visitors on from a page: related practices, collections of a
saved filter, feeds, share and cite links, and the page's meta for social networks and
search engines.

``{% load icc_discovery %}``, then for example ``{% icc_related_practices page %}``. Each
tag renders a small template under ``icc_practices/includes/`` that hosts can override.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.functional import SimpleLazyObject

from icc_practices.search.listing import listed_practices
from icc_practices.search.related import related_practice_ids

register = template.Library()


def _in_preview(context: template.Context) -> bool:
    return bool(getattr(context.get("request"), "is_preview", False))


@register.inclusion_tag("icc_practices/includes/related_practices.html", takes_context=True)
def icc_related_practices(
    context: template.Context, practice=None, limit: int | None = None, heading_level: int = 2
) -> dict[str, Any]:
    """The practices related to ``practice`` (by default the page): shared topics, then
    place, then the newest; editors' pinned practices first (``icc_practices.search.related``)."""
    practice = practice if practice is not None else context.get("page")
    ids = related_practice_ids(practice, limit, use_cache=not _in_preview(context))
    return {
        "request": context.get("request"),
        "ids": ids,
        # Read from the database only if an overriding template uses them.
        "practices": SimpleLazyObject(lambda: listed_practices(ids)),
        "heading_level": heading_level,
        "card_heading_level": min(heading_level + 1, 6),
    }
