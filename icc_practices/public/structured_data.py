"""What search engines and social networks read about a page: schema.org JSON-LD for a
practice (an ``Article``) and an index (a ``CollectionPage``), and OpenGraph and Twitter
card meta for any page.

Built from the page as served to the request (full addresses on its site, labels in its
language); the practice page is kept whole, so this runs once per publication.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.http import HttpRequest
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from wagtail.images.models import SourceImageIOError
from wagtail.models import Locale, Page, Site

from icc_practices.models.taxonomy import TaxonomyQuerySet
from icc_practices.search.cache import STRUCTURE, cached_in_process

if TYPE_CHECKING:
    from icc_practices.models import PracticePage

T = TypeVar("T")
SCHEMA = "https://schema.org"
SOCIAL_IMAGE = "fill-1200x630"
# What may not appear raw inside <script>: the JSON stays valid with them escaped.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """``<script type="application/ld+json">`` holding ``data`` (safe whatever it says:
    a title with ``</script>`` cannot end the element)."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def page_language(page: Page) -> str:
    """The page's language code, without a query once the codes are known (each process
    keeps them until the structure changes; a locale added since is read from the page)."""
    codes = cached_in_process(
        "locale-codes",
        (),
        lambda: dict(Locale.objects.values_list("pk", "language_code")),
        generations=(STRUCTURE,),
    )
    return codes.get(page.locale_id) or page.locale.language_code


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _image_url(page: Page, request: HttpRequest | None) -> tuple[str, Any] | None:
    """The full address of the page's main image at the size networks show, and the
    rendition (``None`` without an image)."""
    image = getattr(page, "hero_image", None)
    if image is None:
        return None
    try:
        rendition = image.get_rendition(SOCIAL_IMAGE)
    except SourceImageIOError:  # the file is gone: the page is shown without it
        return None
    url = request.build_absolute_uri(rendition.url) if request is not None else rendition.url
    return url, rendition


def description(page: Page) -> str:
    """The page's description: its meta description, summary or introduction."""
    getter = getattr(page, "get_meta_description", None)
    text = getter() if getter else page.search_description
    if not text:  # rich text: its tags dropped, its entities read (escaped once, later)
        text = html.unescape(strip_tags(str(getattr(page, "intro", "") or "")))
    return Truncator(" ".join(str(text).split())).chars(300)


def _place(city) -> dict[str, Any]:
    place: dict[str, Any] = {"@type": "Place", "name": str(city.label)}
    if city.latitude is not None and city.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(city.latitude),
            "longitude": float(city.longitude),
        }
    country = getattr(city, "country", None)  # read with the cities: practice_cities()
    if country is not None:
        place["address"] = {"@type": "PostalAddress", "addressCountry": str(country.code)}
    return place


def _read_once(page: Page, name: str, read: Callable[[], T]) -> T:
    """``read()``, once per page object in the active language: the share, cite and meta
    tags of one rendering all need the index, topics and cities of the practice."""
    memo = page.__dict__.setdefault("_icc_read_once", {})
    key = (name, translation.get_language())
    if key not in memo:
        memo[key] = read()
    return memo[key]


def practice_index(page: Page) -> Page | None:
    """The practice's index page (its parent)."""
    return _read_once(page, "index", page.get_parent)


def practice_topics(page: PracticePage) -> list:
    """The practice's topics, labelled in the active language."""
    return _read_once(page, "topics", lambda: page.localised_topics)


def practice_cities(page: PracticePage) -> list:
    """The practice's cities, labelled, with their countries (one query)."""

    def read() -> list:
        rows = page.cities.all()
        if isinstance(rows, TaxonomyQuerySet):
            return list(rows.with_labels().select_related("country").order_by("name"))
        return list(rows)  # an unsaved preview's in-memory relation

    return _read_once(page, "cities", read)


def _country(country) -> dict[str, Any]:
    return {"@type": "Country", "name": str(country.name), "identifier": str(country.code)}


def practice_json_ld(page: PracticePage, request: HttpRequest | None) -> dict[str, Any]:
    """A practice as a schema.org ``Article``."""
    url = page.get_full_url(request)
    parent = practice_index(page)
    cities = practice_cities(page)
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Article",
        "@id": url,
        "url": url,
        "name": page.title,
        "headline": Truncator(page.title).chars(110),
        "description": description(page),
        "inLanguage": page_language(page),
        "datePublished": _iso(page.first_published_at),
        "dateModified": _iso(page.last_published_at),
        "about": [
            {"@type": "DefinedTerm", "name": str(topic.label), "termCode": topic.slug}
            for topic in practice_topics(page)
        ],
        "spatialCoverage": [_place(city) for city in cities]
        or [_country(country) for country in page.countries],
        "keywords": ", ".join(tag.name for tag in page.shown_keywords()),
    }
    if page.year:
        data["temporalCoverage"] = str(page.year)
    if page.lead_organisation:
        data["author"] = {"@type": "Organization", "name": page.lead_organisation}
    if parent is not None:
        data["isPartOf"] = {
            "@type": "CollectionPage",
            "name": parent.title,
            "url": parent.get_full_url(request),
        }
    image = _image_url(page, request)
    if image is not None:
        data["image"] = image[0]
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def index_json_ld(page: Page, request: HttpRequest | None) -> dict[str, Any]:
    """An index as a schema.org ``CollectionPage``."""
    data = {
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "@id": page.get_full_url(request),
        "url": page.get_full_url(request),
        "name": page.title,
        "description": description(page),
        "inLanguage": page_language(page),
    }
    return {key: value for key, value in data.items() if value}


@dataclass(frozen=True)
class Meta:
    attribute: str  # "property" for OpenGraph, "name" for Twitter
    key: str
    content: str


def social_meta(page: Page, request: HttpRequest | None) -> list[Meta]:
    """OpenGraph and Twitter card meta of a page; an ``article`` for a practice."""
    site = Site.find_for_request(request) if request is not None else None
    is_article = hasattr(page, "hero_image")
    tags = [
        ("og:type", "article" if is_article else "website"),
        ("og:title", page.seo_title or page.title),
        ("og:description", description(page)),
        ("og:url", page.get_full_url(request) or ""),
        ("og:site_name", site.site_name if site else ""),
    ]
    image = _image_url(page, request)
    if image is not None:
        url, rendition = image
        tags += [
            ("og:image", url),
            ("og:image:width", str(rendition.width)),
            ("og:image:height", str(rendition.height)),
            ("og:image:alt", rendition.image.default_alt_text or ""),
        ]
    if is_article:
        tags.append(("article:published_time", _iso(page.first_published_at) or ""))
        tags += [("article:tag", str(topic.label)) for topic in practice_topics(page)]
    metas = [Meta("property", key, value) for key, value in tags if value]
    card = "summary_large_image" if image is not None else "summary"
    return [*metas, Meta("name", "twitter:card", card)]
