"""Template tags that lead visitors on from a page: related practices, collections of a
saved filter, feeds, share and cite links, and the page's meta for social networks and
search engines.

``{% load icc_discovery %}``, then for example ``{% icc_related_practices page %}``. Each
tag renders a small template under ``icc_practices/includes/`` that hosts can override.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe

from icc_practices.models import PracticeIndexPage, PracticePage
from icc_practices.public.citation import practice_citation
from icc_practices.public.collections import practice_collection
from icc_practices.public.sharing import share_links
from icc_practices.public.structured_data import (
    index_json_ld,
    json_ld_script,
    practice_json_ld,
    social_meta,
)
from icc_practices.search.listing import listed_practices
from icc_practices.search.related import related_practice_ids

register = template.Library()


def _in_preview(context: template.Context) -> bool:
    return bool(getattr(context.get("request"), "is_preview", False))


def _element_id(context: template.Context, prefix: str) -> str:
    """An id for a tag's heading, unique in the page however often the tag is used."""
    request = context.get("request")
    holder = request if request is not None else context.render_context
    counts = getattr(holder, "_icc_element_ids", None)
    if counts is None:
        counts = {}
        holder._icc_element_ids = counts  # type: ignore[union-attr]
    counts[prefix] = counts.get(prefix, 0) + 1
    return prefix if counts[prefix] == 1 else f"{prefix}-{counts[prefix]}"


@register.inclusion_tag("icc_practices/includes/related_practices.html", takes_context=True)
def icc_related_practices(
    context: template.Context, practice=None, limit: int | None = None, heading_level: int = 2
) -> dict[str, Any]:
    """The practices related to ``practice`` (by default the page): shared topics, then
    place, then the newest; editors' pinned practices first (``icc_practices.search.related``)."""
    practice = practice if practice is not None else context.get("page")
    ids: list[int] = []
    if isinstance(practice, PracticePage):  # anything else has no related practices
        ids = related_practice_ids(practice, limit, use_cache=not _in_preview(context))
    return {
        "request": context.get("request"),
        "ids": ids,
        "heading_id": _element_id(context, "icc-related-heading"),
        # Read from the database only if an overriding template uses them.
        "practices": SimpleLazyObject(lambda: listed_practices(ids)),
        "heading_level": heading_level,
        "card_heading_level": min(heading_level + 1, 6),
    }


@register.inclusion_tag("icc_practices/includes/share.html", takes_context=True)
def icc_share(context: template.Context, page=None, heading_level: int = 2) -> dict[str, Any]:
    """Share links for a page (by default the current one): copy link, e-mail and the
    networks of ``ICC_PRACTICES_SHARE_NETWORKS``, as plain links."""
    page = page if page is not None else context.get("page")
    request = context.get("request")
    if page is not None:
        url, title = page.get_full_url(request) or "", page.title
    else:  # a host's own view: its address
        url = request.build_absolute_uri(request.path) if request is not None else ""
        title = str(context.get("title", ""))
    return {
        "url": url,
        "links": share_links(url, title) if url else [],
        "heading_level": heading_level,
        "heading_id": _element_id(context, "icc-share-heading"),
    }


@register.inclusion_tag("icc_practices/includes/cite.html", takes_context=True)
def icc_cite(context: template.Context, page=None) -> dict[str, Any]:
    """ "Cite this practice": a plain reference and BibTeX and CSL-JSON downloads."""
    page = page if page is not None else context.get("page")
    request = context.get("request")
    if not isinstance(page, PracticePage):
        return {"citation": None, "downloads": []}
    downloads = []
    if page.live and page.url:
        downloads = [
            (label, page.url + page.reverse_subpage("cite", args=[citation_format]))
            for citation_format, label in (("bibtex", "BibTeX"), ("csl-json", "CSL-JSON"))
        ]
    return {"citation": practice_citation(page, request), "downloads": downloads}


@register.inclusion_tag("icc_practices/includes/social_meta.html", takes_context=True)
def icc_social_meta(context: template.Context, page=None) -> dict[str, Any]:
    """OpenGraph and Twitter card ``<meta>`` for a page (by default the current one)."""
    page = page if page is not None else context.get("page")
    return {"metas": social_meta(page, context.get("request")) if page is not None else []}


@register.simple_tag(takes_context=True)
def icc_structured_data(context: template.Context, page=None) -> str:
    """schema.org JSON-LD for a practice (``Article``) or an index (``CollectionPage``)."""
    page = page if page is not None else context.get("page")
    request = context.get("request")
    if isinstance(page, PracticePage):
        return json_ld_script(practice_json_ld(page, request))
    if isinstance(page, PracticeIndexPage):
        return json_ld_script(index_json_ld(page, request))
    return ""


@register.inclusion_tag("icc_practices/includes/practice_collection.html", takes_context=True)
def icc_practice_collection(
    context: template.Context,
    filters: str = "",
    *,
    limit: int = 6,
    heading: str = "",
    heading_level: int = 2,
    index=None,
    search: str = "",
    sort: str = "",
) -> dict[str, Any]:
    """The practices of a saved filter, with their number and a "See all" link:
    ``{% icc_practice_collection "topic=health&country=es" limit=3 heading="Health" %}``
    (the index's own parameters; ``index`` by default the site's first in the language)."""
    request = context.get("request")
    return {
        "request": request,
        "collection": practice_collection(
            request, filters, index=index, search=search, sort=sort, limit=limit
        ),
        "heading": heading,
        "heading_level": heading_level,
        "card_heading_level": min(heading_level + 1, 6) if heading else heading_level,
    }


@register.simple_tag(takes_context=True)
def icc_page_meta(context: template.Context, page=None) -> SafeString:
    """``{% icc_social_meta %}`` and ``{% icc_structured_data %}`` together: what the
    package's pages put in the head (or, under a base template without a head block, at
    the start of the content)."""
    page = page if page is not None else context.get("page")
    if page is None:
        return mark_safe("")
    meta = render_to_string(
        "icc_practices/includes/social_meta.html", icc_social_meta(context, page)
    )
    return mark_safe(meta + icc_structured_data(context, page))  # noqa: S308 - both escaped
