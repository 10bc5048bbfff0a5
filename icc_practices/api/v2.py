"""A Wagtail API v2 endpoint for sites that have not moved to v3.

Register it on the site's v2 router::

    from icc_practices.api.v2 import PracticesAPIViewSet

    api_router.register_endpoint("practices", PracticesAPIViewSet)

It answers ``practices/`` (list, with facets), ``practices/<id>/``, ``practices/facets/``
and ``practices/taxonomy/`` with the same parameters and data as the v3 endpoints,
wrapped in v2's ``meta`` envelope.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from pydantic import ValidationError
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from icc_practices.api import payloads
from icc_practices.api.schemas import LocaleParam, PracticeFilters
from icc_practices.conf import settings
from icc_practices.models import PracticePage

LIST_PARAMETERS = ("topic", "country", "year", "city")


def _validated(schema, request):
    data = {}
    for name in schema.model_fields:
        values = request.GET.getlist(name)
        if name in LIST_PARAMETERS:
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
    known_query_parameters = frozenset([*PracticeFilters.model_fields, "format", "_"])

    def _search(self, request):
        filters = _validated(PracticeFilters, request)
        unknown = set(request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )
        if filters.page_size is not None and filters.page_size > settings.MAX_RESULTS_PER_PAGE:
            raise BadRequestError(
                f"page_size cannot be higher than {settings.MAX_RESULTS_PER_PAGE}"
            )
        try:
            index = payloads.find_index(request, filters.locale, filters.index)
        except payloads.NotFound as missing:
            raise _not_found(missing) from missing
        page_size = payloads.page_size_for(index, filters.page_size)
        results = payloads.search(request, index, filters.as_params(), page_size)
        return payloads.listing_payload(request, index, results)

    def listing_view(self, request):
        listing = self._search(request)
        return Response({"meta": {"total_count": listing["count"]}, **listing})

    def facets_view(self, request):
        listing = self._search(request)
        return Response(
            {
                "meta": {"total_count": listing["count"]},
                **{key: listing[key] for key in ("index", "locale", "count", "query", "facets")},
            }
        )

    def taxonomy_view(self, request):
        params = _validated(LocaleParam, request)
        try:
            locale = payloads.resolve_locale(params.locale)
        except payloads.NotFound as missing:
            raise _not_found(missing) from missing
        return Response(payloads.taxonomy_payload(request, locale))

    def detail_view(self, request, pk):
        try:
            practice = payloads.get_practice(pk)
        except payloads.NotFound as missing:
            raise _not_found(missing) from missing
        return Response(payloads.practice_detail(practice, request))

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("facets/", cls.as_view({"get": "facets_view"}), name="facets"),
            path("taxonomy/", cls.as_view({"get": "taxonomy_view"}), name="taxonomy"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]


def _not_found(missing: Exception) -> Http404:
    return Http404(str(missing))
