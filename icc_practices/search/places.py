"""Where the practices of a filter are: what the map draws, read from the query layer.

A practice counts at each of its cities that has coordinates; a practice with none
counts at each of its countries (lead and further). Counts come from the same facet
index as the list and its facets, so the map always agrees with them and never shows a
practice the list would not (drafts, private pages, another language's collection).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from wagtail.models import Page

from icc_practices.search.facets import CityFacet, CountryFacet
from icc_practices.search.params import FilterState, ParamLists
from icc_practices.search.query import select_practices
from icc_practices.search.taxonomy import city_coordinates


@dataclass(frozen=True)
class Place:
    """One point of the map: a city, or a country for practices with no located city."""

    kind: str  # "city" or "country"
    value: str  # the city's slug or the country's lower-case code
    label: str
    count: int
    query: str  # the current filter narrowed to this place ("?topic=x&city=y")
    latitude: float | None = None  # cities only: countries are drawn at their centre
    longitude: float | None = None


@dataclass(frozen=True)
class PlaceCounts:
    """The map of one filter state: its places, most practices first."""

    state: FilterState
    total: int  # practices in the results
    places: tuple[Place, ...]
    unplaced: int  # practices with neither a located city nor a country

    @property
    def cities(self) -> tuple[Place, ...]:
        return tuple(place for place in self.places if place.kind == "city")

    @property
    def countries(self) -> tuple[Place, ...]:
        return tuple(place for place in self.places if place.kind == "country")


def practice_places(
    index_page: Page, params: ParamLists | Mapping[str, Sequence[str]]
) -> PlaceCounts:
    """The places of the practices that ``params`` select in the index's collection (no
    query beyond the list's own once the facet index and taxonomy are kept)."""
    selection = select_practices(index_page, params)
    state, index, taxonomy = selection.state, selection.index, selection.taxonomy
    matching = selection.matching
    coordinates = city_coordinates()
    # A point links to the list of its city (the filter with that city as its only city),
    # and counts what that list holds: with cities chosen, only they are drawn (another
    # city of their practices would count only those, and list all of its own).
    chosen = set(state.selected(CityFacet.name))
    places: list[Place] = []
    located = 0
    for slug, members in index.options.get(CityFacet.name, {}).items():
        if slug not in coordinates or (chosen and slug not in chosen):
            continue
        located |= members
        count = (members & matching).bit_count()
        if count:
            latitude, longitude, name = coordinates[slug]
            label = taxonomy.city_names.get(slug, name)
            query = _narrowed(state, CityFacet.name, slug)
            places.append(Place("city", slug, label, count, query, latitude, longitude))
    elsewhere = matching & ~located
    country_names = dict(taxonomy.localised_countries())
    in_a_country = 0
    for code, members in index.options.get(CountryFacet.name, {}).items():
        in_a_country |= members
        count = (members & elsewhere).bit_count()
        if count:
            label = country_names.get(code, code.upper())
            query = _narrowed(state, CountryFacet.name, code)
            places.append(Place("country", code, label, count, query))
    places.sort(key=lambda place: (-place.count, place.label))
    return PlaceCounts(
        state=state,
        total=matching.bit_count(),
        places=tuple(places),
        unplaced=(elsewhere & ~in_a_country).bit_count(),
    )


def _narrowed(state: FilterState, facet: str, value: str) -> str:
    """The filter's query string with ``value`` as the facet's only choice (a point is one
    place, whatever places the filter had), without order or page."""
    params = [
        (name, item) for name, item in state.params(page=False) if name not in ("sort", facet)
    ]
    params.append((facet, value))
    return "?" + urlencode(params)
