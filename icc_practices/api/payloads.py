"""The data the APIs return, as plain dictionaries, built from the query layer.

One module for both API versions, so that a practice, a facet or a count looks the same
whichever a front end uses, and always matches the HTML index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import translation
from wagtail.models import Locale, Site
from wagtail.rich_text import expand_db_html

from icc_practices.api.schemas import FilterParams
from icc_practices.conf import settings
from icc_practices.models import City, Country, PracticeIndexPage, PracticePage
from icc_practices.models.taxonomy import default_content_language
from icc_practices.public.languages import page_translations
from icc_practices.search.cache import cached
from icc_practices.search.facets import CityFacet, CountryFacet, TopicFacet
from icc_practices.search.index import FacetIndex
from icc_practices.search.listing import listed_practices
from icc_practices.search.params import FilterState
from icc_practices.search.privacy import visible_practices
from icc_practices.search.query import PracticeResults, collection, search_practices
from icc_practices.search.related import related_practice_ids
from icc_practices.search.taxonomy import load_taxonomy

# The taxonomy endpoint counts the package's own vocabularies, whatever the registry.
BUILT_IN_TAXONOMY = (TopicFacet(), CountryFacet(), CityFacet())
IMAGE_RENDITIONS = ("width-400", "width-800", "width-1600")
MAX_PAGE_ID = 2**31 - 1  # Wagtail's page ids are 32-bit


class NotFound(Http404):
    """Nothing public matches. An ``Http404``, so both API versions answer it in their
    own 404 format (v3: problem details; v2: ``{"message": ...}``) with no handling here."""


def resolve_locale(code: str | None) -> Locale:
    """The content locale for a ``locale`` parameter (default: the default language)."""
    try:
        return Locale.objects.get(language_code=code or default_content_language())
    except Locale.DoesNotExist as missing:
        raise NotFound(f"No content in the language {code!r}.") from missing


def find_index(
    request: HttpRequest, language: str | None, index_id: int | None
) -> PracticeIndexPage:
    """The practice index to read: the one asked for, or the site's first in the language.
    Cached (with its locale) until a page is published or the structure changes."""
    code = language or default_content_language()
    site = Site.find_for_request(request)

    def lookup() -> PracticeIndexPage | None:
        indexes = (
            PracticeIndexPage.objects.live()
            .public()
            .filter(locale__language_code=code)
            .select_related("locale")
        )
        if index_id is not None:
            return indexes.filter(pk=index_id).first()
        locale = Locale.objects.filter(language_code=code).first()
        root = site.root_page.get_translation_or_none(locale) if site and locale else None
        return (indexes.descendant_of(root) if root else indexes).order_by("path").first()

    index = cached("api-index", (site.pk if site else None, code, index_id), lookup)
    if index is None:
        raise NotFound("No practice index in this language.")
    return index


def _country(country: Country) -> dict[str, str]:
    return {"code": country.slug, "name": str(country.name)}


def _city(city: City) -> dict[str, Any]:
    return {
        "slug": city.slug,
        "name": city.label,
        "latitude": float(city.latitude) if city.latitude is not None else None,
        "longitude": float(city.longitude) if city.longitude is not None else None,
    }


def _place(practice: PracticePage) -> dict[str, Any]:
    return {
        "country": _country(practice.country),
        "countries": [_country(country) for country in practice.countries],
        "cities": [_city(city) for city in practice.localised_cities],
    }


def practice_summary(practice: PracticePage, request: HttpRequest) -> dict[str, Any]:
    """A practice as listings show it."""
    return {
        "id": practice.pk,
        "title": practice.title,
        "slug": practice.slug,
        "url": practice.get_full_url(request),
        "year": practice.year,
        "period": practice.period,
        **_place(practice),
        "topics": [
            {"slug": topic.slug, "name": topic.label} for topic in practice.localised_topics
        ],
        "summary": practice.summary,
        "first_published_at": practice.first_published_at,
        "locale": practice.locale.language_code,
    }


def _image(image, request: HttpRequest) -> dict[str, Any] | None:
    if image is None:
        return None
    return {
        "title": image.title,
        "alt": image.default_alt_text,
        "width": image.width,
        "height": image.height,
        "renditions": {
            spec: request.build_absolute_uri(image.get_rendition(spec).url)
            for spec in IMAGE_RENDITIONS
        },
    }


def _blocks(practice: PracticePage, request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "type": block.block_type,
            "id": block.id,
            "value": block.block.get_api_representation(block.value, {"request": request}),
            "html": str(block.render(context={"request": request})),
        }
        for block in practice.body
    ]


def practice_detail(
    practice: PracticePage, request: HttpRequest, draft: bool = False
) -> dict[str, Any]:
    """Every field of a practice, with labels in its own language, and the practices
    related to it (a draft's are ranked with its unsaved choices)."""
    pdf_url = practice.get_pdf_url(request)
    with translation.override(practice.locale.language_code):
        related = listed_practices(related_practice_ids(practice, use_cache=not draft))
        return {
            **practice_summary(practice, request),
            "pdf_url": request.build_absolute_uri(pdf_url) if pdf_url else None,
            "keywords": [tag.name for tag in practice.tags.all()],
            "sections": [
                {"key": key, "heading": str(heading), "html": expand_db_html(text)}
                for key, heading, text in practice.section_items
            ],
            "body": _blocks(practice, request),
            "hero_image": _image(practice.hero_image, request),
            "partner_cities": [_city(city) for city in practice.localised_partner_cities],
            "lead_organisation": practice.lead_organisation,
            "partners": [line for line in practice.partners.splitlines() if line.strip()],
            "contact": {"name": practice.contact_name, "email": practice.contact_email},
            "links": [{"title": link.title, "url": link.url} for link in practice.links.all()],
            "last_published_at": practice.last_published_at,
            "translations": [
                {"locale": code, "url": url}
                for code, url in page_translations(practice, request)
                if code != practice.locale.language_code
            ],
            "related": [practice_summary(other, request) for other in related],
        }


def get_practice(practice_id: int) -> PracticePage:
    """A live, public practice by id (``NotFound`` for drafts and private ones).

    An id no page can have is not found without asking the database, whose drivers raise
    ``OverflowError`` (SQLite) or a ``DataError`` on ids beyond 64 bits."""
    if not 1 <= practice_id <= MAX_PAGE_ID:
        raise NotFound("No such practice.")
    practice = (
        visible_practices().select_related("locale", "country").filter(pk=practice_id).first()
    )
    if practice is None:
        raise NotFound("No such practice.")
    return practice


def get_draft(practice_id: int, user) -> PracticePage | None:
    """The latest revision of a practice, for a user who may edit it (headless preview);
    ``None`` for anyone else, who gets the live version like Wagtail's own API gives."""
    if not 1 <= practice_id <= MAX_PAGE_ID:
        return None
    practice = PracticePage.objects.filter(pk=practice_id).select_related("locale").first()
    if practice is None or not practice.permissions_for_user(user).can_edit():
        return None
    return practice.get_latest_revision_as_object()


def facets_payload(
    results: PracticeResults, names: Sequence[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Facet options with counts, keyed by parameter name, exactly as the HTML index; for
    ``names`` only (the facets an API's schema states), each present, when given."""
    payload = {
        name: [
            {
                "value": option.value,
                "label": option.label,
                "count": option.count,
                "selected": option.selected,
            }
            for option in facet.options
        ]
        for name, facet in results.facets.items()
    }
    if names is None:
        return payload
    return {name: payload.get(name, []) for name in names}


def search(
    request: HttpRequest, filters: FilterParams
) -> tuple[PracticeIndexPage, PracticeResults]:
    """The index a validated ``PracticeFilters`` asks for, and the query layer's results
    for it, in the index's language. Both API versions start here; the query layer reads
    the validated values from the schema itself."""
    index = find_index(request, filters.locale, filters.index)
    page_size = page_size_for(index, filters.page_size)
    with translation.override(index.locale.language_code):
        return index, search_practices(index, filters, per_page=page_size)


def facets_only_payload(
    request: HttpRequest,
    index: PracticeIndexPage,
    results: PracticeResults,
    with_facets: bool = True,
    facet_names: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The counts for a filter state, without serialising a page of practices."""
    with translation.override(index.locale.language_code):
        return {
            "index": {"id": index.pk, "title": index.title, "url": index.get_full_url(request)},
            "locale": index.locale.language_code,
            "count": results.total,
            "query": results.state.query_string(),
            "facets": facets_payload(results, facet_names) if with_facets else None,
        }


def listing_payload(
    request: HttpRequest,
    index: PracticeIndexPage,
    results: PracticeResults,
    with_facets: bool = True,
    facet_names: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A page of practices with its pagination and (unless asked not to) its facets."""
    with translation.override(index.locale.language_code):
        return {
            **facets_only_payload(request, index, results, with_facets, facet_names),
            "page": results.page.number,
            "pages": results.paginator.num_pages,
            "page_size": results.paginator.per_page,
            "items": [practice_summary(practice, request) for practice in results.practices],
        }


def taxonomy_payload(request: HttpRequest, locale: Locale) -> dict[str, Any]:
    """Topics, countries and cities, labelled in ``locale``, with how many live, public
    practices each has among those this language's indexes (on this site) list: its own
    and, unless ``ICC_PRACTICES_LIST_UNTRANSLATED`` is off, the practices not translated
    into it, as the index counts them. Cached until content changes."""
    site = Site.find_for_request(request)
    root = site.root_page.get_translation_or_none(locale) if site else None

    def build() -> dict[str, Any]:
        practices = visible_practices().filter(locale=locale)
        if root is not None:
            practices = practices.descendant_of(root)
            for index in PracticeIndexPage.objects.live().filter(locale=locale).descendant_of(root):
                practices |= collection(index)
        with translation.override(locale.language_code):
            taxonomy = load_taxonomy(locale.language_code)
            tally = FacetIndex.build(practices, BUILT_IN_TAXONOMY).counts(FilterState())
            return {
                "locale": locale.language_code,
                "topics": [
                    {"slug": slug, "name": label, "count": tally["topic"].get(slug, 0)}
                    for slug, label in taxonomy.topics
                ],
                "countries": [
                    {"code": code, "name": name, "count": tally["country"].get(code, 0)}
                    for code, name in taxonomy.localised_countries()
                ],
                "cities": [
                    {
                        "slug": slug,
                        "name": label,
                        "country": taxonomy.city_countries.get(slug, ""),
                        "count": tally["city"].get(slug, 0),
                    }
                    for slug, label in taxonomy.sorted_cities()
                ],
            }

    return cached(
        "api-taxonomy", (root.pk if root else None, locale.pk, settings.LIST_UNTRANSLATED), build
    )


def page_size_for(index: PracticeIndexPage, requested: int | None) -> int:
    """The index's own page size unless the client asks for another (bounded)."""
    size = requested or index.results_per_page
    return max(1, min(size, settings.MAX_RESULTS_PER_PAGE))
