"""Per-client and per-recipient limits on public forms (proposals, alert sign-ups),
counted in a shared Django cache.

Each proposal counts against the sender's network (an IPv4 address, or an IPv6 /64, which
one connection can easily rotate within) and against the e-mail address that will receive
the acknowledgement, so the form cannot be used to mail someone repeatedly. Addresses are
hashed: the cache never holds them in clear.

The view checks (:func:`exceeded`) before saving and counts (:func:`count`) only once
the proposal is saved, so a visitor whose proposal could not be saved keeps their slot.
The price is that requests arriving at the same instant may together pass the limit by
a few; the limit is against floods, and a flood is not simultaneous.

When the cache fails (Redis down), the limit falls back to the database: proposals
stored in the last hour to the same contact address. The per-client limit has nothing to
count there (proposals do not store the sender's address) and lapses until the cache is
back; the failure is reported once per interval. A visitor never gets an error for it.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import BaseCache, caches
from django.http import HttpRequest
from django.utils import timezone

from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.models import PracticeSubmission

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


@dataclass(frozen=True)
class Limit:
    """One form's limit: its counters' name, how many per window, and how the database
    counts what was stored to an address when the cache cannot."""

    scope: str
    per_hour: Callable[[], int]
    stored_recently: Callable[[str], int]


def _key(kind: str, value: str, scope: str = "proposals") -> str:
    digest = hashlib.sha256(f"{kind}:{value}".lower().encode()).hexdigest()[:32]
    return f"icc_practices:{scope}:{kind}:{digest}"


def _keys(request: HttpRequest, email: str, scope: str = "proposals") -> list[str]:
    keys = [_key("client", client_network(request), scope)]
    if email.strip():
        keys.append(_key("recipient", email.strip(), scope))
    return keys


def _cache() -> BaseCache:
    return caches[settings.RATELIMIT_CACHE_ALIAS]


def _increment(cache: BaseCache, key: str) -> int:
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def stored_recently(email: str) -> int:
    """Proposals stored in the last window to ``email``: the database's own count, for
    when the cache cannot answer."""
    since = timezone.now() - datetime.timedelta(seconds=WINDOW_SECONDS)
    return PracticeSubmission.objects.filter(
        contact_email__iexact=email.strip(), created_at__gte=since
    ).count()


def exceeded(request: HttpRequest, email: str = "", limit: Limit | None = None) -> bool:
    """Whether the sender, or the address a form would mail, has already used its
    limit (proposals: ``ICC_PRACTICES_SUBMISSIONS_PER_HOUR``). Counts nothing."""
    limit = limit or PROPOSALS
    most = limit.per_hour()
    try:
        counts = _cache().get_many(_keys(request, email, limit.scope))
    except Exception as error:  # any cache failure: connection refused, timeout...
        report_failure("cache", error)
        return bool(email.strip()) and limit.stored_recently(email) >= most
    return any(count >= most for count in counts.values())


def count(request: HttpRequest, email: str = "", limit: Limit | None = None) -> None:
    """Count one use, once it is saved (or once a bot has been turned away)."""
    try:
        cache = _cache()
        for key in _keys(request, email, (limit or PROPOSALS).scope):
            _increment(cache, key)
    except Exception as error:  # the database counts stored rows meanwhile
        report_failure("cache", error)


PROPOSALS = Limit("proposals", lambda: settings.SUBMISSIONS_PER_HOUR, stored_recently)
