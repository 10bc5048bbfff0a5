"""A cached snapshot of the taxonomy: the values filters accept and their labels."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django_countries import countries
from wagtail.models import Locale

from icc_practices.cache import cached
from icc_practices.conf import settings
from icc_practices.filters import Vocabulary
from icc_practices.models import City, Country, Topic


def sort_key(label: str) -> str:
    """Alphabetical order that puts "Évora" with the E's, not after "Zürich"."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[tuple[str, str], ...]  # (slug, label) in the editors' order
    country_codes: tuple[str, ...]  # lower-case ISO codes
    city_names: dict[str, str]  # slug -> label

    def vocabulary(self) -> Vocabulary:
        return Vocabulary(
            topics=frozenset(slug for slug, _label in self.topics),
            countries=frozenset(self.country_codes),
            cities=frozenset(self.city_names),
            min_year=settings.MIN_YEAR,
            max_year=settings.MAX_YEAR,
        )

    def localised_countries(self) -> list[tuple[str, str]]:
        """(code, name) in the active language, sorted by that name."""
        named = [(code, str(countries.name(code.upper()))) for code in self.country_codes]
        return sorted(named, key=lambda item: sort_key(item[1]))


def _build() -> Taxonomy:
    default_locale = Locale.get_default()
    topics = Topic.objects.filter(locale=default_locale).order_by("sort_order", "name")
    cities = City.objects.filter(locale=default_locale)
    return Taxonomy(
        topics=tuple(topics.values_list("slug", "name")),
        country_codes=tuple(
            code.lower() for code in Country.objects.values_list("code", flat=True)
        ),
        city_names=dict(cities.values_list("slug", "name")),
    )


def load_taxonomy(language: str | None) -> Taxonomy:
    """The taxonomy for a language, cached until the taxonomy changes."""
    return cached("taxonomy", (language,), _build)
