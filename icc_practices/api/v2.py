"""A Wagtail API v2 endpoint for sites that have not moved to v3.

Register it on the site's v2 router::

    from icc_practices.api.v2 import PracticesAPIViewSet

    api_router.register_endpoint("practices", PracticesAPIViewSet)

It answers ``practices/`` (list, with facets), ``practices/<id>/``, ``practices/facets/``
and ``practices/taxonomy/`` with the same parameters and data as the v3 endpoints,
wrapped in v2's ``meta`` envelope.
"""

from __future__ import annotations

import functools

from django.urls import path, re_path
from pydantic import ValidationError
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from icc_practices.api import payloads
from icc_practices.api.schemas import FilterParams, LocaleParam, filters_schema
from icc_practices.models import PracticePage
from icc_practices.search.facets import Facet, registered_facets

# Longer than any page id, even signed and zero-padded; far below the 4300 digits beyond
# which Python refuses to convert a string to an int.
MAX_ID_DIGITS = 12


@functools.lru_cache(maxsize=16)
def _filters_schema(facets: tuple[Facet, ...]) -> type[FilterParams]:
    return filters_schema(facets)


def practice_filters() -> type[FilterParams]:
    """``PracticeFilters`` for the registered facets, as the v3 API validates them."""
    return _filters_schema(registered_facets())


def _validated(schema, request):
    data = {}
    lists = {facet.name for facet in registered_facets()}
    for name in schema.model_fields:
        values = request.GET.getlist(name)
        if name in lists:
            data[name] = values
        elif values:
            data[name] = values[-1]
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        details = "; ".join(
            f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}" for problem in error.errors()
        )
        raise BadRequestError(details) from error


class PracticesAPIViewSet(BaseAPIViewSet):
    model = PracticePage
    name = "practices"

    def _search(self, request):
        schema = practice_filters()
        filters = _validated(schema, request)
        unknown = set(request.GET) - {*schema.model_fields, "facets", "format", "_"}
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )
        return payloads.search(request, filters)

    def listing_view(self, request):
        facets = request.GET.get("facets", "true").lower()
        if facets not in ("true", "false", "1", "0"):
            raise BadRequestError("facets: true or false")
        with_facets = facets in ("true", "1")
        listing = payloads.listing_payload(request, *self._search(request), with_facets)
        return Response({"meta": {"total_count": listing["count"]}, **listing})

    def facets_view(self, request):
        facets = payloads.facets_only_payload(request, *self._search(request))
        return Response({"meta": {"total_count": facets["count"]}, **facets})

    def taxonomy_view(self, request):
        locale = payloads.resolve_locale(_validated(LocaleParam, request).locale)
        return Response(payloads.taxonomy_payload(request, locale))

    def detail_view(self, request, pk: str) -> Response:
        """One practice. Any run of digits, signed, reaches here, so that a huge or negative
        id gets this API's JSON 404 rather than the site's HTML one (or a 500)."""
        practice_id = int(pk) if len(pk) <= MAX_ID_DIGITS else 0
        return Response(payloads.practice_detail(payloads.get_practice(practice_id), request))

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("facets/", cls.as_view({"get": "facets_view"}), name="facets"),
            path("taxonomy/", cls.as_view({"get": "taxonomy_view"}), name="taxonomy"),
            re_path(r"^(?P<pk>-?[0-9]+)/$", cls.as_view({"get": "detail_view"}), name="detail"),
        ]
