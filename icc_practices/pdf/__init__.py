"""PDF of a practice: ``<practice-url>pdf/``, served through Wagtail's routing.

Being a route of the page (not a Django view of its own) is what keeps the PDF exactly as
private as the page: Wagtail's serve view checks the page's view restrictions (password,
login, groups) before any route runs, and routing only ever finds live pages, whose
database row holds the published content, never a draft.

Rendering is off the request path where a task worker runs (see
:mod:`icc_practices.pdf.tasks`); the request only reads the stored file.
"""

from __future__ import annotations

import contextlib

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from icc_practices.models.taxonomy import default_content_language
from icc_practices.pdf.availability import pdf_renderer_problem
from icc_practices.pdf.flight import Outcome, renders
from icc_practices.pdf.store import (
    StorageUnavailable,
    load_stored,
    read_stored,
    stored_pdf_name,
)
from icc_practices.pdf.tasks import (
    enqueue,
    queue_render,
    render_practice_pdf,
    tasks_run_in_worker,
)
from icc_practices.search.privacy import restricted_paths

UNAVAILABLE_TEMPLATE = "icc_practices/pdf/unavailable.html"
RETRY_AFTER_SECONDS = 10


def practice_pdf_response(request: HttpRequest, page, *, preview: bool = False) -> HttpResponse:
    """The stored PDF of a live practice, or of the draft shown in an editor's preview
    (rendered on the spot, never stored)."""
    if preview:
        return _preview_response(request, page)
    language = translation.get_language() or default_content_language()
    name = stored_pdf_name(page, language)
    try:
        pdf = load_stored(name)
    except StorageUnavailable:
        return _unavailable(request, page, _("PDFs cannot be created on this site now."))
    if pdf is None:
        if pdf_renderer_problem():
            return _unavailable(request, page, _("PDFs cannot be created on this site now."))
        if tasks_run_in_worker():
            queue_render(page.pk, language)
            return _unavailable(request, page, _("The PDF is being prepared."))
        outcome = renders.run(name, lambda: enqueue(render_practice_pdf, page.pk, language))
        pdf = read_stored(name) if outcome is Outcome.DONE else None
        if pdf is None:
            return _unavailable(request, page, _("The PDF is being prepared."))
    response = _pdf(pdf, page)
    if any(page.path.startswith(path) for path in restricted_paths()):
        patch_cache_control(response, private=True)
    return response


def _preview_response(request: HttpRequest, page) -> HttpResponse:
    from icc_practices.pdf.rendering import RenderTooSlow, render_for_request

    rendered: list[bytes] = []

    def render() -> None:
        with contextlib.suppress(RenderTooSlow):  # answered "try again" below
            rendered.append(render_for_request(request, page))

    renders.run(f"preview:{page.pk}:{id(request)}", render)
    if not rendered:
        return _unavailable(request, page, _("The PDF is being prepared."))
    response = _pdf(rendered[0], page)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _pdf(pdf: bytes, page) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=False, filename=f"{page.slug}.pdf") or "inline"
    )
    # The practice's own language: an interface-only language (German labels over the
    # English page) does not make the text German.
    response["Content-Language"] = page.locale.language_code or translation.get_language() or ""
    return response


def _unavailable(request: HttpRequest, page, message: str) -> HttpResponse:
    """503 at once, with ``Retry-After``; browsers reload the page by themselves
    (``Refresh``), and the page links back to the practice."""
    html = render_to_string(
        UNAVAILABLE_TEMPLATE,
        {"page": page, "message": message, "retry_after": RETRY_AFTER_SECONDS},
        request=request,
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Refresh"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    # An expected state, not a server error: keep it out of django.request's error log
    # (and the alerts that watch it), as Django does for a response it has logged.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
