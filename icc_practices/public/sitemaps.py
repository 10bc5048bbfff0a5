"""Practices and their indexes in the site's sitemap, with ``hreflang`` alternates.

Practices and index pages list their translations as alternates (and the default
language's version as ``x-default``) and their last publication (an index's is its
latest practice's, when that is later). Filtered views of an index are not pages, so they
never appear; drafts and pages under a view restriction neither appear nor are named as
alternates.

Wagtail's own sitemap (``wagtail.contrib.sitemaps``) lists the site's root page and the
pages below it, which on a multilingual site is one language's tree; the alternates name
the others. :func:`sitemap` lists every language's tree of the site, with a template of
its own, so that a host adds one line to its ``urls.py``::

    from icc_practices.sitemaps import sitemap

    path("sitemap.xml", sitemap),
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from icc_practices.models import PracticeIndexPage, PracticePage
from icc_practices.models.taxonomy import default_content_language
from icc_practices.public.response_cache import serve_shared
from icc_practices.search.privacy import restricted_paths

TEMPLATE = "icc_practices/sitemap.xml"


@dataclass
class _Alternates:
    """The package's visible pages by translation key, read once per sitemap request."""

    urls: dict[Any, list[tuple[str, str]]] = field(default_factory=dict)
    latest_child: dict[str, datetime] = field(default_factory=dict)


def _alternates(request: HttpRequest | None) -> _Alternates:
    found = getattr(request, "_icc_practices_sitemap", None)
    if found is not None:
        return found
    pages = Page.objects.type(PracticePage, PracticeIndexPage).live()
    for path in restricted_paths():
        pages = pages.exclude(path__startswith=path)
    pages = pages.select_related("locale").only(
        "url_path",
        "path",
        "depth",
        "translation_key",
        "last_published_at",
        "content_type",
        "locale__language_code",
    )
    practice_type = ContentType.objects.get_for_model(PracticePage).pk
    alternates = _Alternates()
    for page in pages:
        url = page.get_full_url(request)
        if url:
            alternates.urls.setdefault(page.translation_key, []).append(
                (page.locale.language_code, url)
            )
        if page.content_type_id == practice_type and page.last_published_at:
            parent = page.path[: -page.steplen]
            latest = alternates.latest_child.get(parent)
            if latest is None or page.last_published_at > latest:
                alternates.latest_child[parent] = page.last_published_at
    if request is not None:
        request._icc_practices_sitemap = alternates  # type: ignore[attr-defined]
    return alternates


def sitemap_urls(page: Page, request: HttpRequest | None) -> list[dict[str, Any]]:
    """A practice's or an index's sitemap entry, with its translations as alternates."""
    alternates = _alternates(request)
    lastmod = page.last_published_at or page.latest_revision_created_at
    latest_child = alternates.latest_child.get(page.path)
    if latest_child is not None and (lastmod is None or latest_child > lastmod):
        lastmod = latest_child
    entry: dict[str, Any] = {"location": page.get_full_url(request), "lastmod": lastmod}
    translations = sorted(alternates.urls.get(page.translation_key, []))
    if len(translations) > 1:
        entry["alternates"] = [{"lang_code": code, "location": url} for code, url in translations]
        default = dict(translations).get(default_content_language())
        if default:
            entry["alternates"].append({"lang_code": "x-default", "location": default})
    return [entry]


class Sitemap(WagtailSitemap):
    """Wagtail's sitemap over every language's tree of the site (the root page and its
    translations), not only the default language's."""

    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        in_site = Q()
        for root in roots.only("path"):
            in_site |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_site)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


def sitemap(request: HttpRequest) -> HttpResponse:
    """The site's sitemap: every public page of every language, with alternates. Kept
    whole until any page is published, moved or restricted (a sitemap of 20,000 pages
    takes seconds to write, and crawlers fetch it often)."""
    page_number = request.GET.get("p", "1")[:10]
    return serve_shared(
        request,
        "sitemap",
        (page_number,),
        lambda: wagtail_sitemap(request, {"pages": Sitemap}, template_name=TEMPLATE),
    )
