"""Logging a failing dependency (cache, mail server, PDF renderer, task queue) once per
interval, not once per request: a dead Redis under load must not flood the error log."""

from __future__ import annotations

import logging
import threading
import time

logger = logging.getLogger("icc_practices.degraded")

REPORT_INTERVAL = 60.0

_last_reported: dict[str, float] = {}
_lock = threading.Lock()


def report_failure(feature: str, error: BaseException) -> bool:
    """Log that ``feature`` failed with ``error``, at most once per ``REPORT_INTERVAL``
    seconds per feature and process. Returns whether this call logged."""
    now = time.monotonic()
    with _lock:
        last = _last_reported.get(feature)
        if last is not None and now - last < REPORT_INTERVAL:
            return False
        _last_reported[feature] = now
    logger.error(
        "%s is failing, served without it: %s: %s (further failures are not logged for %d s)",
        feature,
        type(error).__name__,
        error,
        REPORT_INTERVAL,
    )
    return True


def reset() -> None:
    """Forget past reports (tests)."""
    with _lock:
        _last_reported.clear()
