"""Single flight and a bounded wait for PDFs rendered inside a web process.

Six visitors asking for one missing PDF get one render; the others wait for it. The
number of renders running and of visitors waiting is bounded per process, and beyond
the bound a visitor is answered at once ("try again shortly") instead of holding one of
the server's threads.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable

from icc_practices.conf import settings


class Outcome(enum.Enum):
    DONE = "done"  # the work ran (here or in another thread) and finished
    BUSY = "busy"  # the bound was reached; nothing was started
    WAITING = "waiting"  # another thread is still working after the visitor's wait


class SingleFlight:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flights: dict[str, threading.Event] = {}
        self._waiting = 0

    def run(self, key: str, work: Callable[[], object]) -> Outcome:
        """Run ``work`` for ``key`` unless it is already running, then wait for it (at
        most ``ICC_PRACTICES_PDF_RENDER_TIMEOUT`` seconds when another thread runs it)."""
        with self._lock:
            done = self._flights.get(key)
            leading = done is None
            if leading and len(self._flights) >= settings.PDF_MAX_CONCURRENT_RENDERS:
                return Outcome.BUSY
            if self._waiting >= settings.PDF_MAX_WAITING_REQUESTS:
                return Outcome.BUSY
            self._waiting += 1
            if leading:
                done = self._flights[key] = threading.Event()
        assert done is not None  # noqa: S101 - set above in both branches, for the type checker
        try:
            if not leading:
                finished = done.wait(settings.PDF_RENDER_TIMEOUT)
                return Outcome.DONE if finished else Outcome.WAITING
            try:
                work()
            finally:
                with self._lock:
                    del self._flights[key]
                done.set()
            return Outcome.DONE
        finally:
            with self._lock:
                self._waiting -= 1


renders = SingleFlight()
