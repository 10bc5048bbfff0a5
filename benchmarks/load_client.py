"""A bounded HTTP load generator: a fixed number of client threads, each sending its next
request when the previous one is answered (a closed loop), for a fixed time.

Standard library only (``http.client``), keep-alive connections, one per thread. Every
response is recorded with its start time, latency and status; ``summarise`` turns them
into requests, requests per second, percentiles and errors by status.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

TIMEOUT = 60.0  # seconds a single request may take before it counts as an error


@dataclass
class Response:
    path: str
    started: float  # time.monotonic()
    latency: float  # seconds
    status: int | str  # HTTP status, or "timeout" / "connection" for no answer
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return isinstance(self.status, int) and self.status < 400


class Connection:
    """One keep-alive connection to 127.0.0.1, reopened whenever the server closes it."""

    def __init__(self, port: int, timeout: float = TIMEOUT) -> None:
        self.port, self.timeout = port, timeout
        self._conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        keep_body: bool = False,
    ) -> Response:
        headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        started = time.monotonic()
        for attempt in (1, 2):
            try:
                if self._conn is None:
                    self._conn = http.client.HTTPConnection(
                        "127.0.0.1", self.port, timeout=self.timeout
                    )
                self._conn.request(method, path, body=body, headers=headers)
                answer = self._conn.getresponse()
                data = answer.read()
                if answer.will_close:
                    self.close()
                return Response(
                    path,
                    started,
                    time.monotonic() - started,
                    answer.status,
                    data if keep_body else data[:0],
                    {key.lower(): value for key, value in answer.getheaders()},
                )
            except TimeoutError:
                self.close()
                return Response(path, started, time.monotonic() - started, "timeout")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server had closed: once more on a new one.
                self.close()
                if attempt == 2 or method != "GET":
                    return Response(path, started, time.monotonic() - started, "connection")
            except (OSError, http.client.HTTPException):
                self.close()
                return Response(path, started, time.monotonic() - started, "connection")
        raise AssertionError("unreachable")


class UrlSource:
    """Thread-safe next URL: from a list in turn (``cycle``), or each once (exhausted:
    ``None``)."""

    def __init__(self, urls: list[str] | Iterator[str], *, cycle: bool = False) -> None:
        self._lock = threading.Lock()
        self._urls = list(urls) if cycle else None
        self._iter = iter(urls) if not cycle else None
        self._next = 0
        self.exhausted = False

    def __call__(self) -> str | None:
        with self._lock:
            if self._urls is not None:
                url = self._urls[self._next % len(self._urls)]
                self._next += 1
                return url
            url = next(self._iter, None)
            if url is None:
                self.exhausted = True
            return url


def run_load(
    port: int,
    next_url: Callable[[], str | None],
    duration: float,
    clients: int,
    *,
    keep_body: Callable[[str], bool] | None = None,
    on_response: Callable[[Response], None] | None = None,
    stop: threading.Event | None = None,
) -> tuple[list[Response], float]:
    """``clients`` threads request ``next_url()`` back to back for ``duration`` seconds
    (or until ``stop`` is set or the URLs run out). Returns the responses and the
    elapsed time."""
    responses: list[Response] = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    stop = stop or threading.Event()

    def client() -> None:
        connection = Connection(port)
        try:
            while time.monotonic() < deadline and not stop.is_set():
                url = next_url()
                if url is None:
                    return
                response = connection.request(
                    url, keep_body=bool(keep_body and keep_body(url)) or on_response is not None
                )
                if on_response is not None:
                    on_response(response)
                    response.body = b""
                with lock:
                    responses.append(response)
        finally:
            connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + TIMEOUT + 10)
    return responses, time.monotonic() - started


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in 0..1) of ``values``; NaN if empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def status_counts(responses: list[Response]) -> Counter:
    return Counter(str(response.status) for response in responses)


def errors(responses: list[Response]) -> Counter:
    return Counter(str(response.status) for response in responses if not response.ok)


def summarise(name: str, responses: list[Response], elapsed: float) -> dict:
    latencies = [response.latency * 1000 for response in responses]
    return {
        "scenario": name,
        "requests": len(responses),
        "seconds": round(elapsed, 2),
        "rps": round(len(responses) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "max_ms": round(max(latencies), 1) if latencies else float("nan"),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else float("nan"),
        "statuses": dict(sorted(status_counts(responses).items())),
        "errors": dict(sorted(errors(responses).items())),
    }


# What a response says, for comparing answers with and without a dependency.
_COUNT = re.compile(rb"data-icc-count[^>]*>\s*([\d,.\s]+)")
_PRACTICE_LINK = re.compile(rb'href="(/practices/[^"/?#]+/)"')


def fingerprint(response: Response) -> object:
    """The part of an answer that must not change when Redis is down: an index page's
    result count and the practices it lists, in order; an API answer's JSON."""
    if not response.ok:
        return ("status", response.status)
    content_type = response.headers.get("content-type", "")
    if "json" in content_type:
        with contextlib.suppress(ValueError):
            return json.loads(response.body)
        return ("bad json", len(response.body))
    count = _COUNT.search(response.body)
    links = _PRACTICE_LINK.findall(response.body)
    return (
        count.group(1).decode().strip() if count else None,
        tuple(dict.fromkeys(link.decode() for link in links)),
    )
