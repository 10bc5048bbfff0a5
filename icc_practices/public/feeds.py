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
from icc_practices.search.params import FilterState
from icc_practices.search.query import PracticeResults, search_practices

if TYPE_CHECKING:
    from icc_practices.models import PracticeIndexPage, PracticePage

FEED_ORDER = "added"
# Characters XML 1.0 does not allow (Word's vertical tab, a pasted form feed): Django's
# feed writer refuses them, and one in a summary would break every feed that lists it.
_NOT_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def xml_text(value: object) -> str:
    """Text a feed can carry: the characters XML 1.0 refuses left out."""
    return str(value).translate(_NOT_XML)


def feed_query(state: FilterState) -> str:
    """The filter's query string without order or page (a feed has its own order), so
    that every variant of one filter is one feed, kept once."""
    return state.filter_query()


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

    def own_url(self, kind: str) -> str:
        """The feed's canonical address (the one it is kept under), for ``rel="self"``."""
        page = self.page
        route = page.reverse_subpage("atom_feed" if kind == "atom" else "feed")
        return (page.get_full_url(self.request) or "") + route + feed_query(self.results.state)


class RssWithAlerts(Rss201rev2Feed):
    """RSS 2.0 whose channel links the e-mail alerts of its filter (``atom:link``, as the
    channel's ``rel="self"`` already is)."""

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        if self.feed.get("alerts_url"):
            handler.addQuickElement("atom:link", None, _alerts_link(self.feed))


class AtomWithAlerts(Atom1Feed):
    """Atom 1.0 whose feed links the e-mail alerts of its filter."""

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        if self.feed.get("alerts_url"):
            handler.addQuickElement("link", "", _alerts_link(self.feed))


def _alerts_link(feed: dict) -> dict[str, str]:
    return {
        "rel": "related",
        "type": "text/html",
        "href": feed["alerts_url"],
        "title": feed["alerts_title"],
    }


class PracticeFeed(Feed):
    """RSS 2.0: the practices of a filter, the most recently added first."""

    feed_type: type[SyndicationFeed] = RssWithAlerts

    def get_object(self, request: HttpRequest, page: PracticeIndexPage) -> FeedSource:
        self._request = request  # one feed object per request (feed_response)
        results = search_practices(page, feed_parameters(request), max(1, settings.FEED_ITEMS))
        return FeedSource(page, request, results, listed_practices(results.ids))

    kind = "rss"

    def title(self, source: FeedSource) -> str:
        if not source.filter_labels:
            return xml_text(source.page.title)
        return xml_text(f"{source.page.title}: {', '.join(source.filter_labels)}")

    def link(self, source: FeedSource) -> str:
        return source.page.get_full_url(source.request) + source.query

    def feed_url(self, source: FeedSource) -> str:
        return source.own_url(self.kind)

    def feed_extra_kwargs(self, source: FeedSource) -> dict[str, str]:
        """The page where readers of this feed can get the same practices by e-mail."""
        if not settings.ALERTS:
            return {}
        page = source.page
        return {
            "alerts_url": (page.get_full_url(source.request) or "")
            + page.reverse_subpage("alerts")
            + feed_query(source.results.state),
            "alerts_title": xml_text(gettext("Get new practices by e-mail")),
        }

    def description(self, source: FeedSource) -> str:
        return xml_text(self._description(source))

    def _description(self, source: FeedSource) -> str:
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
        return xml_text(practice.title)

    def item_description(self, practice: PracticePage) -> str:
        return xml_text(practice.summary)

    def item_link(self, practice: PracticePage) -> str:
        return practice.get_full_url(self._request) or ""

    def item_pubdate(self, practice: PracticePage) -> datetime | None:
        return practice.first_published_at

    def item_updateddate(self, practice: PracticePage) -> datetime | None:
        return practice.last_published_at

    def item_guid(self, practice: PracticePage) -> str:
        """A ``tag:`` URI (RFC 4151) that outlives a new slug or a move: the practice's
        translation key and language, so a reader never announces it twice."""
        host = self._request.get_host().split(":")[0] or "localhost"
        day = practice.first_published_at or practice.latest_revision_created_at
        dated = day.date().isoformat() if day else "2000-01-01"
        return f"tag:{host},{dated}:practice/{practice.translation_key}/{practice.locale_id}"

    item_guid_is_permalink = False

    def item_categories(self, practice: PracticePage) -> list[str]:
        return [xml_text(topic.label) for topic in practice.localised_topics]

    def item_author_name(self, practice: PracticePage) -> str | None:
        return xml_text(practice.lead_organisation) or None


class AtomPracticeFeed(PracticeFeed):
    """The same feed as Atom 1.0."""

    feed_type = AtomWithAlerts
    kind = "atom"

    def subtitle(self, source: FeedSource) -> str:
        return self.description(source)


FEEDS: dict[str, type[PracticeFeed]] = {"rss": PracticeFeed, "atom": AtomPracticeFeed}


def feed_response(request: HttpRequest, page: PracticeIndexPage, kind: str) -> HttpResponse:
    """The feed of the request's filter (``kind``: ``rss`` or ``atom``)."""
    response = FEEDS[kind]()(request, page=page)
    response["X-Robots-Tag"] = "noindex, follow"
    return response
