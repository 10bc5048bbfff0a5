"""Collections: the practices of a saved filter, shown on any page (a theme page that
gathers the practices on one subject, as the ICC site's COVID-19 page does), with their
number and a "See all" link to the index filtered the same way.

A collection is a filter in the index's own vocabulary (``topic=education``,
``country=es``, any registered facet, search words) read by the query layer, so it shows
exactly what the index would: visible practices only, in the page's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from django.http import HttpRequest
from wagtail.models import Locale, Page, Site

from icc_practices.models import PracticeIndexPage
from icc_practices.search.cache import ALL_GENERATIONS, cached
from icc_practices.search.listing import in_site_language
from icc_practices.search.privacy import restricted_paths
from icc_practices.search.query import matching_practice_ids

Filters = str | Mapping[str, Sequence[str]] | Iterable[str]


@dataclass(frozen=True)
class PracticeCollection:
    """What a collection shows: the first practices' ids, how many match in all, and the
    filtered index's address."""

    ids: list[int] = field(default_factory=list)
    total: int = 0
    see_all_url: str = ""


def filter_parameters(filters: Filters, search: str = "", sort: str = "") -> dict[str, list[str]]:
    """A filter as query parameters: from a query string (``"topic=a&country=es"``), a
    mapping, or ``facet=value`` strings (what the collection block stores)."""
    params: dict[str, list[str]] = {}
    if isinstance(filters, str):
        params = {name: list(values) for name, values in parse_qs(filters).items()}
    elif isinstance(filters, Mapping):
        params = {
            name: [values] if isinstance(values, str) else list(values)
            for name, values in filters.items()
        }
    else:
        for pair in filters:
            name, _sep, value = str(pair).partition("=")
            if name and value:
                params.setdefault(name, []).append(value)
    if search:
        params["q"] = [search]
    if sort:
        params["sort"] = [sort]
    return params


def collection_index(request: HttpRequest | None, chosen: Page | None) -> PracticeIndexPage | None:
    """The index a collection reads, in the active language: the chosen one's translation
    (or the chosen one), else the site's first index; ``None`` when there is none that
    visitors may see. Cached until a page is published or the structure changes."""
    if request is not None:
        site = Site.find_for_request(request)
    else:  # rendered outside a request (a task, a test): the default site's
        site = Site.objects.filter(is_default_site=True).first()
    locale = Locale.get_active()

    def lookup() -> PracticeIndexPage | None:
        indexes = PracticeIndexPage.objects.live()
        for path in restricted_paths():
            indexes = indexes.exclude(path__startswith=path)
        if chosen is not None:
            translation_key = chosen.translation_key
            found = indexes.filter(translation_key=translation_key)
            return found.filter(locale=locale).first() or found.filter(pk=chosen.pk).first()
        in_language = in_site_language(indexes.filter(locale=locale), site, locale)
        return in_language.order_by("path").first()

    parts = (site.pk if site else None, locale.pk, chosen.pk if chosen is not None else None)
    return cached("collection-index", parts, lookup, generations=ALL_GENERATIONS)


def practice_collection(
    request: HttpRequest | None,
    filters: Filters,
    *,
    index: Page | None = None,
    search: str = "",
    sort: str = "",
    limit: int = 6,
) -> PracticeCollection:
    """The practices of a filter, at most ``limit`` of them, for a page in the active
    language."""
    found = collection_index(request, index)
    if found is None:
        return PracticeCollection()
    params = filter_parameters(filters, search, sort)
    state, total, ids = matching_practice_ids(found, params, max(0, limit))
    url = found.get_url(request) or ""
    return PracticeCollection(ids, total, url + state.query_string(page=False) if url else "")
