"""Typed request and response shapes of the v3 API, as they appear in its OpenAPI document."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from django.core.exceptions import ImproperlyConfigured
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, create_model
from wagtail.coreutils import get_content_languages

from icc_practices.conf import settings
from icc_practices.models.sections import SECTION_LABELS
from icc_practices.search.facets import Facet
from icc_practices.search.params import (
    MAX_PAGE_NUMBER,
    MAX_QUERY_LENGTH,
    MAX_VALUE_LENGTH,
    MAX_VALUES_PER_FACET,
    SORTS,
)

FilterValue = Annotated[str, Field(max_length=MAX_VALUE_LENGTH)]
PageId = Annotated[int, Field(ge=1, le=2**31 - 1)]  # Wagtail's page ids are 32-bit
FilterValues = Annotated[list[FilterValue], Field(max_length=MAX_VALUES_PER_FACET)]
# "" is the default order, as the HTML form submits it.
Sort = Literal[("", *SORTS)]  # type: ignore[valid-type]


def _page_number(value: object) -> object:
    """ "" is page 1, as on the HTML index; anything but ASCII digits is refused (pydantic
    would take "2.0" or "1_0" as numbers)."""
    if value == "":
        return 1
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("a page number: digits only")
    return value


PageNumber = Annotated[int, BeforeValidator(_page_number)]


# Settings are read when a request is validated and when the OpenAPI document is made,
# never at import, so that a site's settings (and override_settings) apply.


def content_languages() -> list[str]:
    return list(get_content_languages()) or ["en"]


def _content_language(value: str) -> str:
    if value not in content_languages():
        raise ValueError(f"not a content language of this site: {', '.join(content_languages())}")
    return value


def _languages_enum(schema: dict[str, Any]) -> None:
    schema["enum"] = content_languages()


def _page_size(value: int) -> int:
    if value > settings.MAX_RESULTS_PER_PAGE:
        raise ValueError(f"at most {settings.MAX_RESULTS_PER_PAGE}")
    return value


def _page_size_maximum(schema: dict[str, Any]) -> None:
    schema["maximum"] = settings.MAX_RESULTS_PER_PAGE


LanguageCode = Annotated[
    str,
    Field(max_length=35, json_schema_extra=_languages_enum),
    AfterValidator(_content_language),
]
PageSize = Annotated[
    int, Field(ge=1, json_schema_extra=_page_size_maximum), AfterValidator(_page_size)
]


class FilterParams(Schema):
    """The HTML index's parameters besides the facets (``filters_schema`` adds those)."""

    q: str = Field("", max_length=MAX_QUERY_LENGTH, description="Full-text search.")
    sort: Sort | None = Field(None, description="Default: relevance with a search, else newest.")
    page: PageNumber = Field(
        1, ge=1, le=MAX_PAGE_NUMBER, description="Past the last page: the last."
    )
    page_size: PageSize | None = Field(None, description="Default: the index's own page size.")
    locale: LanguageCode | None = Field(
        None, description="Content language; default: the site's default language."
    )
    index: PageId | None = Field(
        None, description="Id of a practice index page; default: the site's first."
    )

    # Read by the query layer's parser where pydantic left them (one parse, no copy back
    # into a query string): the validated object reads like a QueryDict's getlist.
    def getlist(self, key: str) -> list[str]:
        if key in ("q", "sort"):
            value = getattr(self, key)
            return [value] if value else []
        if key == "page":
            return [str(self.page)]
        values = getattr(self, key, None)
        return list(values) if isinstance(values, list) else []


def _facet_value(facet: Facet) -> Any:
    enum = facet.enum()
    if enum is None:
        return FilterValue
    extra: dict[str, Any] = {"enum": enum}
    return Annotated[str, Field(max_length=MAX_VALUE_LENGTH, json_schema_extra=extra)]


def filters_schema(facets: tuple[Facet, ...]) -> type[FilterParams]:
    """``PracticeFilters``: the index's parameters with one list per registered facet.
    Values outside a facet's vocabulary are ignored, as on the HTML index."""
    for facet in facets:
        if facet.name.startswith("model_") or hasattr(FilterParams, facet.name):
            raise ImproperlyConfigured(f"{facet!r}: the API reserves the name {facet.name!r}.")
    fields: dict[str, Any] = {
        facet.name: (
            Annotated[list[_facet_value(facet)], Field(max_length=MAX_VALUES_PER_FACET)],  # type: ignore[misc]
            Field([], description=facet.description or str(facet.label)),
        )
        for facet in facets
    }
    return create_model("PracticeFilters", __base__=FilterParams, **fields)


class LocaleParam(Schema):
    locale: LanguageCode | None = Field(None, description="Content language.")


class Country(Schema):
    code: str = Field(description="Lower-case ISO code, the `country` filter value.")
    name: str


class City(Schema):
    slug: str
    name: str
    latitude: float | None
    longitude: float | None


class Topic(Schema):
    slug: str
    name: str


class PracticeSummary(Schema):
    id: int
    title: str
    slug: str
    url: str | None
    year: int | None = Field(description="Null when the practice states no year.")
    period: str
    country: Country = Field(description="The lead country.")
    countries: list[Country] = Field(
        description="The lead country, then the further countries (cross-border practices)."
    )
    cities: list[City]
    topics: list[Topic]
    summary: str
    first_published_at: datetime.datetime | None
    locale: str = Field(
        description="The language the practice is written in: a listing in one language "
        "also holds the practices not translated into it (ICC_PRACTICES_LIST_UNTRANSLATED)."
    )


class FacetOption(Schema):
    value: str = Field(description="The filter parameter's value: slug, code or year.")
    label: str
    count: int = Field(description="Results if this option were added to the selection.")
    selected: bool


class IndexRef(Schema):
    id: int
    title: str
    url: str | None


class Section(Schema):
    key: Literal[tuple(SECTION_LABELS)]  # type: ignore[valid-type]
    heading: str
    html: str


class Block(Schema):
    type: str
    id: str | None
    value: Any
    html: str


class Image(Schema):
    title: str
    alt: str
    width: int
    height: int
    renditions: dict[str, str]


class Contact(Schema):
    name: str
    email: str


class Link(Schema):
    title: str
    url: str


class Translation(Schema):
    locale: str
    url: str


class PracticeDetail(PracticeSummary):
    pdf_url: str | None
    keywords: list[str]
    sections: list[Section]
    body: list[Block]
    hero_image: Image | None
    partner_cities: list[City] = Field(description="Cities in any country it works with.")
    lead_organisation: str
    partners: list[str]
    contact: Contact
    links: list[Link]
    last_published_at: datetime.datetime | None
    translations: list[Translation]
    related: list[PracticeSummary] = Field(
        description="Practices to read next: shared topics, then place, then the newest; "
        "editors' choices first."
    )


class TaxonomyTopic(Schema):
    slug: str
    name: str
    count: int


class TaxonomyCountry(Schema):
    code: str
    name: str
    count: int


class TaxonomyCity(Schema):
    slug: str
    name: str
    country: str
    count: int


class Taxonomy(Schema):
    locale: str
    topics: list[TaxonomyTopic]
    countries: list[TaxonomyCountry]
    cities: list[TaxonomyCity]


@dataclass(frozen=True)
class FacetSchemas:
    """The schemas that name each registered facet."""

    filters: type[FilterParams]
    facets: type[Schema]
    listing: type[Schema]
    counts: type[Schema]


def facet_schemas(facets: tuple[Facet, ...]) -> FacetSchemas:
    """Build the schemas for the registered facets (when the API router is built)."""
    options = {facet.name: (list[FacetOption], ...) for facet in facets}
    facet_model = create_model("Facets", __base__=Schema, **options)  # type: ignore[call-overload]
    counts = create_model(
        "FacetCounts",
        __base__=Schema,
        index=(IndexRef, ...),
        locale=(str, ...),
        count=(int, ...),
        query=(str, ...),
        facets=(facet_model, ...),
    )
    listing = create_model(
        "PracticeList",
        __base__=Schema,
        index=(IndexRef, ...),
        locale=(str, ...),
        count=(int, ...),
        page=(int, ...),
        pages=(int, ...),
        page_size=(int, ...),
        query=(str, Field(description="The canonical query string of this page.")),
        items=(list[PracticeSummary], ...),
        facets=(facet_model | None, Field(description="Null when asked for with `facets=false`.")),
    )
    return FacetSchemas(filters_schema(facets), facet_model, listing, counts)


class IccPracticesProblem(Schema):
    """An error, as RFC 9457 problem details (Wagtail's v3 API answers errors this way)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: Any = None


PROBLEM_REF = {"$ref": "#/components/schemas/IccPracticesProblem"}


def with_problems(success: type[Schema], *statuses: int) -> dict[int, type[Schema]]:
    """A route's ``response``: the success schema, and the problem schema for each error
    status, so that the document holds the problem once, as a component."""
    return {200: success, **dict.fromkeys(statuses, IccPracticesProblem)}


def problem_responses(*statuses: int) -> dict[str, Any]:
    """``openapi_extra`` that documents the errors as ``application/problem+json`` (what
    Wagtail's error handler sends), referring to the one problem component."""
    return {
        "responses": {
            status: {
                "description": (IccPracticesProblem.__doc__ or "").strip(),
                "content": {"application/problem+json": {"schema": PROBLEM_REF}},
            }
            for status in statuses
        }
    }
