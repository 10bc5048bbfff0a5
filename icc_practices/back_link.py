"""The "Back to results" address of a practice page."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, QueryDict
from django.utils import translation
from wagtail.models import Page

from icc_practices.filters import parse_filters
from icc_practices.vocabulary import load_taxonomy


def back_to_results_url(request: HttpRequest, index_page: Page) -> str:
    """The filtered index page the visitor came from, or the index itself.

    Read from the Referer of the practice request, and only when it is this site's index
    page; its parameters are parsed again, so the link can only carry known filters.
    """
    index_url = index_page.get_url(request) or "/"
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.netloc and referer.netloc != request.get_host():
        return index_url
    if referer.path != urlsplit(index_url).path:
        return index_url
    vocabulary = load_taxonomy(translation.get_language()).vocabulary()
    state = parse_filters(QueryDict(referer.query), vocabulary)
    return index_url + state.query_string()
