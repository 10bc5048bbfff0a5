"""Per-client and per-recipient limits on proposals, counted in Django's cache.

Each proposal counts against the sender's network (an IPv4 address, or an IPv6 /64, which
one connection can easily rotate within) and against the e-mail address that will receive
the acknowledgement, so the form cannot be used to mail someone repeatedly. Counters are
incremented first and compared after, so parallel requests cannot all slip through.
Addresses are hashed: the cache never holds them in clear.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.core.cache import caches
from django.http import HttpRequest

from icc_practices.conf import settings

WINDOW_SECONDS = 60 * 60


def client_network(request: HttpRequest) -> str:
    """The sender's address (IPv6: its /64). Behind a proxy (``CLIENT_IP_HEADER``), the
    last address of a list, the one the nearest proxy added."""
    value = request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")
    candidate = value.split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return candidate[:64]
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{kind}:{value}".lower().encode()).hexdigest()[:32]
    return f"icc_practices:proposals:{kind}:{digest}"


def _increment(key: str) -> int:
    cache = caches[settings.CACHE_ALIAS]
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def allow(request: HttpRequest, email: str = "") -> bool:
    """Count one proposal; ``False`` once the sender, or the address it would mail,
    is over ``ICC_PRACTICES_SUBMISSIONS_PER_HOUR``."""
    limit = settings.SUBMISSIONS_PER_HOUR
    counts = [_increment(_key("client", client_network(request)))]
    if email:
        counts.append(_increment(_key("recipient", email.strip())))
    return max(counts) <= limit
