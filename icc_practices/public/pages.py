"""How the package's pages are served: the index with its results, a practice with its
back link, the PDF and the proposal form.

Page models are views in Wagtail's design; they delegate here through
``icc_practices.models.pages.page_views()``, which looks this module up when a page is
served, so the models import no view code (see docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers

from icc_practices.alerts.views import confirm as alert_confirm  # noqa: F401 (page_views)
from icc_practices.alerts.views import manage as alert_manage  # noqa: F401
from icc_practices.alerts.views import sent as alert_sent  # noqa: F401
from icc_practices.alerts.views import signup as alert_signup  # noqa: F401
from icc_practices.conf import settings
from icc_practices.maps.drawing import practice_map
from icc_practices.pdf.dossier import dossier_response
from icc_practices.public.back_link import back_to_results_url
from icc_practices.public.citation import CITATION_FORMATS, citation_response
from icc_practices.public.downloads import (
    DOWNLOAD_FORMATS,
    TEMPLATE_FORMATS,
    results_download,
    template_download,
)
from icc_practices.public.feeds import feed_parameters, feed_query, feed_response
from icc_practices.public.host_template import add_head_links
from icc_practices.public.response_cache import is_page_view, serve_shared
from icc_practices.public.sitemaps import sitemap_urls as sitemap_urls  # for page_views()
from icc_practices.search.places import practice_places
from icc_practices.search.query import canonical_query, search_practices
from icc_practices.submissions import ratelimit
from icc_practices.submissions.views import proposal_received as proposal_thanks
from icc_practices.submissions.views import propose_practice, update_proposal
from icc_practices.transfer.formats import xlsx_available

if TYPE_CHECKING:
    from icc_practices.models import PracticeIndexPage, PracticePage

Route = tuple[Callable[..., HttpResponse] | None, list[Any] | None, dict[str, Any] | None]
Serve = Callable[..., HttpResponse]


def index_context(
    page: PracticeIndexPage, request: HttpRequest, context: dict[str, Any]
) -> dict[str, Any]:
    """The index's template context: its results for the request's parameters."""
    results = search_practices(page, request.GET, page.results_per_page)
    context["results"] = results
    query = results.state.query_string(page=False)
    context["download_links"] = [
        (file_format.upper(), page.download_url(file_format) + query)
        for file_format in DOWNLOAD_FORMATS
    ]
    context["feed_links"] = feed_links(page, feed_query(results.state))
    context["alerts_url"] = page.alerts_url() + feed_query(results.state) if settings.ALERTS else ""
    list_query = results.state.query_string(page=False)
    context["list_url"] = (page.url or "/") + list_query
    context["map_url"] = page.map_url() + list_query if settings.MAP else ""
    context.setdefault("view_name", "list")
    cap = settings.DOSSIER_MAX_PRACTICES
    context["dossier_cap"] = max(cap, 0)
    context["dossier_url"] = page.dossier_url() + list_query if 0 < results.total <= cap else ""
    context["template_links"] = [
        (file_format.upper(), page.template_url(file_format))
        for file_format in TEMPLATE_FORMATS
        if file_format != "xlsx" or xlsx_available()
    ]
    return context


def index_dossier(request: HttpRequest, page: PracticeIndexPage) -> HttpResponse:
    """The results of the request's filter as one PDF (or a page saying when it is ready)."""
    if settings.DOSSIER_MAX_PRACTICES <= 0:
        raise Http404

    def may_start() -> bool:  # a new dossier is minutes of a worker's time: per client
        if ratelimit.exceeded(request, limit=DOSSIERS):
            return False
        ratelimit.count(request, limit=DOSSIERS)
        return True

    return dossier_response(request, page, may_start)


DOSSIERS = ratelimit.Limit("dossiers", lambda: settings.DOSSIERS_PER_HOUR, lambda _email: 0)


MAP_TEMPLATE = "icc_practices/practice_index_map.html"


def index_map(request: HttpRequest, page: PracticeIndexPage) -> HttpResponse:
    """The index's results on a map, kept like the list (keyed by the canonical query)."""
    if not settings.MAP:
        raise Http404
    query = canonical_query(request.GET)
    return serve_shared(
        request,
        "map",
        (page.pk, page.live_revision_id, page.last_published_at, query),
        lambda: _map_response(page, request),
        keep=query is not None,
    )


def _map_response(page: PracticeIndexPage, request: HttpRequest) -> HttpResponse:
    context = page.get_context(request)
    context["view_name"] = "map"
    context["filter_action"] = page.map_url()
    places = practice_places(page, request.GET)
    context["practice_map"] = practice_map(places, page.url or "/")
    response = TemplateResponse(request, MAP_TEMPLATE, context)
    if places.state.is_filtered:
        response["X-Robots-Tag"] = "noindex, follow"
    return response


def feed_links(page: PracticeIndexPage, query: str) -> list[tuple[str, str, str]]:
    """(MIME type, title, address) of the feeds of the current filter."""
    return [
        ("application/rss+xml", "RSS", page.feed_url("rss") + query),
        ("application/atom+xml", "Atom", page.feed_url("atom") + query),
    ]


def serve_index(
    page: PracticeIndexPage,
    request: HttpRequest,
    view: Callable[..., HttpResponse] | None,
    args: list[Any] | None,
    kwargs: dict[str, Any] | None,
    serve: Serve,
) -> HttpResponse:
    """The index (whole responses shared between visitors, keyed by the canonical query);
    its other routes (the proposal form) are served as they are."""
    if not is_page_view(view):
        return serve(request, view, args, kwargs)
    query = canonical_query(request.GET)
    return serve_shared(
        request,
        "index",
        (page.pk, page.live_revision_id, page.last_published_at, query),
        lambda: _index_response(page, request, serve(request, view, args, kwargs)),
        keep=query is not None,
    )


def _index_response(
    page: PracticeIndexPage, request: HttpRequest, response: HttpResponse
) -> HttpResponse:
    context = getattr(response, "context_data", None) or {}
    results = context.get("results")
    if results is not None:
        state = results.state
        if state.is_filtered:
            # Filtered views are endless permutations of one collection: keep them out
            # of search engines (the canonical link points at the unfiltered index).
            response["X-Robots-Tag"] = "noindex, follow"
        canonical = page.full_url or ""
        if not state.is_filtered and results.page.number > 1:
            canonical += f"?page={results.page.number}"
        query = state.query_string(page=False)
        add_head_links(response, request, page, canonical, query, context.get("feed_links", ()))
    return response


def practice_context(
    page: PracticePage, request: HttpRequest, context: dict[str, Any], back_url: str | None
) -> dict[str, Any]:
    """A practice's template context: the link back to the results the visitor came from."""
    context["back_url"] = back_url or back_to_results_url(request, page.get_parent())
    return context


def serve_practice(
    page: PracticePage,
    request: HttpRequest,
    view: Callable[..., HttpResponse] | None,
    args: list[Any] | None,
    kwargs: dict[str, Any] | None,
    serve: Serve,
) -> HttpResponse:
    """A practice, shared between visitors who came from the same results; its PDF route
    is served as it is."""
    if not is_page_view(view):
        return serve(request, view, args, kwargs)
    # The page depends on where the visitor came from (the "Back to results" link).
    back_url = back_to_results_url(request, page.get_parent())
    route_kwargs = {**(kwargs or {}), "back_url": back_url}
    return serve_shared(
        request,
        "practice",
        (page.pk, page.live_revision_id, page.last_published_at, back_url),
        lambda: _practice_response(page, request, serve(request, view, args, route_kwargs)),
        keep=not request.GET,  # the page reads no parameters: ?utm_source= and the like
        # A back link with a visitor's search words is kept here (keyed by it) but never
        # offered to shared caches, some of which ignore Vary: Referer.
        public="?" not in back_url,
    )


def _practice_response(
    page: PracticePage, request: HttpRequest, response: HttpResponse
) -> HttpResponse:
    add_head_links(response, request, page, None, "")
    # The page depends on where the visitor came from (its "Back to results" link).
    patch_vary_headers(response, ["Referer"])
    return response


def feed(request: HttpRequest, page: PracticeIndexPage, kind: str) -> HttpResponse:
    """The RSS or Atom feed of the request's filter, kept like a page (keyed by the
    canonical filter; other parameters are served as they are, never kept)."""
    query = canonical_query(feed_parameters(request))  # one feed whatever the order asked
    return serve_shared(
        request,
        "feed:" + kind,
        (page.pk, page.live_revision_id, page.last_published_at, query),
        lambda: feed_response(request, page, kind),
        keep=query is not None,
    )


def citation(request: HttpRequest, page: PracticePage, citation_format: str) -> HttpResponse:
    """The practice's reference as a file (404 for formats other than BibTeX and CSL-JSON)."""
    if citation_format not in CITATION_FORMATS:
        raise Http404
    return citation_response(request, page, citation_format)


def pdf(request: HttpRequest, page: PracticePage, preview: bool = False) -> HttpResponse:
    """The practice as a tagged PDF (see ``icc_practices.pdf``)."""
    from icc_practices.pdf import practice_pdf_response  # WeasyPrint loads on first use

    return practice_pdf_response(request, page, preview=preview)


def pdf_url(request: HttpRequest | None, page: PracticePage) -> str | None:
    """Where a practice's PDF is, or ``None`` (not live, or no PDF renderer here)."""
    from icc_practices.pdf.availability import pdf_renderer_problem

    if not page.live or pdf_renderer_problem():
        return None
    url = page.get_url(request)
    return url + page.reverse_subpage("pdf") if url else None


def download(
    request: HttpRequest, page: PracticeIndexPage, file_format: str
) -> StreamingHttpResponse:
    """The results of the visitor's filter as CSV or JSON (404 for other formats)."""
    if file_format not in DOWNLOAD_FORMATS:
        raise Http404
    return results_download(request, page, file_format)


def collection_template(
    request: HttpRequest, page: PracticeIndexPage, file_format: str
) -> HttpResponse:
    """The ICC template for collecting practices (404 for other formats)."""
    if file_format not in TEMPLATE_FORMATS or (file_format == "xlsx" and not xlsx_available()):
        raise Http404
    return template_download(file_format)


def propose(request: HttpRequest, page: PracticeIndexPage) -> HttpResponse:
    """The public form for proposing a practice (``icc_practices.submissions``)."""
    return propose_practice(request, page)


def proposal_update(request: HttpRequest, page: PracticeIndexPage, token: str) -> HttpResponse:
    """The author completes a proposal editors asked about."""
    return update_proposal(request, page, token)


def proposal_received(request: HttpRequest, page: PracticeIndexPage) -> HttpResponse:
    """The page that thanks the author of a proposal."""
    return proposal_thanks(request, page)
