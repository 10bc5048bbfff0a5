"""The map of a filter as the template draws it: each place's point on the shipped
world outline, its size, its link and its accessible name."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

from django.utils.html import json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from icc_practices.conf import settings
from icc_practices.maps.projection import project, unproject
from icc_practices.maps.world import World, world
from icc_practices.search.places import Place, PlaceCounts

MIN_RADIUS = 3.0
MAX_RADIUS = 14.0
FIT_MARGIN = 20.0  # map units around the points when the map shows only their part
MAX_FIT_ZOOM = 4.0
_numbers = itertools.count(1)  # element ids: unique within any page this process renders


@dataclass(frozen=True)
class MapPoint:
    place: Place
    x: float
    y: float
    radius: float
    url: str
    name: str  # "Barcelona: 3 practices": the link's accessible name and tooltip
    latitude: float  # for hosts that draw on tiles (ICC_PRACTICES_MAP_TILES)
    longitude: float
    shown_radius: float = 0.0  # in the first view: the same size on screen at any zoom


@dataclass(frozen=True)
class PracticeMap:
    """What ``icc_practices/map/map.html`` draws."""

    world: World
    points: tuple[MapPoint, ...]  # largest first, so that small points are drawn on top
    places: PlaceCounts
    not_drawn: tuple[Place, ...]  # countries the outline has no centre for (the table has them)
    index_url: str  # the list the points link to (add a place's query)
    tiles: dict | None = None  # ICC_PRACTICES_MAP_TILES: the script draws on them instead
    view_box: str = ""  # what the map shows first (see fitted_view)
    element_id: str = "icc-map"  # unique in the page: a page may hold several maps

    @property
    def world_box(self) -> str:
        """The whole world: what *Show the whole world* goes back to."""
        return f"0 0 {self.world.width} {self.world.height}"

    @property
    def tiles_json(self) -> SafeString:
        """The tile settings for the script, as JSON that is safe inside ``<script>``
        (Django's ``json_script`` escapes <, > and &; only its content is wanted, since
        its fixed id would repeat when a page holds two maps)."""
        tag = json_script(self.tiles or {})
        return mark_safe(tag[tag.index(">") + 1 : tag.rindex("<")])  # noqa: S308 - escaped

    @property
    def title(self) -> str:
        return map_title(self.places)


def place_name(place: Place) -> str:
    if place.kind == "city":
        return ngettext(
            "%(place)s: %(count)s practice", "%(place)s: %(count)s practices", place.count
        ) % {"place": place.label, "count": place.count}
    return ngettext(
        "%(place)s, without a city on the map: %(count)s practice",
        "%(place)s, without a city on the map: %(count)s practices",
        place.count,
    ) % {"place": place.label, "count": place.count}


def practice_map(places: PlaceCounts, index_url: str) -> PracticeMap:
    """Points for ``places``, linking to the index at ``index_url`` (its list, filtered to
    the place). The area of a point grows with its count."""
    drawn = world()
    largest = max((place.count for place in places.places), default=1)
    points: list[MapPoint] = []
    missing: list[Place] = []
    for place in places.places:
        if place.kind == "city" and place.latitude is not None and place.longitude is not None:
            x, y = project(place.latitude, place.longitude)
        elif place.value in drawn.centres:
            x, y = drawn.centres[place.value]
        else:
            missing.append(place)
            continue
        radius = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(place.count / largest)
        if place.latitude is not None and place.longitude is not None:
            latitude, longitude = place.latitude, place.longitude
        else:
            latitude, longitude = unproject(x, y)
        points.append(
            MapPoint(
                place=place,
                x=round(x, 1),
                y=round(y, 1),
                radius=round(radius, 1),
                url=index_url + place.query,
                name=place_name(place),
                latitude=round(latitude, 4),
                longitude=round(longitude, 4),
            )
        )
    points.sort(key=lambda point: -point.radius)
    view_box, zoom = fitted_view(points, drawn)
    shown = tuple(
        replace(point, shown_radius=round(point.radius / math.sqrt(zoom), 2)) for point in points
    )
    tiles = settings.MAP_TILES or None
    element_id = f"icc-map-{next(_numbers)}"
    return PracticeMap(drawn, shown, places, tuple(missing), index_url, tiles, view_box, element_id)


def fitted_view(points: list[MapPoint], drawn: World) -> tuple[str, float]:
    """The viewBox the map opens on and its zoom: the part of the world that holds the
    points (with a margin, at most ``MAX_FIT_ZOOM`` times closer than the whole world),
    so that a collection of European cities is not a crowd in a corner of the world."""
    width, height = drawn.width, drawn.height
    if not points:
        return f"0 0 {width} {height}", 1.0
    left = min(point.x for point in points) - FIT_MARGIN
    right = max(point.x for point in points) + FIT_MARGIN
    top = min(point.y for point in points) - FIT_MARGIN
    bottom = max(point.y for point in points) + FIT_MARGIN
    box_width = max(right - left, (bottom - top) * width / height, width / MAX_FIT_ZOOM)
    box_width = min(box_width, width)
    box_height = box_width * height / width
    x = min(max((left + right - box_width) / 2, 0), width - box_width)
    y = min(max((top + bottom - box_height) / 2, 0), height - box_height)
    return f"{x:.1f} {y:.1f} {box_width:.1f} {box_height:.1f}", width / box_width


def map_title(places: PlaceCounts) -> str:
    return ngettext("Map of %(count)s practice", "Map of %(count)s practices", places.total) % {
        "count": places.total
    }
