"""The query layer: request parameters in, a page of results and facet counts out.

Every channel calls :func:`search_practices` (the HTML index today; the API, feeds and
exports later), so filtering, search, privacy and counting exist once.

Search and facets meet here. Wagtail's search backends cannot filter on many-to-many
fields (wagtail/django-modelsearch issue 100), so the search runs on the plain collection
(live children of the index, filter fields Wagtail indexes everywhere, Elasticsearch
included) and returns the ids of the best matches; facets and privacy are then applied with
the ORM to those ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page
from wagtail.query import PageQuerySet
from wagtail.search.backends import get_search_backend

from icc_practices.conf import settings
from icc_practices.models import PracticePage
from icc_practices.search import snapshots
from icc_practices.search.cache import cached, cached_in_process, entry_key, kept_in_process
from icc_practices.search.facets import Facet, registered_facets
from icc_practices.search.index import STORED_ORDERS, Counts, FacetIndex
from icc_practices.search.languages import sibling_indexes, with_untranslated
from icc_practices.search.listing import listed_practices
from icc_practices.search.params import FilterState, ParamLists, QueryParams, parse_filters
from icc_practices.search.privacy import visible_practices
from icc_practices.search.taxonomy import Taxonomy, load_taxonomy


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool

    @property
    def disabled(self) -> bool:
        """Nothing to add: no results with it, and not already chosen."""
        return self.count == 0 and not self.selected


@dataclass(frozen=True)
class FacetChoices:
    """A facet's options for one filter state, as the filter form and the API show them."""

    facet: Facet
    options: tuple[FacetOption, ...]

    @property
    def name(self) -> str:
        return self.facet.name

    @property
    def label(self) -> str:
        return str(self.facet.label)

    @property
    def template_name(self) -> str:
        return self.facet.template_name

    @property
    def is_open(self) -> bool:
        """Unfolded in the filter form: open by definition, or with a selection."""
        return self.facet.open or any(option.selected for option in self.options)

    @property
    def selected_options(self) -> tuple[FacetOption, ...]:
        return tuple(option for option in self.options if option.selected)

    @property
    def can_add(self) -> bool:
        """Whether any option can be chosen now (not every checkbox disabled)."""
        return any(not option.disabled for option in self.options)


@dataclass(frozen=True)
class ActiveFilter:
    facet: str
    label: str
    remove_query: str


@dataclass(frozen=True)
class PracticeResults:
    """One page of results for a filter state, with its facets."""

    state: FilterState
    page: PaginatorPage
    paginator: Paginator
    ids: tuple[int, ...]  # the page's practices, in order, before any row is read
    counts: Counts = field(repr=False)
    taxonomy: Taxonomy = field(repr=False)

    # Labelled options and chips are built when a template or the API reads them: a warm
    # index page serves its filter form and results from cached fragments and never does.
    @cached_property
    def facets(self) -> dict[str, FacetChoices]:
        """Each registered facet's options, by parameter name, in the registry's order."""
        return _facets(self.counts, self.state, self.taxonomy)

    @cached_property
    def active_filters(self) -> tuple[ActiveFilter, ...]:
        return _active_filters(self.state, self.facets)

    @property
    def total(self) -> int:
        return self.paginator.count

    @property
    def practices(self) -> list[PracticePage]:
        return list(self.page.object_list)

    def page_query(self, number: int) -> str:
        return self.state.with_page(number).query_string()

    @property
    def fragment_key(self) -> str:
        """Identifies everything the filter form shows, for template fragment caching
        (``{% icc_cached %}`` adds the generations): the filter state and order and the
        language."""
        return ":".join(
            [translation.get_language() or "", self.state.cache_key(), self.state.q,
             self.state.sort]
        )  # fmt: skip


def collection(index_page: Page) -> PageQuerySet:
    """What visitors may see under an index: its live, unrestricted children and, unless
    ``ICC_PRACTICES_LIST_UNTRANSLATED`` is off, the practices of its translations that
    have no version here, each once, in the language it exists in
    (:func:`~icc_practices.search.languages.with_untranslated`)."""
    if not settings.LIST_UNTRANSLATED:
        return visible_practices().child_of(index_page)
    return with_untranslated(index_page)


def relevance_ranking_available() -> bool:
    """Whether the search backend can rank by relevance at an acceptable cost.

    modelsearch's SQLite backend ranks with a correlated subquery that repeats the full-text
    match for every hit: one search over 50,000 practices took 167 s ranked and 2 s
    unranked (docs/performance.md). There, "best match" falls back to newest first.
    """
    return "sqlite" not in type(get_search_backend()).__module__


def search_hits(index_page: Page, state: FilterState) -> list[int] | None:
    """Ids of the best matches for the search terms, most relevant first (``None`` when
    there is no search)."""
    if not state.search_terms:
        return None

    def search(children: Q) -> list[int]:
        matches = (
            PracticePage.objects.live()
            .filter(children)
            .only("pk")
            .search(
                " ".join(state.search_terms),
                operator="and",
                order_by_relevance=relevance_ranking_available(),
            )
        )
        return [page.pk for page in matches[: settings.MAX_SEARCH_RESULTS]]

    def run() -> list[int]:
        # This index's language first, then the untranslated practices' languages, each
        # found by its own words; the facet index keeps those it lists. Once each, best
        # first: a backend may return a page twice (a hit per field).
        indexes = [PracticePage.objects.child_of_q(index_page)]
        if settings.LIST_UNTRANSLATED:
            indexes += [sibling.children() for sibling in sibling_indexes(index_page)]
        # Each search is capped, not their sum: the other languages' versions of this
        # index's practices, left out by the facet index, must not crowd out listed hits.
        hits = (pk for children in indexes for pk in search(children))
        return list(dict.fromkeys(hits))

    return cached("search", (index_page.pk, state.search_terms, settings.LIST_UNTRANSLATED), run)


def facet_index(index_page: Page) -> FacetIndex:
    """The facet index of an index page's collection, current for this request."""
    facets = registered_facets()
    # The setting is in the key: a deploy that changes it must not read the other
    # collection's index from the cache or the database.
    parts = (index_page.pk, tuple(facet.name for facet in facets), settings.LIST_UNTRANSLATED)
    # This process's memory, then the cache, then the database's snapshot, then a build,
    # all under one key (the generations read once).
    key = entry_key("facet-index", parts)
    return kept_in_process(
        key,
        lambda: snapshots.read_or_build(
            key, index_page.pk, lambda: FacetIndex.build(collection(index_page), facets)
        ),
    )


def _stored_order(index_page: Page, index: FacetIndex, sort: str) -> tuple[int, ...]:
    """The facet index's positions by title or by publication, kept like the index."""
    parts = (index_page.pk, sort, len(index.pks), index.pks[:1], index.pks[-1:])
    return cached_in_process(
        "stored-order",
        parts,
        lambda: index.positions_by(collection(index_page), STORED_ORDERS[sort]),
    )


def _facets(counts: Counts, state: FilterState, taxonomy: Taxonomy) -> dict[str, FacetChoices]:
    facets = {}
    for facet in registered_facets():
        selected = state.selected(facet.name)
        present = counts.get(facet.name, {})
        labelled = facet.options(taxonomy, present.keys(), selected)
        facets[facet.name] = FacetChoices(
            facet,
            tuple(
                FacetOption(value, label, present.get(value, 0), value in selected)
                for value, label in labelled
            ),
        )
    return facets


def _active_filters(
    state: FilterState, facets: dict[str, FacetChoices]
) -> tuple[ActiveFilter, ...]:
    active = []
    if state.q:
        active.append(ActiveFilter("q", state.q, state.without_query().query_string()))
    for name, facet in facets.items():
        for option in facet.selected_options:
            removed = state.without(name, option.value).query_string()
            active.append(ActiveFilter(name, option.label, removed))
    return tuple(active)


@dataclass(frozen=True)
class Selection:
    """What a filter state selects from an index's collection, before any paging."""

    index_page: Page
    taxonomy: Taxonomy
    state: FilterState
    hits: list[int] | None
    index: FacetIndex
    matching: int

    @property
    def sort(self) -> str:
        """The order to apply (best match falls back to newest where it cannot rank)."""
        if self.state.sort == "relevance" and not relevance_ranking_available():
            return "newest"
        return self.state.sort

    def ids(self, offset: int, limit: int) -> list[int]:
        return self.index.page(
            self.matching,
            self.sort,
            offset,
            limit,
            self.hits,
            lambda sort: _stored_order(self.index_page, self.index, sort),
        )


def select_practices(
    index_page: Page, params: ParamLists | Mapping[str, Sequence[str]]
) -> Selection:
    """What ``params`` select from the index's collection (the facet index, the matching
    practices), for readers that count in their own way (the map's places)."""
    taxonomy = load_taxonomy(translation.get_language())
    state = parse_filters(params, taxonomy.vocabulary())
    hits = search_hits(index_page, state)
    index = facet_index(index_page)
    return Selection(index_page, taxonomy, state, hits, index, index.matching(state, hits))


def filter_labels(params: ParamLists | Mapping[str, Sequence[str]]) -> list[str]:
    """The filter in words, in the active language ("Education", "Spain", the search
    terms), without searching: for places that name a filter rather than show its results
    (the dashboard, alert e-mails). Unknown values are left out, as the index ignores them."""
    taxonomy = load_taxonomy(translation.get_language())
    state = parse_filters(params, taxonomy.vocabulary())
    labels = [state.q] if state.q else []
    for facet in registered_facets():
        selected = state.selected(facet.name)
        if selected:
            labels.extend(
                str(label)
                for value, label in facet.options(taxonomy, selected, selected)
                if value in selected
            )
    return labels


def matching_practice_ids(
    index_page: Page, params: ParamLists | Mapping[str, Sequence[str]], limit: int
) -> tuple[FilterState, int, list[int]]:
    """The filter state, the number of matching practices and the ids of the first
    ``limit`` of them in the requested order: what exports and feeds read."""
    selection = select_practices(index_page, params)
    return selection.state, selection.matching.bit_count(), selection.ids(0, max(0, limit))


def search_practices(
    index_page: Page, params: ParamLists | Mapping[str, Sequence[str]], per_page: int
) -> PracticeResults:
    """Results, facets and pagination for an index page and request parameters."""
    selection = select_practices(index_page, params)
    state, taxonomy = selection.state, selection.taxonomy
    counts = selection.index.counts(state, selection.hits)
    paginator = Paginator(range(selection.matching.bit_count()), per_page)
    page = paginator.get_page(state.page)
    if page.number != state.page:
        state = state.with_page(page.number)
    offset = page.start_index() - 1 if paginator.count else 0
    pks = selection.ids(offset, per_page)
    # Read only when something iterates them: the HTML index keeps its rendered results in
    # a fragment, and pickling model instances into the cache cost more than the 3 queries.
    page.object_list = SimpleLazyObject(lambda: listed_practices(pks))
    return PracticeResults(state, page, paginator, tuple(pks), counts, taxonomy)


def index_parameters() -> frozenset[str]:
    """The parameters the index reads; any other (``utm_source``, ``fbclid``) makes an
    address that is not worth keeping whole (``icc_practices.public.response_cache``)."""
    return frozenset(("q", "sort", "page", *(facet.name for facet in registered_facets())))


def canonical_query(params: QueryParams | Mapping[str, Sequence[str]]) -> str | None:
    """The canonical query string of an index address (unknown values dropped, order and
    defaults fixed), or ``None`` when it carries a parameter the index does not read."""
    known = index_parameters()
    if any(name not in known for name in params):
        return None
    vocabulary = load_taxonomy(translation.get_language()).vocabulary()
    return parse_filters(params, vocabulary).query_string()
