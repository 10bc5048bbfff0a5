"""Turning a practice into PDF bytes: the template, WeasyPrint, and a time limit for
fetching its files.

Where rendering runs (a task worker, or the visitor's request within per-process
bounds) is decided by :mod:`icc_practices.pdf.tasks` and :mod:`icc_practices.pdf.flight`.
"""

from __future__ import annotations

import time

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from icc_practices.conf import settings
from icc_practices.pdf.fetcher import SiteFileFetcher

TEMPLATE = "icc_practices/pdf/practice.html"


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


def render_pdf(request: HttpRequest, page, origin: str) -> bytes:
    """The PDF of ``page`` as ``request`` shows it; files are fetched only from
    ``origin`` (this site's static and media files)."""
    origin = origin.rstrip("/")
    return html_to_pdf(
        practice_html(request, page), origin + "/", [origin], settings.PDF_RENDER_TIMEOUT
    )


def render_for_request(request: HttpRequest, page) -> bytes:
    """The PDF of ``page`` for a visitor's (or an editor's preview) request."""
    return render_pdf(request, page, f"{request.scheme}://{request.get_host()}")
