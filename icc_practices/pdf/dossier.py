"""A PDF dossier of any result list: ``<index-url>dossier/?topic=...``.

One tagged PDF/UA document: a cover (the filter in words, the date, the site), a table of
contents with links and page numbers, then each practice as its own PDF shows it. The
practices are the query layer's, in the list's order, at most
``ICC_PRACTICES_DOSSIER_MAX_PRACTICES``, read again through :func:`visible_practices`
when the file is made, in the visitor's language.

Finished files are kept in the PDF storage under a name that holds the index, the filter,
the language, the package version and every cache generation, so that a publication, an
unpublication, a new restriction or a taxonomy edit gives a new name (the database
decides, on every request, which file is current). Large dossiers are built by a
background task while the visitor's page says it is being prepared and reloads itself.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import time
from collections.abc import Callable

from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django_tasks import task
from django_tasks.base import TaskResult, TaskResultStatus
from wagtail.coreutils import get_dummy_request
from wagtail.models import Page

from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.models.taxonomy import default_content_language
from icc_practices.pdf.store import (
    StorageUnavailable,
    load_stored,
    pdf_storage,
    read_stored,
    save_stored,
)
from icc_practices.search.cache import ALL_GENERATIONS, RELEASE, generation_tokens
from icc_practices.search.params import FilterState
from icc_practices.search.privacy import visible_practices
from icc_practices.search.query import filter_labels, matching_practice_ids

logger = logging.getLogger("icc_practices.pdf")

TEMPLATE = "icc_practices/pdf/dossier.html"
WAIT_TEMPLATE = "icc_practices/pdf/dossier_status.html"
FOLDER = "icc_practices/dossiers"
KEEP_UNUSED = datetime.timedelta(days=7)  # dossiers of other filters, then removed
KEEP_AT_MOST = 200  # files per index, the oldest removed first: filter states are unbounded


def dossier_name(index_page: Page, state: FilterState, language: str) -> str:
    """Where the dossier of ``state`` is kept. Its name holds the result set (facets and
    search words, not the search as typed: "Roma!" and "roma" are one file) and order."""
    of_results = f"{state.cache_key()}|{state.sort}"
    parts = ":".join(
        str(part)
        for part in (
            *(index_page.pk, of_results, language, RELEASE),
            generation_tokens(ALL_GENERATIONS),
        )
    )
    key = django_settings.SECRET_KEY.encode()
    of_filter = hmac.new(key, f"{index_page.pk}:{of_results}".encode(), hashlib.sha256).hexdigest()
    current = hmac.new(key, parts.encode(), hashlib.sha256).hexdigest()
    # "<language>-<filter>" is what save_stored replaces when a newer one is kept.
    return f"{FOLDER}/{int(index_page.pk)}/{language}-{of_filter[:20]}-{current[:32]}.pdf"


def dossier_html(
    request: HttpRequest, index_page: Page, state: FilterState, ids: list[int]
) -> tuple[str, int]:
    """The print document of the practices ``ids`` (the list of ``state``, in its order)
    and how many of them it holds: those still visible to everyone now."""
    rows = {page.pk: page for page in visible_practices().filter(pk__in=ids).specific()}
    practices = [rows[pk] for pk in ids if pk in rows]
    root = index_page.get_full_url(request) or ""
    context = {
        "index_page": index_page,
        "page": index_page,
        "index_url": root + state.query_string(page=False),
        "filters": filter_labels(QueryDict(state.query_string(page=False).lstrip("?"))),
        "practices": [
            (practice, practice.get_full_url(request) or "", f"practice-{practice.pk}")
            for practice in practices
        ],
        "site_name": _site_name(index_page, request),
        "generated_at": timezone.now(),
        "icc_pdf": True,
        "icc_dossier": True,  # the web renditions: made already, about half the bytes
    }
    return render_to_string(TEMPLATE, context, request=request), len(practices)


def _site_name(index_page: Page, request: HttpRequest) -> str:
    site = index_page.get_site()
    return (site.site_name or site.hostname) if site else request.get_host()


@task()
def render_dossier(index_page_id: int, query: str, language: str) -> str | None:
    """Make and keep the dossier of ``query`` in ``language``; returns its name (``None``
    when the index is gone or the filter holds no practice or too many)."""
    from icc_practices.models import PracticeIndexPage
    from icc_practices.pdf.rendering import html_to_pdf

    index_page = Page.objects.live().filter(pk=index_page_id).specific().first()
    if not isinstance(index_page, PracticeIndexPage):
        return None
    with translation.override(language):
        cap = settings.DOSSIER_MAX_PRACTICES
        state, total, ids = matching_practice_ids(index_page, QueryDict(query.lstrip("?")), cap)
        if not total or total > cap:
            return None
        name = dossier_name(index_page, state, language)
        if pdf_storage().exists(name):
            return name
        site = index_page.get_site()
        request = get_dummy_request(site=site)
        request.user = AnonymousUser()
        origin = (site.root_url if site else f"http://{request.get_host()}").rstrip("/")
        started = time.monotonic()
        html, count = dossier_html(request, index_page, state, ids)
        if not count:
            return None
        pdf = html_to_pdf(html, origin + "/", [origin], settings.DOSSIER_RENDER_TIMEOUT)
        save_stored(name, pdf)
        _forget_unused(index_page.pk)
    logger.info(
        "Rendered the dossier of page %s (%s, %d practices) in %.0f ms, %d bytes",
        index_page_id, language, count, (time.monotonic() - started) * 1000, len(pdf),
    )  # fmt: skip
    return name


def _forget_unused(index_page_id: int) -> None:
    """Remove this index's dossiers made more than ``KEEP_UNUSED`` ago, and the oldest
    beyond ``KEEP_AT_MOST`` (every filter state has its own file: they must not pile
    up; one still wanted is made again)."""
    storage = pdf_storage()
    folder = f"{FOLDER}/{int(index_page_id)}"
    try:
        _dirs, files = storage.listdir(folder)
        made = sorted(
            ((storage.get_modified_time(f"{folder}/{name}"), name) for name in files),
            reverse=True,
        )
        limit = timezone.now() - KEEP_UNUSED
        for number, (when, filename) in enumerate(made):
            if when < limit or number >= KEEP_AT_MOST:
                storage.delete(f"{folder}/{filename}")
    except (NotImplementedError, FileNotFoundError):
        return
    except Exception as error:  # any storage
        report_failure("PDF storage", error)


def dossier_response(
    request: HttpRequest, index_page: Page, may_start: Callable[[], bool] = lambda: True
) -> HttpResponse:
    """The dossier of the request's filter: the kept file, or a page that says it is
    being prepared (and reloads itself), or why there is none. ``may_start`` is asked
    (and counts) before a new dossier is made: the caller's limit per client."""
    from icc_practices.pdf.availability import pdf_renderer_problem
    from icc_practices.pdf.flight import Outcome, renders
    from icc_practices.pdf.tasks import tasks_run_in_worker

    language = translation.get_language() or default_content_language()
    state, total, _ids = matching_practice_ids(index_page, request.GET, 0)
    query = state.query_string(page=False)
    if not total or total > settings.DOSSIER_MAX_PRACTICES:
        return _answer(request, index_page, query, total, status=200)
    name = dossier_name(index_page, state, language)
    try:
        pdf = load_stored(name)
    except StorageUnavailable:
        return _answer(request, index_page, query, total, status=503, broken=True)
    if pdf is None:
        if pdf_renderer_problem() or _failed_lately(name):
            return _answer(request, index_page, query, total, status=503, broken=True)
        if tasks_run_in_worker() and total > settings.DOSSIER_RENDER_IN_REQUEST:
            queued = _queue_once(name, index_page.pk, query, language, may_start)
            if queued is None:
                return _answer(request, index_page, query, total, status=429)
            return _answer(request, index_page, query, total, status=503, broken=not queued)
        # Small, or no worker: made here, by this request (one render per dossier at a
        # time in this process; the others wait for it), never queued.
        if not may_start():
            return _answer(request, index_page, query, total, status=429)
        rendered: list[bool] = []
        outcome = renders.run(
            name, lambda: rendered.append(_render_here(index_page.pk, query, language))
        )
        pdf = read_stored(name) if outcome is Outcome.DONE else None
        if pdf is None:
            if rendered and not rendered[0]:
                _failures[name] = time.monotonic()
                return _answer(request, index_page, query, total, status=503, broken=True)
            return _answer(request, index_page, query, total, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{index_page.slug}-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    response["X-Robots-Tag"] = "noindex"
    # Current only while the generations are: caches in front must ask again.
    patch_cache_control(response, no_cache=True)
    return response


def _start(index_page_id: int, query: str, language: str) -> TaskResult | None:
    """Queue (or, without a worker, run) the render; ``None`` when the queue is down."""
    try:
        return render_dossier.using(backend=settings.TASK_BACKEND).enqueue(
            index_page_id, query, language
        )
    except Exception as error:  # the queue's database, Redis or broker
        report_failure("task queue", error)
        return None


def _render_here(index_page_id: int, query: str, language: str) -> bool:
    """Make the dossier in this process; ``False`` when the render or the storage failed
    (logged: the visitor is told PDFs cannot be made now)."""
    try:
        render_dossier.call(index_page_id, query, language)
    except Exception as error:  # WeasyPrint, a file too slow to fetch, the storage
        report_failure("PDF renderer", error)
        return False
    return True


# A dossier whose render failed (storage, WeasyPrint, a file too slow to fetch) is not
# tried again for a while: the waiting page must not rebuild it on every reload.
RETRY_FAILED_AFTER = 600.0
_failures: dict[str, float] = {}
# Renders this process queued: name -> (when, the task's result id).
_queued: dict[str, tuple[float, str | None]] = {}


def _failed_lately(name: str) -> bool:
    """Whether the render of ``name`` failed in the last ``RETRY_FAILED_AFTER`` seconds,
    in this process's request or in the task it queued."""
    now = time.monotonic()
    if now - _failures.get(name, -RETRY_FAILED_AFTER) < RETRY_FAILED_AFTER:
        return True
    when, result_id = _queued.get(name, (0.0, None))
    if result_id is None:
        return False
    try:
        result = render_dossier.using(backend=settings.TASK_BACKEND).get_result(result_id)
    except Exception:  # a backend that keeps no results, or forgot this one
        return False
    if result.status == TaskResultStatus.FAILED:
        _failures[name] = when
        return now - when < RETRY_FAILED_AFTER
    return False


def _queue_once(
    name: str, index_page_id: int, query: str, language: str, may_start: Callable[[], bool]
) -> bool | None:
    """Queue the render unless this process queued the same one in the last minute (the
    waiting page reloads itself every few seconds); ``False`` when the queue is down,
    which counts as a failed render (the visitor is told, not asked to wait); ``None``
    when ``may_start`` refuses."""
    now = time.monotonic()
    if now - _queued.get(name, (-60.0, None))[0] < 60.0:
        return True
    if not may_start():
        return None
    if len(_queued) > 1000:
        _queued.clear()
        _failures.clear()
    result = _start(index_page_id, query, language)
    if result is None:
        _failures[name] = now
        return False
    _queued[name] = (now, result.id)
    return True


WAIT_SECONDS = 5


def _answer(
    request: HttpRequest, index_page: Page, query: str, total: int, *, status: int,
    broken: bool = False,
) -> HttpResponse:  # fmt: skip
    """The page instead of the file: too many or no practices (200), not ready yet (503
    with ``Retry-After`` and ``Refresh``, so that the browser asks again), or too many
    new dossiers asked for by this client (429)."""
    context = {
        "page": index_page,
        "index_url": (index_page.url or "/") + query,
        "total": total,
        "cap": settings.DOSSIER_MAX_PRACTICES,
        "pending": status == 503 and not broken,
        "broken": broken,
        "limited": status == 429,
        "retry_after": WAIT_SECONDS,
    }
    response = HttpResponse(
        render_to_string(WAIT_TEMPLATE, context, request=request), status=status
    )
    response["X-Robots-Tag"] = "noindex"
    if status == 429:
        response["Retry-After"] = "3600"
        patch_cache_control(response, no_store=True)
    if status == 503:
        response["Retry-After"] = str(int(RETRY_FAILED_AFTER) if broken else WAIT_SECONDS)
        if not broken:
            response["Refresh"] = str(WAIT_SECONDS)
        patch_cache_control(response, no_store=True)
        response._has_been_logged = True  # type: ignore[attr-defined]  # expected, not an error
    return response
