"""A practice's partner cities, each linked to the practices of its own.

Partner cities may lie in any country and need not have practices of their own; a link
that leads to an empty list would be a dead end, so only cities that visitors can find
practices for under the same index are linked (one query, only for practices that name
partner cities).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest

from icc_practices.models import City, PracticePage
from icc_practices.search.facets import registered_facets
from icc_practices.search.query import collection


def city_parameter() -> str | None:
    """The name of the facet that filters by a practice's own cities, if one is registered."""
    for facet in registered_facets():
        if facet.field == "cities__slug":
            return facet.name
    return None


def partner_cities(practice: PracticePage, request: HttpRequest | None) -> list[City]:
    """The partner cities, labelled in the active language, each with ``practices_url``:
    the index filtered to that city, or ``None`` when it has no practices there."""
    cities = practice.localised_partner_cities
    parameter = city_parameter()
    for city in cities:
        city.practices_url = None
    if not cities or parameter is None or practice.pk is None:
        return cities
    index = practice.get_parent()
    base = index.get_url(request) if index is not None else None
    if not base:
        return cities
    listed = collection(index).values("pk")  # as the index lists them, other languages too
    with_practices = set(
        City.objects.filter(pk__in=[city.pk for city in cities], practices__in=listed)
        .values_list("pk", flat=True)
        .distinct()
    )
    for city in cities:
        if city.pk in with_practices:
            city.practices_url = f"{base}?{urlencode({parameter: city.slug})}"
    return cities
