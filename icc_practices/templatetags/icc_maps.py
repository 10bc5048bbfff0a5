"""The map of a filter on any page: ``{% load icc_maps %}`` then
``{% icc_practices_map "topic=housing&country=es" %}`` (the index's own parameters; the
index is the site's first in the active language unless ``index=`` names one).

It draws the same map as the index's "Map" view (``icc_practices/map/map.html``: the
SVG, the table, and the zoom script if the page loads ``icc_practices/js/icc-map.js``),
with the same privacy and counts, from the query layer.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from icc_practices.conf import settings
from icc_practices.maps.drawing import practice_map
from icc_practices.public.collections import collection_index
from icc_practices.search.places import practice_places

register = template.Library()


@register.inclusion_tag("icc_practices/map/map.html", takes_context=True)
def icc_practices_map(
    context: template.Context, filters: str = "", *, index=None
) -> dict[str, Any]:
    """The map of ``filters`` (a query string) in ``index``; nothing when there is no
    index visitors may see or the map is turned off."""
    request = context.get("request")
    found = collection_index(request, index) if settings.MAP else None
    if found is None:
        return {"practice_map": None}
    places = practice_places(found, QueryDict(filters.lstrip("?")))
    # Outside the index, the map brings the package's colours and focus rings with it.
    return {
        "request": request,
        "practice_map": practice_map(places, found.url or "/"),
        "standalone": True,
    }
