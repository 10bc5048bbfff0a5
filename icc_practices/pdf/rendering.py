"""Turning a practice into PDF bytes: the template, WeasyPrint, and a time limit.

Renders run in a small pool of threads of their own. A visitor waits at most
``ICC_PRACTICES_PDF_RENDER_TIMEOUT`` seconds; a render that takes longer is not killed
(Python cannot stop a thread) but finishes in the background and is cached, so asking
again gets the file. The pool's size bounds how much CPU PDFs can take at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from threading import Lock

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from icc_practices.conf import settings
from icc_practices.pdf.fetcher import SiteFileFetcher

TEMPLATE = "icc_practices/pdf/practice.html"

_pool: ThreadPoolExecutor | None = None
_pool_lock = Lock()


def _render_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=max(1, settings.PDF_MAX_CONCURRENT_RENDERS),
                thread_name_prefix="icc-practices-pdf",
            )
        return _pool


def practice_html(request: HttpRequest, page) -> str:
    """The print document of a practice, from an overridable template."""
    context = {
        "page": page,
        "page_url": page.get_full_url(request) or request.build_absolute_uri(),
        "generated_at": timezone.now(),
        "icc_pdf": True,
    }
    return render_to_string(TEMPLATE, context, request=request)


class RenderTooSlow(Exception):
    """Files were still being loaded when the time limit passed: the PDF would lack them,
    so it is neither served nor cached."""


def html_to_pdf(html: str, base_url: str, origins: list[str], time_limit: float) -> bytes:
    """A tagged PDF/UA-1 document (title and language come from the HTML)."""
    fetcher = SiteFileFetcher(origins, deadline=time.monotonic() + time_limit)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    if fetcher.ran_out_of_time:
        raise RenderTooSlow(base_url)
    return pdf


def start_render(
    request: HttpRequest, page, on_done: Callable[[bytes], None] | None = None
) -> Future[bytes]:
    """Render a practice's PDF in the pool; ``on_done`` receives the bytes when ready."""
    html = practice_html(request, page)
    origin = f"{request.scheme}://{request.get_host()}"
    future = _render_pool().submit(
        html_to_pdf, html, origin + "/", [origin], settings.PDF_RENDER_TIMEOUT
    )
    if on_done is not None:

        def deliver(finished: Future[bytes]) -> None:
            if not finished.cancelled() and finished.exception() is None:
                on_done(finished.result())

        future.add_done_callback(deliver)
    return future
