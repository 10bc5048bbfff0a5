"""Caching keyed by generations that live in the database; the cache is only an optimisation.

Generations, so that a practice's publication does not throw away what it cannot change:

- ``content``: practices published, unpublished, moved or deleted (counts, search hits);
- ``structure``: taxonomy edits, view restrictions, moves (vocabularies, restricted paths);
- ``pages``: any page of the site published, unpublished, moved or deleted: only whole
  responses (``icc_practices.public.response_cache``) depend on it, since the host's base template
  around them shows other pages (menus).

Every cached key embeds the tokens of the generations it depends on (the first two unless
it says otherwise). The tokens are rows of
:class:`~icc_practices.models.CacheGeneration`, replaced in the same transaction as the
change (:func:`invalidate`) and read once per request (:func:`generation_tokens`), so
every process, whatever its cache, sees a change on its next request after the commit.

Any failure of the cache backend (Redis down, a timeout) is reported once per interval
and the value is computed from the database instead: no visitor gets an error because
the cache is down.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from importlib.metadata import PackageNotFoundError, version
from typing import TypeVar, cast

from django.core.cache import BaseCache, caches
from django.core.signals import request_finished, request_started
from django.db import OperationalError, connection, transaction
from django.dispatch import Signal

from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.search.facets import registry_fingerprint

T = TypeVar("T")

CONTENT = "content"
STRUCTURE = "structure"
PAGES = "pages"
GENERATIONS = (CONTENT, STRUCTURE)  # what a key depends on unless it says otherwise
ALL_GENERATIONS = (CONTENT, STRUCTURE, PAGES)
_PREFIX = "icc_practices"
# Bump when the shape of a cached object changes between releases of the same version.
CACHE_FORMAT = 4  # 3: Taxonomy carries city_countries; 4: kept responses carry an ETag
try:
    RELEASE = f"{version('icc-practices')}.{CACHE_FORMAT}"
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    RELEASE = f"dev.{CACHE_FORMAT}"
_MISSING = object()

# Sent after new generations are in place (after the commit), with ``generations``.
generations_replaced = Signal()

# Tokens read during the current request; ``None`` outside requests (shell, tasks), where
# each call reads the database, since nothing marks when such work would be "later".
_request_tokens: ContextVar[dict[str, str] | None] = ContextVar(
    "icc_practices_generation_tokens", default=None
)


def _start_request(**kwargs) -> None:
    _request_tokens.set({})


def _finish_request(**kwargs) -> None:
    _request_tokens.set(None)


@contextmanager
def generation_scope() -> Iterator[None]:
    """Read the generations once for the work inside, as a request does (for tasks,
    commands and tests that do a request's worth of work)."""
    reset = _request_tokens.set({})
    try:
        yield
    finally:
        _request_tokens.reset(reset)


request_started.connect(_start_request, dispatch_uid="icc_practices.search.cache.start")
request_finished.connect(_finish_request, dispatch_uid="icc_practices.search.cache.finish")


def _cache():
    return caches[settings.CACHE_ALIAS]


def is_per_process_cache() -> bool:
    return type(_cache()).__name__ in ("LocMemCache", "DummyCache")


def _new_token() -> str:
    return secrets.token_hex(8)


def _read_tokens() -> dict[str, str]:
    """Every generation's token in one indexed query, creating rows that are missing
    (a database flushed by tests, or rows deleted by hand)."""
    from icc_practices.models import CacheGeneration

    tokens = dict(
        CacheGeneration.objects.filter(name__in=ALL_GENERATIONS).values_list("name", "token")
    )
    for name in ALL_GENERATIONS:
        if name not in tokens:
            row, _created = CacheGeneration.objects.get_or_create(
                name=name, defaults={"token": _new_token()}
            )
            tokens[name] = row.token
    return tokens


def generation_tokens(generations: tuple[str, ...] = GENERATIONS) -> str:
    """The current tokens of these generations, from the database (once per request)."""
    memo = _request_tokens.get()
    if memo is None:
        tokens = _read_tokens()
    else:
        if not memo:
            memo.update(_read_tokens())
        tokens = memo
    return ":".join(tokens[generation] for generation in generations)


def invalidate(*generations: str) -> None:
    """Start new generations: entries cached under the old tokens are never read again,
    by any process, once the change commits.

    The tokens are replaced in the current transaction, so they change exactly when the
    change becomes visible, and again once it commits. On PostgreSQL, when another editing
    transaction holds the rows, the first replacement is skipped rather than waited for:
    waiting on this one hot row while holding page rows deadlocked two editors (a publish
    against a bulk unpublish); the replacement after the commit still comes, within a
    moment of it.
    """
    if not connection.in_atomic_block:
        _replace_tokens(generations)
        _after_new_generations(generations)
        return
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic():
                _lock_tokens_nowait(generations)
                _replace_tokens(generations)
        except OperationalError:  # held by another transaction: after the commit only
            pass
    else:  # SQLite and others lock the whole database per transaction anyway
        _replace_tokens(generations)
    transaction.on_commit(lambda: _after_commit(generations))


def _after_commit(generations: tuple[str, ...]) -> None:
    _replace_tokens(generations)
    _after_new_generations(generations)


def _after_new_generations(generations: tuple[str, ...]) -> None:
    """Tell the rest of the package (``generations_replaced``): the cards are rendered
    again ahead of visitors (``icc_practices.public.warming``, connected in
    ``signal_handlers``)."""
    generations_replaced.send(sender=None, generations=generations)


def _lock_tokens_nowait(generations: tuple[str, ...]) -> None:
    from icc_practices.models import CacheGeneration

    rows = CacheGeneration.objects.select_for_update(nowait=True).filter(name__in=generations)
    list(rows.values_list("name", flat=True))


def _replace_tokens(generations: tuple[str, ...]) -> None:
    from icc_practices.models import CacheGeneration

    rows = [CacheGeneration(name=name, token=_new_token()) for name in generations]
    CacheGeneration.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["name"], update_fields=["token"]
    )
    memo = _request_tokens.get()
    if memo:
        memo.update({row.name: row.token for row in rows})


def entry_key(
    name: str, parts: tuple[object, ...], generations: tuple[str, ...] = GENERATIONS
) -> str:
    """The cache key of ``name`` and ``parts`` in the current ``generations``, for this
    release of the package (a new release must not unpickle the last one's objects) and
    these facets (a deploy that changes them must not serve forms without them)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    release = f"{RELEASE}.{registry_fingerprint()}"
    return f"{_PREFIX}:{release}:{name}:{generation_tokens(generations)}:{digest}"


# After a failure the cache is left alone for a few seconds: a Redis that accepts
# connections but never answers would otherwise cost a socket timeout on every call, a
# dozen per page.
RETRY_AFTER_FAILURE = 5.0
_resting_until = 0.0


def _failed(error: BaseException) -> None:
    global _resting_until
    _resting_until = time.monotonic() + RETRY_AFTER_FAILURE
    report_failure("cache", error)


def rest_ended() -> None:
    """Use the cache again at once (tests, or after an operator fixed it)."""
    global _resting_until
    _resting_until = 0.0


def cache_call(operation: Callable[[BaseCache], T], default: T | None = None) -> T | None:
    """``operation(cache)`` on the package's cache, or ``default`` when the cache fails or
    is resting after a failure."""
    if time.monotonic() < _resting_until:
        return default
    try:
        return operation(_cache())
    except Exception as error:  # any backend: connection refused, timeout, protocol
        _failed(error)
        return default


def read(key: str, default=None):
    """The value stored under ``key``, or ``default`` (also when the cache fails)."""
    return cache_call(lambda cache: cache.get(key, default), default)


def store(key: str, value: object, timeout: int | None = None) -> None:
    """Keep ``value`` under ``key`` (for ``timeout`` seconds, by default
    ``ICC_PRACTICES_CACHE_TIMEOUT``); a failing cache only loses the speed-up."""
    seconds = settings.CACHE_TIMEOUT if timeout is None else timeout
    cache_call(lambda cache: cache.set(key, value, timeout=seconds))


def read_many(keys: list[str]) -> dict[str, object]:
    """The values found under ``keys`` (none when the cache fails)."""
    return (cache_call(lambda cache: cache.get_many(keys)) or {}) if keys else {}


def store_many(values: Mapping[str, object]) -> None:
    """Keep several values at once; a failing cache only loses the speed-up."""
    if values:
        cache_call(lambda cache: cache.set_many(dict(values), timeout=settings.CACHE_TIMEOUT))


def cached(
    name: str,
    parts: tuple[object, ...],
    compute: Callable[[], T],
    generations: tuple[str, ...] = GENERATIONS,
) -> T:
    """``compute()``, cached under ``name`` and ``parts`` until one of ``generations``
    changes. ``None`` is a value like any other."""
    return _read_or_compute(entry_key(name, parts, generations), compute)


def _read_or_compute(key: str, compute: Callable[[], T]) -> T:
    value = read(key, _MISSING)
    if value is _MISSING:
        value = compute()
        store(key, value)
    return value


# Large, read-mostly values (the facet index) are also kept in each process's memory under
# their full key, generation tokens included: the database still decides which key is
# current, and unpickling a few hundred kilobytes on every request is saved.
PROCESS_ENTRIES = 64
_process_entries: OrderedDict[str, object] = OrderedDict()
_process_lock = threading.Lock()


def cached_in_process(
    name: str,
    parts: tuple[object, ...],
    compute: Callable[[], T],
    generations: tuple[str, ...] = GENERATIONS,
) -> T:
    """Like :func:`cached`, with this process's memory in front of the cache."""
    return kept_in_process(entry_key(name, parts, generations), compute)


def kept_in_process(key: str, compute: Callable[[], T]) -> T:
    """``compute()`` under a key made once by :func:`entry_key`: this process's memory,
    then the cache. (A caller that also stores the value elsewhere under the key must make
    it once: outside a request, each :func:`entry_key` reads the generations again, and a
    change committed in between would file one state under the other's key.)"""
    with _process_lock:
        if key in _process_entries:
            _process_entries.move_to_end(key)
            return cast(T, _process_entries[key])
    value = _read_or_compute(key, compute)
    with _process_lock:
        _process_entries[key] = value
        while len(_process_entries) > PROCESS_ENTRIES:
            _process_entries.popitem(last=False)
    return value


class ProcessMemory:
    """A bounded map in this process's memory, least recently used out, for many small
    values read on every request (rendered cards). Keys must carry the generation tokens,
    as :func:`entry_key` makes them: the database still decides what is current. Entries
    also expire after ``ICC_PRACTICES_CACHE_TIMEOUT``, as they would in the cache (a change
    made without signals, a ``QuerySet.update``, shows within that time)."""

    def __init__(self, size: Callable[[], int]) -> None:
        self._size = size
        self._entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        _memories.append(self)

    def read_many(self, keys: list[str]) -> dict[str, object]:
        found = {}
        now = time.monotonic()
        with self._lock:
            for key in keys:
                entry = self._entries.get(key)
                if entry is None:
                    continue
                if entry[0] <= now:
                    del self._entries[key]
                    continue
                self._entries.move_to_end(key)
                found[key] = entry[1]
        return found

    def store_many(self, values: Mapping[str, object]) -> None:
        size = self._size()
        expires = time.monotonic() + settings.CACHE_TIMEOUT
        with self._lock:
            for key, value in values.items():
                self._entries[key] = (expires, value)
                self._entries.move_to_end(key)
            while len(self._entries) > max(size, 0):
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_memories: list[ProcessMemory] = []


def forget_in_process() -> None:
    """Empty what this process keeps in its own memory (as a restart would)."""
    with _process_lock:
        _process_entries.clear()
    for memory in _memories:
        memory.clear()
