"""Taxonomy named in a file, matched to the site's: by slug, ISO code or name in any
language. Nothing is invented silently: what does not match is reported, except cities
when the import is asked to create them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings as django_settings
from django.utils import translation
from django.utils.text import slugify
from django_countries import countries
from wagtail.models import Locale

from icc_practices.models import City, Country, Topic
from icc_practices.models.taxonomy import sort_key

# "Maputo (MZ)": a city with its country, to tell apart cities of the same name or to
# create one.
_WITH_COUNTRY = re.compile(r"^(?P<name>.+?)\s*\((?P<code>[A-Za-z]{2})\)$")


def fold(text: str) -> str:
    return sort_key(text.strip())


@dataclass
class TaxonomyMatcher:
    """Lookups built once per import (three queries), then matched in memory."""

    create_cities: bool = False
    topics: dict[str, Topic] = field(default_factory=dict)
    cities: dict[str, list[City]] = field(default_factory=dict)
    country_rows: dict[str, Country] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)
    city_table: dict[str, dict[str, Any]] = field(default_factory=dict)
    created: list[City | Country] = field(default_factory=list)

    def __post_init__(self) -> None:
        default = Locale.get_default()
        self.default_locale = default
        every_topic = list(Topic.objects.select_related("locale"))
        canonical = {t.translation_key: t for t in every_topic if t.locale_id == default.pk}
        for topic in every_topic:
            target = canonical.get(topic.translation_key)
            if target is not None:
                self.topics.setdefault(fold(topic.slug), target)
                self.topics.setdefault(fold(topic.name), target)
        every_city = list(City.objects.select_related("country"))
        canonical_cities = {c.translation_key: c for c in every_city if c.locale_id == default.pk}
        for city in every_city:
            target = canonical_cities.get(city.translation_key)
            if target is not None:
                self._add_city(city.slug, target)
                self._add_city(city.name, target)
        self.country_rows = {str(country.code): country for country in Country.objects.all()}
        for language, _name in django_settings.LANGUAGES:
            with translation.override(language):
                for code, name in countries:
                    self.country_names.setdefault(fold(str(name)), code)
        for code, _name in countries:
            self.country_names.setdefault(fold(code), code)

    def mark(self) -> int:
        """A point to go back to (:meth:`forget_since`) if a row is rolled back."""
        return len(self.created)

    def forget_since(self, mark: int) -> None:
        """Forget the cities and countries made since ``mark``: their rows were rolled
        back with the row that made them."""
        for row in self.created[mark:]:
            if isinstance(row, Country):
                self.country_rows.pop(str(row.code), None)
            else:
                for found in self.cities.values():
                    if row in found:
                        found.remove(row)
        del self.created[mark:]

    def _add_city(self, text: str, city: City) -> None:
        found = self.cities.setdefault(fold(text), [])
        if city not in found:
            found.append(city)

    def use_table(self, entries: list[dict[str, Any]]) -> None:
        """The cities table of an export (names, countries, coordinates), for creating
        the cities it names."""
        for entry in entries:
            slug = str(entry.get("slug") or "").strip()
            if slug:
                self.city_table[fold(slug)] = entry

    def country(self, text: str) -> Country | None:
        code = self.country_names.get(fold(text))
        if code is None:
            return None
        row = self.country_rows.get(code)
        if row is None:  # an ISO country the site has no row for yet: reference data
            row = self.country_rows[code] = Country.objects.create(code=code)
            self.created.append(row)
        return row

    def topic(self, text: str) -> Topic | None:
        return self.topics.get(fold(text))

    def city(self, text: str, default_country: Country | None) -> City | None:
        """The city an entry names, or ``None``. With ``create_cities``, a missing city
        is made from the export's cities table or from "Name (CC)", else in
        ``default_country``."""
        match = _WITH_COUNTRY.match(text.strip())
        name, code = (match["name"], match["code"].upper()) if match else (text.strip(), None)
        candidates = self.cities.get(fold(name), [])
        if code is not None:
            candidates = [city for city in candidates if str(city.country.code) == code]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:  # the same name in several countries and none given
            return None
        if not self.create_cities:
            return None
        return self._create_city(name, code, default_country)

    def _create_city(self, name: str, code: str | None, default: Country | None) -> City | None:
        entry = self.city_table.get(fold(name), {})
        country = self.country(code or str(entry.get("country") or "")) if (code or entry) else None
        country = country or default
        if country is None:
            return None
        city_name = str(entry.get("name") or name)
        slug = str(entry.get("slug") or slugify(city_name)) or slugify(city_name)
        base, suffix = slug, 2
        while City.objects.filter(slug=slug, locale=self.default_locale).exists():
            slug, suffix = f"{base}-{suffix}", suffix + 1
        coordinates = {
            key: float(entry[key])
            for key in ("latitude", "longitude")
            if str(entry.get(key) or "").strip()
        }
        city = City.objects.create(
            name=city_name, slug=slug, country=country, locale=self.default_locale, **coordinates
        )
        self.created.append(city)
        self._translate_city(city, entry)
        self._add_city(city.slug, city)
        self._add_city(city.name, city)
        self._add_city(name, city)
        return city

    def _translate_city(self, city: City, entry: dict[str, Any]) -> None:
        """The city's names in other languages (``name_fr`` in the table), as rows."""
        for key, value in entry.items():
            if not key.startswith("name_") or not str(value or "").strip():
                continue
            locale = Locale.objects.filter(language_code=key[5:]).first()
            if locale is None or locale.pk == city.locale_id:
                continue
            translated = city.copy_for_translation(locale)
            translated.name = str(value)
            translated.save()
