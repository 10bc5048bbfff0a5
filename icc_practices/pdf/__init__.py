"""PDF of a practice: ``<practice-url>pdf/``, served through Wagtail's routing.

Being a route of the page (not a Django view of its own) is what keeps the PDF exactly as
private as the page: Wagtail's serve view checks the page's view restrictions (password,
login, groups) before any route runs, and routing only ever finds live pages, whose
database row holds the published content, never a draft.
"""

from __future__ import annotations

from concurrent.futures import TimeoutError as RenderTimeout
from importlib.metadata import PackageNotFoundError, version

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from icc_practices.cache import STRUCTURE, entry_key, read, store
from icc_practices.checks import pdf_renderer_problem
from icc_practices.conf import settings
from icc_practices.listing import restricted_paths

try:
    PACKAGE_VERSION = version("icc-practices")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    PACKAGE_VERSION = "dev"


def pdf_cache_key(page) -> str:
    """Per live revision and language; templates and labels may change with a release
    or a taxonomy edit, so the package version and the structure generation count too."""
    parts = (page.pk, page.live_revision_id, translation.get_language(), PACKAGE_VERSION)
    return entry_key("pdf", parts, generations=(STRUCTURE,))


def practice_pdf_response(request: HttpRequest, page, *, preview: bool = False) -> HttpResponse:
    """The PDF of a live practice (cached), or of the draft shown in an editor's preview
    (never cached)."""
    key = None if preview else pdf_cache_key(page)
    pdf = read(key) if key else None
    if pdf is None:
        if pdf_renderer_problem():
            return _unavailable(_("PDFs cannot be created on this site at the moment."))
        from icc_practices.pdf.rendering import RenderTooSlow, start_render

        future = start_render(
            request, page, on_done=(lambda data: store(key, data)) if key else None
        )
        try:
            pdf = future.result(timeout=settings.PDF_RENDER_TIMEOUT)
        except (RenderTimeout, RenderTooSlow):
            return _unavailable(_("The PDF is still being prepared. Please try again in a minute."))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"{page.slug}.pdf"
    )
    response["Content-Language"] = translation.get_language() or ""
    if preview or any(page.path.startswith(path) for path in restricted_paths()):
        patch_cache_control(response, private=True, no_store=preview)
    return response


def _unavailable(message: str) -> HttpResponse:
    response = HttpResponse(
        message,
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "30"
    return response
