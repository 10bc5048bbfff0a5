"""Practices on Wagtail 8's v3 API (django-ninja).

``register()`` adds the router below to ``wagtail.api.v3.api.api`` when the host has
``wagtail.api.v3`` installed, so the endpoints appear under ``practices/`` wherever the host
mounts the v3 API, in its OpenAPI document and docs page. Read-only and open to anonymous
clients, like the public site.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from icc_practices.api import payloads
from icc_practices.api.schemas import (
    FacetCounts,
    LocaleParam,
    PracticeDetail,
    PracticeFilters,
    PracticeList,
    Problem,
    Taxonomy,
)
from icc_practices.conf import settings

PREFIX = "/practices/"
router = Router(tags=["practices"])
ERRORS = {400: Problem, 404: Problem}


def _index_and_results(request: HttpRequest, filters: PracticeFilters):
    if filters.page_size is not None and filters.page_size > settings.MAX_RESULTS_PER_PAGE:
        raise HttpError(400, f"page_size cannot be higher than {settings.MAX_RESULTS_PER_PAGE}")
    try:
        locale = payloads.resolve_locale(filters.locale)
        index = payloads.find_index(request, locale, filters.index)
    except payloads.NotFound as missing:
        raise HttpError(404, str(missing)) from missing
    page_size = payloads.page_size_for(index, filters.page_size)
    return index, payloads.search(request, index, filters.as_params(), page_size)


@router.get(
    "/",
    response={200: PracticeList, **ERRORS},
    summary="List practices",
    operation_id="icc_practices_list",
)
def list_practices(request: HttpRequest, filters: Query[PracticeFilters]):
    """A page of practices for a filter state, with its facet counts: the HTML index's
    parameters and results."""
    index, results = _index_and_results(request, filters)
    return payloads.listing_payload(request, index, results)


@router.get(
    "/facets/",
    response={200: FacetCounts, **ERRORS},
    summary="Facet counts",
    operation_id="icc_practices_facets",
)
def practice_facets(request: HttpRequest, filters: Query[PracticeFilters]):
    """Disjunctive counts for any filter state, identical to the HTML index's."""
    index, results = _index_and_results(request, filters)
    listing = payloads.listing_payload(request, index, results)
    return {key: listing[key] for key in ("index", "locale", "count", "query", "facets")}


@router.get(
    "/taxonomy/",
    response={200: Taxonomy, **ERRORS},
    summary="Topics, countries and cities",
    operation_id="icc_practices_taxonomy",
)
def practice_taxonomy(request: HttpRequest, params: Query[LocaleParam]):
    """The taxonomy in a language, with the number of live practices for each entry."""
    try:
        locale = payloads.resolve_locale(params.locale)
    except payloads.NotFound as missing:
        raise HttpError(404, str(missing)) from missing
    return payloads.taxonomy_payload(request, locale)


@router.get(
    "/{practice_id}/",
    response={200: PracticeDetail, **ERRORS},
    summary="Practice detail",
    operation_id="icc_practices_detail",
)
def practice_detail(request: HttpRequest, practice_id: int):
    """Every field of a live, public practice, labelled in its language."""
    try:
        practice = payloads.get_practice(practice_id)
    except payloads.NotFound as missing:
        raise HttpError(404, str(missing)) from missing
    return payloads.practice_detail(practice, request)


_registered = False


def register() -> None:
    """Add the practices router to Wagtail's v3 API (once)."""
    global _registered
    if _registered:
        return
    from wagtail.api.v3.api import api

    api.add_router(PREFIX, router)
    _registered = True
