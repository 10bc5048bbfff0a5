"""Rows for listings: a page of practices by id with what a card shows, and the newest
practices for teasers. Which practices may be listed is decided in
:mod:`icc_practices.search.privacy`."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F, Prefetch, QuerySet
from wagtail.models import Locale, Site
from wagtail.query import PageQuerySet

from icc_practices.models import City, PracticePage, Topic
from icc_practices.search.cache import cached
from icc_practices.search.privacy import visible_practices

# Practices that state no year come after every year (PostgreSQL sorts NULL first in a
# descending order, SQLite last: the order is spelled out).
NEWEST_FIRST = (F("year").desc(nulls_last=True), "-first_published_at", "-pk")


def with_listing_data(practices: QuerySet[PracticePage]) -> QuerySet[PracticePage]:
    """Fetch what a listing shows (countries, topics and cities, labelled in the active
    language) in a fixed number of queries (4)."""
    return practices.select_related("country", "locale").prefetch_related(
        "other_countries",
        Prefetch("topics", queryset=Topic.objects.with_labels().order_by("sort_order", "name")),
        Prefetch("cities", queryset=City.objects.with_labels().order_by("name")),
    )


# What a practice's page shows but a listing does not: not read for a listing.
LONG_TEXT = ("purpose", "rationale", "process", "impact", "partners")


def listed_practices(ids: Sequence[int]) -> list[PracticePage]:
    """These practices, in this order, with what a listing shows (4 queries). The ids
    come from the query layer, which applied privacy already; rows are read through
    :func:`visible_practices` all the same (its restrictions are kept in memory), so that
    no stale or damaged list of ids can show a draft or a private practice."""
    practices = visible_practices().filter(pk__in=ids).defer_streamfields().defer(*LONG_TEXT)
    rows = {row.pk: row for row in with_listing_data(practices)}
    return [rows[pk] for pk in ids if pk in rows]


def in_site_language(pages: PageQuerySet, site: Site | None, locale: Locale) -> PageQuerySet:
    """Pages of a site in a language. A multilingual site keeps each language's tree
    beside the default one, under a translation of its root page, which ``in_site()``
    (the root page's descendants) leaves out."""
    if site is None:
        return pages
    root = site.root_page.get_translation_or_none(locale) or site.root_page
    return pages.descendant_of(root, inclusive=True)


def latest_practice_ids(site: Site | None, limit: int) -> list[int]:
    """Ids of the newest practices of a site in the active language, for teasers; cached,
    as a home page shows them on every request (sorting every practice each time)."""
    locale = Locale.get_active()

    def newest() -> list[int]:
        practices = in_site_language(visible_practices().filter(locale=locale), site, locale)
        return list(practices.order_by(*NEWEST_FIRST).values_list("pk", flat=True)[: max(0, limit)])

    return cached("latest", (site.pk if site else None, locale.pk, limit), newest)


def latest_practices(site: Site | None, limit: int) -> list[PracticePage]:
    """The newest practices of a site in the active language, for teasers."""
    return listed_practices(latest_practice_ids(site, limit))
