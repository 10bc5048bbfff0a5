"""Typed request and response shapes of the v3 API, as they appear in its OpenAPI document."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from wagtail.coreutils import get_content_languages

from icc_practices.conf import settings
from icc_practices.filters import (
    MAX_PAGE_NUMBER,
    MAX_QUERY_LENGTH,
    MAX_VALUE_LENGTH,
    MAX_VALUES_PER_FACET,
)

FilterValue = Annotated[str, Field(max_length=MAX_VALUE_LENGTH)]

# Read once, when the API is built: the OpenAPI document states them to clients.
CONTENT_LANGUAGES = tuple(get_content_languages()) or ("en",)
LanguageCode = Literal[CONTENT_LANGUAGES]  # type: ignore[valid-type]
MAX_PAGE_SIZE = settings.MAX_RESULTS_PER_PAGE
PageId = Annotated[int, Field(ge=1, le=2**31 - 1)]  # Wagtail's page ids are 32-bit
FilterValues = Annotated[list[FilterValue], Field(max_length=MAX_VALUES_PER_FACET)]


class PracticeFilters(Schema):
    """The HTML index's parameters. Unknown slugs, codes and years are ignored, as there."""

    topic: FilterValues = Field([], description="Topic slugs; several combine with OR.")
    country: FilterValues = Field([], description="ISO 3166-1 alpha-2 codes, any case.")
    year: FilterValues = Field([], description="Years; non-numeric values are ignored.")
    city: FilterValues = Field([], description="City slugs.")
    q: str = Field("", max_length=MAX_QUERY_LENGTH, description="Full-text search.")
    sort: Literal["newest", "oldest", "title", "relevance"] | None = Field(
        None, description="Default: relevance with a search, else newest."
    )
    page: int = Field(1, ge=1, le=MAX_PAGE_NUMBER, description="Past the last page: the last.")
    page_size: int | None = Field(
        None, ge=1, le=MAX_PAGE_SIZE, description="Default: the index's own page size."
    )
    locale: LanguageCode | None = Field(
        None, description="Content language; default: the site's default language."
    )
    index: PageId | None = Field(
        None, ge=1, description="Id of a practice index page; default: the site's first."
    )

    def as_params(self) -> dict[str, list[str]]:
        """The query-layer parameters, exactly as the HTML index receives them."""
        return {
            "topic": list(self.topic),
            "country": list(self.country),
            "year": list(self.year),
            "city": list(self.city),
            "q": [self.q] if self.q else [],
            "sort": [self.sort] if self.sort else [],
            "page": [str(self.page)],
        }


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
    year: int
    period: str
    country: Country
    cities: list[City]
    topics: list[Topic]
    summary: str
    first_published_at: datetime.datetime | None


class FacetOption(Schema):
    value: str = Field(description="The filter parameter's value: slug, code or year.")
    label: str
    count: int = Field(description="Results if this option were added to the selection.")
    selected: bool


class Facets(Schema):
    topic: list[FacetOption]
    country: list[FacetOption]
    year: list[FacetOption]
    city: list[FacetOption]


class IndexRef(Schema):
    id: int
    title: str
    url: str | None


class PracticeList(Schema):
    index: IndexRef
    locale: str
    count: int
    page: int
    pages: int
    page_size: int
    query: str = Field(description="The canonical query string of this page.")
    items: list[PracticeSummary]
    facets: Facets | None = Field(description="Null when asked for with `facets=false`.")


class FacetCounts(Schema):
    index: IndexRef
    locale: str
    count: int
    query: str
    facets: Facets


class Section(Schema):
    key: Literal["purpose", "rationale", "process", "impact"]
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
    locale: str
    pdf_url: str | None
    keywords: list[str]
    sections: list[Section]
    body: list[Block]
    hero_image: Image | None
    lead_organisation: str
    partners: list[str]
    contact: Contact
    links: list[Link]
    last_published_at: datetime.datetime | None
    translations: list[Translation]


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
