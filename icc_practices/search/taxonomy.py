"""A cached snapshot of the taxonomy: the values filters accept and their labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django_countries import countries

from icc_practices.conf import settings
from icc_practices.models import City, Country, Topic
from icc_practices.models.taxonomy import default_content_language, sort_key
from icc_practices.search.cache import STRUCTURE, cached_in_process
from icc_practices.search.facets import Facet, registered_facets
from icc_practices.search.params import Vocabulary


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[tuple[str, str], ...]  # (slug, label) in the editors' order
    country_codes: tuple[str, ...]  # lower-case ISO codes
    city_names: dict[str, str]  # slug -> label
    city_countries: dict[str, str] = field(default_factory=dict)  # slug -> lower-case code

    def vocabulary(self, facets: tuple[Facet, ...] | None = None) -> Vocabulary:
        """What parsing accepts, for the registered facets (or these)."""
        facets = registered_facets() if facets is None else facets
        # Asked for several times a request (canonical address, results, back link):
        # built once per snapshot and set of facets.
        memo = self.__dict__.setdefault("_vocabularies", {})
        if facets not in memo:
            memo[facets] = self._vocabulary(facets)
        return memo[facets]

    def __getstate__(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if key != "_vocabularies"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def _vocabulary(self, facets: tuple[Facet, ...]) -> Vocabulary:
        return Vocabulary(
            facets=facets,
            accepted={facet.name: facet.accepted_values(self) for facet in facets},
            min_year=settings.MIN_YEAR,
            max_year=settings.MAX_YEAR,
        )

    def sorted_cities(self) -> list[tuple[str, str]]:
        """(slug, label) of every city, in alphabetical order of the label."""
        return sorted(self.city_names.items(), key=lambda item: sort_key(item[1]))

    def localised_countries(self) -> list[tuple[str, str]]:
        """(code, name) in the active language, sorted by that name."""
        named = [(code, str(countries.name(code.upper()))) for code in self.country_codes]
        return sorted(named, key=lambda item: sort_key(item[1]))


def _build(language: str | None) -> Taxonomy:
    """One query for the whole taxonomy: a UNION of topics, cities and countries, with
    topic and city names in ``language`` where a translation exists."""
    in_default_locale = {"locale__language_code": default_content_language()}
    label = Coalesce(F("translated_name"), F("name"))
    rows = (
        Topic.objects.filter(**in_default_locale)
        .with_labels(language)
        .order_by()
        .annotate(kind=Value("topic"), position=F("sort_order"), label=label, extra=Value(""))
        .values_list("kind", "slug", "label", "position", "extra")
        .union(
            City.objects.filter(**in_default_locale)
            .with_labels(language)
            .order_by()
            .annotate(kind=Value("city"), position=Value(0), label=label, extra=F("country__code"))
            .values_list("kind", "slug", "label", "position", "extra"),
            Country.objects.order_by()
            .annotate(kind=Value("country"), label=Value(""), position=Value(0), extra=Value(""))
            .values_list("kind", "code", "label", "position", "extra"),
            all=True,
        )
        # Django 6.1 gives a combined query its first model's default ordering, whose
        # column (sort_order) is not in the result: no ORDER BY at all.
        .order_by()
    )
    topics: list[tuple[int, str, str]] = []
    cities: dict[str, str] = {}
    city_countries: dict[str, str] = {}
    codes: list[str] = []
    for kind, value, label, position, extra in rows:
        if kind == "topic":
            topics.append((position if position is not None else 0, label, value))
        elif kind == "city":
            cities[value] = label
            city_countries[value] = str(extra).lower()
        else:
            codes.append(value.lower())
    return Taxonomy(
        topics=tuple((slug, name) for _position, name, slug in sorted(topics)),
        country_codes=tuple(sorted(codes)),
        city_names=cities,
        city_countries=city_countries,
    )


def load_taxonomy(language: str | None) -> Taxonomy:
    """The taxonomy for a language, cached until the taxonomy changes."""
    return cached_in_process(
        "taxonomy", (language,), lambda: _build(language), generations=(STRUCTURE,)
    )


def city_coordinates() -> dict[str, tuple[float, float, str]]:
    """slug -> (latitude, longitude, name) of the cities that have both: where the map
    puts their practices (the name labels a city the active language's taxonomy lacks).
    One query, kept until the taxonomy changes."""

    def read() -> dict[str, tuple[float, float, str]]:
        # Every language's cities: slug and coordinates are shared by a city's
        # translations, and a city may exist only in the language it was created in
        # (the default language's row, read last, wins).
        default = default_content_language()
        rows = (
            City.objects.filter(latitude__isnull=False, longitude__isnull=False)
            .annotate(is_default=Q(locale__language_code=default))
            .order_by("is_default", "pk")
            .values_list("slug", "latitude", "longitude", "name")
        )
        return {
            slug: (float(latitude), float(longitude), name)
            for slug, latitude, longitude, name in rows
            if latitude is not None and longitude is not None  # filtered above; for mypy
        }

    return cached_in_process("city-coordinates", (), read, generations=(STRUCTURE,))
