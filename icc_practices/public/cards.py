"""Rendered practice cards, cached one per practice: a page of results is one cache read.

A random filter state shows practices that other states showed before; reading their rows,
topics and cities and rendering their cards again cost more than the rest of the page. A
card is keyed by the practice, both generations (so any change a visitor could see renders
it again: a checksum of selected fields once missed aliases and saves without a revision),
the language, the site (links are relative to it) and the heading level. Which cards a
visitor sees is decided by the query layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from wagtail.models import Site

from icc_practices.conf import settings
from icc_practices.search.cache import ProcessMemory, entry_key, read_many, store_many
from icc_practices.search.listing import listed_practices

CARD_TEMPLATE = "icc_practices/includes/practice_card.html"
# The cards of the practices visitors page through most, in this process's memory: a
# per-process cache (300 entries by default) churns them out, and even Redis costs a
# round trip and unpickling for every page of results.
_in_process = ProcessMemory(lambda: settings.CARDS_IN_PROCESS)


def _card_keys(
    request: HttpRequest | None, ids: Sequence[int], heading_level: int
) -> dict[int, str]:
    site = Site.find_for_request(request) if request is not None else None
    language = translation.get_language()
    site_id = site.pk if site else None
    return {pk: entry_key("card", (pk, language, site_id, heading_level)) for pk in ids}


def _cached_or_rendered(
    request: HttpRequest | None, ids: Sequence[int], heading_level: int
) -> tuple[dict[int, SafeString], int]:
    """The cards found in the cache or rendered (and kept), and how many were rendered."""
    keys = _card_keys(request, ids, heading_level)
    found = _in_process.read_many(list(keys.values()))
    if len(found) < len(keys):
        from_cache = read_many([key for key in keys.values() if key not in found])
        _in_process.store_many(from_cache)
        found.update(from_cache)
    missing = [pk for pk in ids if keys[pk] not in found]
    rendered: dict[str, SafeString] = {}
    if missing:
        rendered = {
            keys[practice.pk]: render_to_string(
                CARD_TEMPLATE,
                {"request": request, "practice": practice, "heading_level": heading_level},
            )
            for practice in listed_practices(missing)
        }
        store_many(rendered)
        _in_process.store_many(rendered)
        found.update(rendered)
    return {pk: cast(SafeString, found[key]) for pk, key in keys.items() if key in found}, len(
        rendered
    )


def practice_cards(
    request: HttpRequest | None, ids: Sequence[int], heading_level: int = 2
) -> list[SafeString]:
    """The cards of these practices, in order, rendered from ``practice_card.html``."""
    cards, _rendered = _cached_or_rendered(request, ids, heading_level)
    return [cards[pk] for pk in ids if pk in cards]


def render_missing_cards(
    request: HttpRequest | None, ids: Sequence[int], heading_level: int
) -> int:
    """Render and keep the cards of these practices that the cache lacks; how many."""
    return _cached_or_rendered(request, ids, heading_level)[1]
