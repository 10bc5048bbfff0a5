"""Which practices visitors may see, and in what order.

Every public channel (the HTML index, template tags, and later the API, feeds and
exports) starts from :func:`visible_practices`, so the privacy rules live in one place:
live pages only, never behind a view restriction, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from wagtail.models import Locale, Page, Site

from icc_practices.models import City, PracticePage, Topic

NEWEST_FIRST = ("-year", "-first_published_at", "-pk")


def visible_practices() -> QuerySet[PracticePage]:
    """Live, unrestricted practices, with what a listing shows already fetched."""
    return (
        PracticePage.objects.live()
        .public()
        .select_related("country")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.order_by("sort_order", "name")),
            Prefetch("cities", queryset=City.objects.order_by("name")),
        )
        .order_by(*NEWEST_FIRST)
    )


@dataclass(frozen=True)
class PracticeListing:
    """One page of an index's results."""

    page: PaginatorPage
    paginator: Paginator

    @property
    def practices(self) -> list[PracticePage]:
        return list(self.page.object_list)


def list_practices(index_page: Page, page_number: str | int | None) -> PracticeListing:
    """The given page of an index's practices. A missing, malformed or out-of-range
    page number gives the first or last page rather than an error."""
    paginator = Paginator(visible_practices().child_of(index_page), index_page.results_per_page)
    return PracticeListing(page=paginator.get_page(page_number), paginator=paginator)


def latest_practices(site: Site | None, limit: int) -> list[PracticePage]:
    """The newest practices of a site in the active language, for teasers."""
    practices = visible_practices().filter(locale=Locale.get_active())
    if site is not None:
        practices = practices.in_site(site)
    return list(practices[: max(0, limit)])
