"""Practices on Wagtail 8's v3 API (django-ninja).

``register()`` adds the router that ``build_router()`` makes (its schemas name the
registered facets, read when the app is ready) to ``wagtail.api.v3.api.api`` when the host has
``wagtail.api.v3`` installed, so the endpoints appear under ``practices/`` wherever the host
mounts the v3 API, in its OpenAPI document and docs page. Read-only and open to anonymous
clients, like the public site.
"""

# No ``from __future__ import annotations``: django-ninja reads the routes' annotations,
# and the filter schema is a local of build_router().
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Path, Query, Router
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth

from icc_practices.api import payloads
from icc_practices.api.schemas import (
    LocaleParam,
    PageId,
    PracticeDetail,
    Taxonomy,
    facet_schemas,
    problem_responses,
    with_problems,
)
from icc_practices.search.facets import Facet, registered_facets

PREFIX = "/practices/"
ERRORS = problem_responses(404, 422)


def build_router(facets: tuple[Facet, ...]) -> Router:
    """The practices router, its schemas naming these facets."""
    schemas = facet_schemas(facets)
    # The document's facets: a facet registered after start-up is not in it (its
    # parameter is ignored here), and one dropped since answers an empty list.
    names = [facet.name for facet in facets]
    PracticeFilters = schemas.filters
    router = Router(tags=["practices"])

    @router.get(
        "/",
        response=with_problems(schemas.listing, 404, 422),
        openapi_extra=ERRORS,
        summary="List practices",
        operation_id="icc_practices_list",
    )
    def list_practices(
        request: HttpRequest,
        filters: Query[PracticeFilters],  # type: ignore[valid-type]
        facets: bool = Query(
            True,
            description="false: the page of practices without facet options (`facets` is "
            "null), for clients that have them already; `practices/facets/` gives the "
            "facets without practices.",
        ),
    ):
        """A page of practices for a filter state, with its facet counts: the HTML index's
        parameters and results."""
        found = payloads.search(request, filters)
        return payloads.listing_payload(request, *found, with_facets=facets, facet_names=names)

    @router.get(
        "/facets/",
        response=with_problems(schemas.counts, 404, 422),
        openapi_extra=ERRORS,
        summary="Facet counts",
        operation_id="icc_practices_facets",
    )
    def practice_facets(request: HttpRequest, filters: Query[PracticeFilters]):  # type: ignore[valid-type]
        """Disjunctive counts for any filter state, identical to the HTML index's."""
        found = payloads.search(request, filters)
        return payloads.facets_only_payload(request, *found, facet_names=names)

    @router.get(
        "/taxonomy/",
        response=with_problems(Taxonomy, 404, 422),
        openapi_extra=ERRORS,
        summary="Topics, countries and cities",
        operation_id="icc_practices_taxonomy",
    )
    def practice_taxonomy(request: HttpRequest, params: Query[LocaleParam]):
        """The taxonomy in a language, with the number of live practices for each entry."""
        return payloads.taxonomy_payload(request, payloads.resolve_locale(params.locale))

    @router.get(
        "/{practice_id}/",
        response=with_problems(PracticeDetail, 404, 422),
        openapi_extra=ERRORS,
        summary="Practice detail",
        operation_id="icc_practices_detail",
        auth=[BearerTokenAuth(), AllowAnonymous()],
    )
    def practice_detail(
        request: HttpRequest,
        response: HttpResponse,
        practice_id: Path[PageId],
        version: Literal["live", "draft"] = "live",
    ):
        """Every field of a live, public practice, labelled in its language. With
        ``version=draft`` and the API token of a user who may edit it, the latest draft
        (headless preview; never cached)."""
        draft = None
        if version == "draft":
            patch_cache_control(response, private=True, no_store=True)
            draft = payloads.get_draft(practice_id, request.user)
        if draft is not None:
            return payloads.practice_detail(draft, request, draft=True)
        return payloads.practice_detail(payloads.get_practice(practice_id), request)

    return router


_registered = False


def register() -> None:
    """Add the practices router to Wagtail's v3 API (once)."""
    global _registered
    if _registered:
        return
    from wagtail.api.v3.api import api

    api.add_router(PREFIX, build_router(registered_facets()))
    _registered = True
