"""Practices as rows of the column list, for any filter of an index.

Which practices, in which order, comes from the query layer (``matching_practice_ids``),
so an export holds exactly what a visitor sees for the same address: live, public
practices, in the index's language. Rows are read in chunks with a fixed number of
queries each, and yielded one by one, so a large export streams.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from wagtail.models import Locale, Page
from wagtail.rich_text import expand_db_html

from icc_practices.models import City, PracticePage
from icc_practices.search.params import ParamLists
from icc_practices.search.privacy import visible_practices
from icc_practices.search.query import matching_practice_ids
from icc_practices.transfer.richtext import sanitised_html

CHUNK = 200


def _html(value: str) -> str:
    """A section as portable HTML: links to pages and documents as addresses."""
    return sanitised_html(expand_db_html(value)) if value else ""


def _stream(practice: PracticePage) -> list[dict[str, Any]]:
    return [{"type": block["type"], "value": block["value"]} for block in practice.body.raw_data]


def practice_row(
    practice: PracticePage, request: HttpRequest | None = None, *, with_url: bool = True
) -> dict[str, Any]:
    """One practice as a row: every field, taxonomy by slug and ISO code."""
    first_published = practice.first_published_at
    image = practice.hero_image
    return {
        "key": str(practice.translation_key),
        "language": practice.locale.language_code,
        "title": practice.title,
        "slug": practice.slug,
        "summary": practice.summary,
        "year": "" if practice.year is None else str(practice.year),
        "period": practice.period,
        "country": str(practice.country.code),
        "other_countries": sorted(str(country.code) for country in practice.other_countries.all()),
        "cities": sorted(city.slug for city in practice.cities.all()),
        "partner_cities": sorted(city.slug for city in practice.partner_cities.all()),
        "topics": sorted(topic.slug for topic in practice.topics.all()),
        "keywords": sorted(tag.name for tag in practice.tags.all()),
        "purpose": _html(practice.purpose),
        "rationale": _html(practice.rationale),
        "process": _html(practice.process),
        "impact": _html(practice.impact),
        "lead_organisation": practice.lead_organisation,
        "partners": practice.partners,
        "contact_name": practice.contact_name,
        "contact_email": practice.contact_email,
        "links": [{"title": link.title, "url": link.url} for link in practice.links.all()],
        "hero_image": os.path.basename(image.file.name) if image is not None else "",
        "body": _stream(practice),
        "seo_title": practice.seo_title,
        "search_description": practice.search_description,
        "first_published_at": first_published.isoformat() if first_published else "",
        "url": (practice.get_full_url(request) or "") if with_url else "",
    }


def with_export_data(practices):
    """What a row reads, in a fixed number of queries per chunk."""
    return practices.select_related("country", "locale", "hero_image").prefetch_related(
        "other_countries",
        Prefetch("cities", queryset=City.objects.only("pk", "slug")),
        Prefetch("partner_cities", queryset=City.objects.only("pk", "slug")),
        "topics",
        "tags",
        "links",
    )


def practice_rows(ids: Sequence[int], request: HttpRequest | None = None) -> Iterator[dict]:
    """Rows of these practices, in this order, read in chunks (privacy applied again)."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        practices = with_export_data(visible_practices().filter(pk__in=chunk))
        by_id = {practice.pk: practice for practice in practices}
        for pk in chunk:
            if pk in by_id:
                yield practice_row(by_id[pk], request)


def with_city_table(rows: Iterable[dict], tables: dict[str, list[dict]]) -> Iterator[dict]:
    """The rows, unchanged; once they are all read, ``tables["cities"]`` describes every
    city they name (slug, name, country, coordinates, ``name_fr`` for each translation),
    so that an import into another site can create them."""
    slugs: set[str] = set()
    for row in rows:
        slugs.update(row["cities"], row["partner_cities"])
        yield row
    tables["cities"] = city_table(slugs)


def city_table(slugs: Iterable[str]) -> list[dict[str, Any]]:
    default = Locale.get_default()
    cities = City.objects.filter(slug__in=list(slugs), locale=default).select_related("country")
    names: dict[object, dict[str, str]] = {}
    translated = City.objects.filter(translation_key__in=cities.values("translation_key"))
    for key, language, name in translated.exclude(locale=default).values_list(
        "translation_key", "locale__language_code", "name"
    ):
        names.setdefault(key, {})[f"name_{language}"] = name
    return [
        {
            "slug": city.slug,
            "name": city.name,
            "country": str(city.country.code),
            "latitude": "" if city.latitude is None else str(city.latitude),
            "longitude": "" if city.longitude is None else str(city.longitude),
            **names.get(city.translation_key, {}),
        }
        for city in cities.order_by("slug")
    ]


def translation_ids(ids: Iterable[int]) -> list[int]:
    """The visible translations of these practices (in other languages), by key and
    language, for an export that carries translations."""
    keys = PracticePage.objects.filter(pk__in=list(ids)).values("translation_key")
    chosen = set(ids)
    return [
        pk
        for pk in visible_practices()
        .filter(translation_key__in=keys)
        .order_by("translation_key", "locale__language_code")
        .values_list("pk", flat=True)
        if pk not in chosen
    ]


def export_rows(
    index_page: Page,
    params: ParamLists | Mapping[str, Sequence[str]],
    limit: int,
    *,
    request: HttpRequest | None = None,
    translations: bool = False,
) -> tuple[int, Iterator[dict]]:
    """The number of practices the filter matches, and the rows of the first ``limit``
    (then, when asked, their translations)."""
    _state, total, ids = matching_practice_ids(index_page, params, limit)
    if translations:
        ids = [*ids, *translation_ids(ids)]
    return total, practice_rows(ids, request)


def write_images(path: str, names: Iterable[str]) -> int:
    """The original files of the main images named, in a ZIP archive (by file name, as
    the rows name them); how many were written."""
    import zipfile

    from wagtail.images import get_image_model

    written = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(names):
            image = get_image_model().objects.filter(file__endswith="/" + name).first()
            if image is None:
                continue
            with image.open_file() as handle:
                archive.writestr(name, handle.read())
            written += 1
    return written
