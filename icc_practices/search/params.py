"""Request parameters -> a validated, canonical filter state.

Pure functions, no database access: what is "known" comes in as a ``Vocabulary``, which
also carries the facets (``icc_practices.search.facets``) that read their own values.
Unknown or malformed values are dropped, never raised: a shared link with a stale topic
still shows results. Every input is bounded (count and length), because these values
reach SQL, the search backend and cache keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol, cast
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from icc_practices.search.facets import Facet

# The orders, with what the filter form calls them: the one definition (the API's enum and
# the form's options derive from it).
SORT_LABELS: dict[str, StrOrPromise] = {
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "title": _("Title (A to Z)"),
    "added": _("Recently added"),
    "relevance": _("Best match"),
}
SORTS: tuple[str, ...] = tuple(SORT_LABELS)

# Bounds on what a request may ask for. Generous for people, small for abuse.
MAX_VALUES_PER_FACET = 50
MAX_VALUE_LENGTH = 100
MAX_QUERY_LENGTH = 1000  # Wagtail's query parser had a ReDoS on long input (CVE-2024-39317).
MAX_SEARCH_TERMS = 32
MAX_PAGE_NUMBER = 100_000

_WORD = re.compile(r"\w+", re.UNICODE)


class ParamLists(Protocol):
    """What parsing reads: a list of values per name (a ``QueryDict``, or the API's
    validated parameters)."""

    def getlist(self, key: str) -> list[str]: ...


class QueryParams(ParamLists, Protocol):
    """Parameters whose names can be listed too (a ``QueryDict``)."""

    def __iter__(self) -> Iterator[str]: ...


@dataclass(frozen=True)
class Vocabulary:
    """What parsing accepts: the facets, in order, with the values each accepts (by
    parameter name), and the year range."""

    facets: tuple[Facet, ...] = ()
    accepted: Mapping[str, frozenset[str]] = field(default_factory=dict)
    min_year: int = 1990
    max_year: int = 2100


Selections = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class FilterState:
    """What a visitor asked for, validated and in canonical order.

    ``selections`` holds (facet name, values) for each facet with values, in the
    registry's order; values are strings (a year is ``"2018"``)."""

    selections: Selections = ()
    q: str = ""
    sort: str = "newest"
    page: int = 1
    search_terms: tuple[str, ...] = field(default=(), compare=False)

    def selected(self, facet: str) -> tuple[str, ...]:
        """The values chosen in a facet (none: ``()``)."""
        for name, values in self.selections:
            if name == facet:
                return values
        return ()

    @property
    def has_facets(self) -> bool:
        return any(values for _name, values in self.selections)

    @property
    def is_filtered(self) -> bool:
        """Whether the visitor narrowed the collection (search or any facet)."""
        return self.has_facets or bool(self.search_terms)

    @property
    def default_sort(self) -> str:
        return "relevance" if self.search_terms else "newest"

    def params(self, *, page: bool = True) -> list[tuple[str, str]]:
        """Canonical query parameters: stable order, defaults left out."""
        items: list[tuple[str, str]] = []
        if self.q:
            items.append(("q", self.q))
        for name, values in self.selections:
            items.extend((name, value) for value in values)
        if self.sort != self.default_sort:
            items.append(("sort", self.sort))
        if page and self.page > 1:
            items.append(("page", str(self.page)))
        return items

    def query_string(self, *, page: bool = True) -> str:
        """``?...`` for links, or ``""`` for the unfiltered first page."""
        encoded = urlencode(self.params(page=page))
        return f"?{encoded}" if encoded else ""

    def filter_query(self) -> str:
        """The filter alone, without order or page (``?...`` or ``""``): what a feed or
        an alert follows, so that every order of one filter is one feed, one alert."""
        return replace(self, sort=self.default_sort).query_string(page=False)

    def without(self, facet: str, value: str) -> FilterState:
        """The same state with one facet value removed, back on page 1."""
        selections = tuple(
            (name, tuple(item for item in values if name != facet or item != value))
            for name, values in self.selections
        )
        return replace(
            self, selections=tuple((name, values) for name, values in selections if values), page=1
        )

    def sort_options(self) -> list[tuple[str, str, bool]]:
        """(submitted value, label, selected) of the orders the form offers: the default
        order submits an empty value, so that starting a search sorts by best match
        unless the visitor chose another order; best match only with a search."""
        offered = [sort for sort in SORTS if sort != "relevance" or self.search_terms]
        offered.sort(key=lambda sort: sort != self.default_sort)
        return [
            ("" if sort == self.default_sort else sort, str(SORT_LABELS[sort]), sort == self.sort)
            for sort in offered
        ]

    def without_query(self) -> FilterState:
        return replace(self, q="", search_terms=(), sort="newest", page=1)

    def with_page(self, page: int) -> FilterState:
        return replace(self, page=page)

    def cache_key(self) -> str:
        """Identifies the result set (not the page or order): facets and search terms."""
        parts = [f"{name}={','.join(values)}" for name, values in self.selections]
        return "|".join([*parts, " ".join(self.search_terms)])


def clean_text(value: object, max_length: int) -> str:
    """Drop control characters (NUL included), collapse white space, bound the length."""
    value = str(value)[: max_length * 2]
    value = "".join(ch for ch in value if unicodedata.category(ch)[0] != "C")
    return " ".join(value.split())[:max_length]


def search_terms(query: str) -> tuple[str, ...]:
    """Words of a query, lower-cased, without operators or quotes.

    Backends give ``"``, ``*``, ``-``, ``NEAR(``, ``a:b`` or upper-case AND/OR/NOT a meaning
    (and SQLite FTS5 fails on some of them), so only plain words reach the backend.
    """
    return tuple(word.lower() for word in _WORD.findall(query))[:MAX_SEARCH_TERMS]


def _values(params: ParamLists, name: str) -> Iterable[str]:
    for raw in params.getlist(name)[: MAX_VALUES_PER_FACET * 4]:
        value = clean_text(raw, MAX_VALUE_LENGTH)
        if value:
            yield value


def _last(params: ParamLists, name: str) -> str:
    values = params.getlist(name)
    return str(values[-1]) if values else ""


def _page(values: Sequence[str]) -> int:
    value = values[0] if values else ""
    if value.isascii() and value.isdigit() and 0 < len(value) <= 6:
        return max(1, min(int(value), MAX_PAGE_NUMBER))
    return 1


def parse_filters(
    raw: ParamLists | Mapping[str, Sequence[str]], vocabulary: Vocabulary
) -> FilterState:
    """Turn query parameters into a :class:`FilterState`; never raises on bad input."""
    params: ParamLists
    if hasattr(raw, "getlist"):  # a QueryDict, or any object that reads like one
        params = cast(ParamLists, raw)
    else:
        params = _MappingParams(cast(Mapping[str, Sequence[str]], raw))
    # A repeated q, sort or page counts once, by its last value, as QueryDict.get and the
    # APIs read it.
    q = clean_text(_last(params, "q"), MAX_QUERY_LENGTH)
    terms = search_terms(q)
    selections = tuple(
        (facet.name, values)
        for facet in vocabulary.facets
        if (values := facet.clean(_values(params, facet.name), vocabulary))
    )
    state = FilterState(
        selections=selections,
        q=q if terms else "",
        search_terms=terms,
        page=_page([clean_text(_last(params, "page"), 10)]),
    )
    requested = clean_text(_last(params, "sort"), 20)
    sort = requested if requested in SORTS else state.default_sort
    if sort == "relevance" and not terms:
        sort = "newest"
    return replace(state, sort=sort)


class _MappingParams:
    def __init__(self, mapping: Mapping[str, Sequence[str]]) -> None:
        self.mapping = mapping

    def __iter__(self) -> Iterator[str]:
        return iter(self.mapping)

    def getlist(self, key: str) -> list[str]:
        value = self.mapping.get(key, [])
        return [value] if isinstance(value, str) else list(value)
