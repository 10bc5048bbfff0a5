"""Caching with generation tokens: nothing is deleted, keys just stop being asked for.

Two generations, so that a practice's publication does not throw away what it cannot
change:

- ``content``: practices published, unpublished, moved or deleted (counts, search hits);
- ``structure``: taxonomy edits, view restrictions, moves (vocabularies, restricted paths).

Every cached key embeds both tokens. Tokens are random, so a token evicted from the cache
is replaced by a new one and can never resurrect stale entries.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches

from icc_practices.conf import settings

T = TypeVar("T")

CONTENT = "content"
STRUCTURE = "structure"
_PREFIX = "icc_practices"


# Caches that live inside one process cannot hear invalidations from other processes (other
# workers, or the `publish_scheduled` cron job expiring a practice); entries in them are
# kept briefly so such changes show within a minute.
PER_PROCESS_BACKENDS = ("LocMemCache", "DummyCache")
PER_PROCESS_TIMEOUT = 60


def _cache():
    return caches[settings.CACHE_ALIAS]


def is_per_process_cache() -> bool:
    return type(_cache()).__name__ in PER_PROCESS_BACKENDS


def entry_timeout() -> int:
    """Seconds an entry lives: the setting, capped for per-process caches."""
    return _timeout()


def _timeout() -> int:
    if is_per_process_cache():
        return min(settings.CACHE_TIMEOUT, PER_PROCESS_TIMEOUT)
    return settings.CACHE_TIMEOUT


def _token_key(generation: str) -> str:
    return f"{_PREFIX}:generation:{generation}"


def generation_tokens(generations: tuple[str, ...] = (CONTENT, STRUCTURE)) -> str:
    """The current tokens of these generations, creating missing ones."""
    cache = _cache()
    keys = [_token_key(generation) for generation in generations]
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            token = secrets.token_hex(6)
            if not cache.add(key, token, timeout=None):
                token = cache.get(key, token)
        tokens.append(token)
    return ":".join(tokens)


def invalidate(*generations: str) -> None:
    """Start new generations: entries cached under the old ones are never read again."""
    _cache().set_many(
        {_token_key(generation): secrets.token_hex(6) for generation in generations},
        timeout=None,
    )


def entry_key(
    name: str, parts: tuple[object, ...], generations: tuple[str, ...] = (CONTENT, STRUCTURE)
) -> str:
    """The cache key of ``name`` and ``parts`` in the current ``generations``."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{_PREFIX}:{name}:{generation_tokens(generations)}:{digest}"


def read(key: str):
    """The value stored under ``key``, or ``None``."""
    return _cache().get(key)


def store(key: str, value: object) -> None:
    """Keep ``value`` under ``key`` (for entries computed out of band, like PDFs)."""
    _cache().set(key, value, timeout=_timeout())


def cached(
    name: str,
    parts: tuple[object, ...],
    compute: Callable[[], T],
    generations: tuple[str, ...] = (CONTENT, STRUCTURE),
) -> T:
    """``compute()``, cached under ``name`` and ``parts`` until one of ``generations``
    changes."""
    key = entry_key(name, parts, generations)
    value = read(key)
    if value is None:
        value = compute()
        store(key, value)
    return value
