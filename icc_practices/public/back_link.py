"""The "Back to results" address of a practice page."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, QueryDict
from django.utils import translation
from wagtail.models import Page

from icc_practices.search.params import parse_filters
from icc_practices.search.taxonomy import load_taxonomy

# Browsers send at most this much (Chromium and Firefox cut longer ones to the origin):
# anything longer was not sent by a browser coming from the index.
MAX_REFERER_LENGTH = 4096
REFERER_SCHEMES = ("", "http", "https")


def _split_referer(request: HttpRequest) -> SplitResult | None:
    """The Referer as URL parts, or ``None`` when it cannot be a page of this site.

    The header is whatever the client chose to send: ``urlsplit`` raises ``ValueError`` on
    a malformed host such as ``http://[::1``, which must not make the page fail.
    """
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or len(referer) > MAX_REFERER_LENGTH:
        return None
    try:
        parts = urlsplit(referer)
    except ValueError:
        return None
    if parts.scheme not in REFERER_SCHEMES:
        return None
    if parts.netloc and parts.netloc != request.get_host():
        return None
    return parts


def back_to_results_url(request: HttpRequest, index_page: Page) -> str:
    """The filtered index page the visitor came from, or the index itself.

    Read from the Referer of the practice request, and only when it is this site's index
    page; its parameters are parsed again, so the link can only carry known filters. Any
    Referer that is malformed, foreign or too long gives the plain index address.
    """
    index_url = index_page.get_url(request) or "/"
    referer = _split_referer(request)
    if referer is None or referer.path != urlsplit(index_url).path:
        return index_url
    try:
        params = QueryDict(referer.query)
    except TooManyFieldsSent:
        return index_url
    vocabulary = load_taxonomy(translation.get_language()).vocabulary()
    return index_url + parse_filters(params, vocabulary).query_string()
