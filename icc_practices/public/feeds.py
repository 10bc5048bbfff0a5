"""RSS 2.0 and Atom feeds for any filter of an index: ``feed/`` and ``feed/atom/`` under
the index take the index's own query string (``feed/?topic=education&country=es``).

Built on Django's syndication framework. The practices come from the query layer in the
order "Recently added" (a feed reader wants what is new, whatever its year), at most
``ICC_PRACTICES_FEED_ITEMS``; only practices a visitor may see, in the index's language,
with its labels. The finished feed is kept like a page (``serve_shared``: keyed by the
canonical filter, under the generations, with an ETag, so a polling reader mostly gets
304 Not Modified).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext

from icc_practices.conf import settings
from icc_practices.search.listing import listed_practices
from icc_practices.search.query import PracticeResults, search_practices

if TYPE_CHECKING:
    from icc_practices.models import PracticeIndexPage, PracticePage

FEED_ORDER = "added"


def feed_parameters(request: HttpRequest) -> dict[str, list[str]]:
    """The request's filter, in the feed's order, from its first page."""
    params = {name: values for name, values in request.GET.lists() if name not in ("sort", "page")}
    params["sort"] = [FEED_ORDER]
    return params


@dataclass
class FeedSource:
    """What one feed shows: the index, the filter's results and the request."""

    page: PracticeIndexPage
    request: HttpRequest
    results: PracticeResults
    practices: list[PracticePage]

    @property
    def filter_labels(self) -> list[str]:
        return [active.label for active in self.results.active_filters]

    @property
    def query(self) -> str:
        return self.results.state.query_string(page=False)


class PracticeFeed(Feed):
    """RSS 2.0: the practices of a filter, the most recently added first."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, page: PracticeIndexPage) -> FeedSource:
        self._request = request  # one feed object per request (feed_response)
        results = search_practices(page, feed_parameters(request), settings.FEED_ITEMS)
        return FeedSource(page, request, results, listed_practices(results.ids))

    def title(self, source: FeedSource) -> str:
        if not source.filter_labels:
            return source.page.title
        return f"{source.page.title}: {', '.join(source.filter_labels)}"

    def link(self, source: FeedSource) -> str:
        return source.page.get_full_url(source.request) + source.query

    def feed_url(self, source: FeedSource) -> str:
        return source.request.build_absolute_uri()

    def description(self, source: FeedSource) -> str:
        if source.filter_labels:
            return gettext(
                "The practices of %(index)s about %(filters)s, the most recently added first."
            ) % {
                "index": source.page.title,
                "filters": ", ".join(source.filter_labels),
            }
        return gettext("The practices of %(index)s, the most recently added first.") % {
            "index": source.page.title
        }

    def items(self, source: FeedSource) -> list[PracticePage]:
        return source.practices

    def item_title(self, practice: PracticePage) -> str:
        return practice.title

    def item_description(self, practice: PracticePage) -> str:
        return practice.summary

    def item_link(self, practice: PracticePage) -> str:
        return practice.get_full_url(self._request) or ""

    def item_pubdate(self, practice: PracticePage) -> datetime | None:
        return practice.first_published_at

    def item_updateddate(self, practice: PracticePage) -> datetime | None:
        return practice.last_published_at

    def item_categories(self, practice: PracticePage) -> list[str]:
        return [str(topic.label) for topic in practice.localised_topics]

    def item_author_name(self, practice: PracticePage) -> str | None:
        return practice.lead_organisation or None


class AtomPracticeFeed(PracticeFeed):
    """The same feed as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, source: FeedSource) -> str:
        return self.description(source)


FEEDS: dict[str, type[PracticeFeed]] = {"rss": PracticeFeed, "atom": AtomPracticeFeed}


def feed_response(request: HttpRequest, page: PracticeIndexPage, kind: str) -> HttpResponse:
    """The feed of the request's filter (``kind``: ``rss`` or ``atom``)."""
    response = FEEDS[kind]()(request, page=page)
    response["X-Robots-Tag"] = "noindex, follow"
    return response
