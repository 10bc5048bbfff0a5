"""Related practices: what a visitor reads next.

Ranked by the number of topics shared with the practice, then by place (a shared city
before a shared country), then newest first; a practice that shares neither a topic nor a
place is not related. The editors' choices come first (``pinned_related``, in their order)
and their exclusions never appear (``excluded_related``).

The ranking runs on the facet index of the practice's index page, so the candidates are
exactly what a visitor may see there, and it costs no query once the index is built: the
topics shared are counted with bitsets (a bit-sliced counter, one AND and OR per topic
and level), not per candidate. The ids are cached under the content generation: a warm
practice page reads them and the cards from the cache.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from wagtail.models import Page

from icc_practices.conf import settings
from icc_practices.models import PracticePage
from icc_practices.search.cache import cached
from icc_practices.search.facets import CityFacet, CountryFacet, TopicFacet
from icc_practices.search.index import FacetIndex, ascending
from icc_practices.search.query import facet_index

TOPIC, CITY, COUNTRY = TopicFacet.name, CityFacet.name, CountryFacet.name


def related_practice_ids(
    practice: PracticePage, limit: int | None = None, *, use_cache: bool = True
) -> list[int]:
    """Ids of the practices related to this one, best first, at most ``limit``
    (``ICC_PRACTICES_RELATED_PRACTICES`` by default). ``use_cache=False`` for a draft in
    preview, whose choices are not saved yet."""
    limit = settings.RELATED_PRACTICES if limit is None else max(0, limit)
    if limit == 0 or practice.pk is None:
        return []
    if not use_cache:
        return _ranked(practice, limit, as_edited=True)
    return cached("related", (practice.pk, limit), lambda: _ranked(practice, limit))


def _ranked(practice: PracticePage, limit: int, as_edited: bool = False) -> list[int]:
    parent = _parent(practice)
    if parent is None:
        return []
    index = facet_index(parent)
    pinned, excluded, versions = _editors_choices(practice, index)
    chosen = [pk for pk in pinned if pk not in versions][:limit]
    skip = {practice.pk, *versions, *excluded, *chosen}
    found: list[int] = []
    for pk in (
        index.pks[position] for position in _by_rank(index, _own_values(practice, index, as_edited))
    ):
        if len(chosen) + len(found) >= limit:
            break
        if pk not in skip:
            found.append(pk)
    return chosen + found


def _parent(practice: PracticePage) -> Page | None:
    """The practice's index page (one query; a draft in preview has its path too)."""
    if not practice.path or len(practice.path) <= practice.steplen:
        return None
    return Page.objects.filter(path=practice.path[: -practice.steplen]).first()


def _own_values(practice: PracticePage, index: FacetIndex, as_edited: bool) -> dict[str, set[str]]:
    """The practice's topics, cities and countries as facet values: from the index when
    it holds the published practice, else (a draft in preview) from the page itself."""
    position = None if as_edited else index.positions.get(practice.pk)
    if position is not None:
        return {
            name: {
                value for value, bits in index.options.get(name, {}).items() if bits >> position & 1
            }
            for name in (TOPIC, CITY, COUNTRY)
        }
    return {
        TOPIC: {topic.slug for topic in practice.topics.all()},
        CITY: {city.slug for city in practice.cities.all()},
        COUNTRY: {
            str(country.code).lower()
            for country in [practice.country, *practice.other_countries.all()]
            if country is not None
        },
    }


def _by_rank(index: FacetIndex, own: dict[str, set[str]]) -> Iterator[int]:
    """Positions of related practices, best first."""
    topics = [index.options.get(TOPIC, {}).get(value, 0) for value in sorted(own[TOPIC])]
    # at_least[n]: the practices that share n topics or more (a bit-sliced counter).
    at_least = [index.everything] + [0] * len(topics)
    for members in topics:
        for shared in range(len(topics), 0, -1):
            at_least[shared] |= at_least[shared - 1] & members
    at_least.append(0)
    same_city = _union(index, CITY, own[CITY])
    same_country = _union(index, COUNTRY, own[COUNTRY])
    for shared in range(len(topics), -1, -1):
        exactly = at_least[shared] & ~at_least[shared + 1]
        yield from ascending(exactly & same_city)
        yield from ascending(exactly & same_country & ~same_city)
        if shared:
            yield from ascending(exactly & ~same_country & ~same_city)


def _union(index: FacetIndex, facet: str, values: set[str]) -> int:
    options = index.options.get(facet, {})
    members = 0
    for value in values:
        members |= options.get(value, 0)
    return members


def _editors_choices(
    practice: PracticePage, index: FacetIndex
) -> tuple[list[int], set[int], set[int]]:
    """The pinned practices (in order) and the excluded ones, as the versions the index
    lists (its language's, or the language of a practice not translated into it),
    whichever language's version the editor chose; and the listed versions of the
    practice itself, never related to itself (one query)."""
    pinned = [choice.practice_id for choice in practice.pinned_related.all()]
    excluded = [choice.practice_id for choice in practice.excluded_related.all()]
    chosen = PracticePage.objects.filter(pk__in=[*pinned, *excluded]).values("translation_key")
    versions = PracticePage.objects.filter(
        Q(translation_key=practice.translation_key) | Q(translation_key__in=chosen)
    ).values_list("pk", "translation_key")
    key_of: dict[int, object] = {}
    listed: dict[object, int] = {}
    for pk, key in versions:
        key_of[pk] = key
        if pk in index.positions:
            listed[key] = pk
    own = {pk for pk, key in key_of.items() if key == practice.translation_key}
    shown = [listed.get(key_of.get(pk)) for pk in pinned]
    return (
        list(dict.fromkeys(pk for pk in shown if pk is not None)),
        {pk for pk in (listed.get(key_of.get(pk)) for pk in excluded) if pk is not None},
        own,
    )
