"""A per-client limit on proposals, counted in Django's cache (a fixed one-hour window)."""

from __future__ import annotations

import hashlib

from django.core.cache import caches
from django.http import HttpRequest

from icc_practices.conf import settings

WINDOW_SECONDS = 60 * 60


def client_address(request: HttpRequest) -> str:
    value = request.META.get(settings.CLIENT_IP_HEADER, "") or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[0].strip()


def _key(request: HttpRequest) -> str:
    # Hashed: the cache never holds visitors' addresses in clear.
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return f"icc_practices:proposals:{digest}"


def is_limited(request: HttpRequest) -> bool:
    return caches[settings.CACHE_ALIAS].get(_key(request), 0) >= settings.SUBMISSIONS_PER_HOUR


def count(request: HttpRequest) -> None:
    cache = caches[settings.CACHE_ALIAS]
    key = _key(request)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
