"""Background tasks that make and remove practice PDFs (Wagtail 8's task framework).

With a worker (``django-tasks-db``, RQ...), PDFs are rendered when a practice is
published, so visitors find them ready; a PDF that is missing all the same (a new
language, a taxonomy edit) is queued and the visitor is asked to come back in a moment.
Without one (Django's ``ImmediateBackend``, the default) the task runs in the visitor's
request, within the per-process bounds of :mod:`icc_practices.pdf.flight`.
"""

from __future__ import annotations

import logging
import threading
import time

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import translation
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.coreutils import get_dummy_request
from wagtail.models import Page

from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.pdf.store import delete_stored, pdf_storage, save_stored, stored_pdf_name

logger = logging.getLogger("icc_practices.pdf")

# Requests for one missing PDF queue it once per process and interval; the task itself
# skips a PDF that another process's task has stored meanwhile.
REQUEUE_AFTER = 60.0
_queued: dict[tuple[int, str], float] = {}
_queued_lock = threading.Lock()


@task()
def render_practice_pdf(page_id: int, language: str) -> str | None:
    """Render and store the live practice's PDF in ``language``; returns its name."""
    from icc_practices.models import PracticePage
    from icc_practices.pdf.rendering import render_pdf

    page = Page.objects.live().filter(pk=page_id).specific().first()
    if not isinstance(page, PracticePage):
        return None  # unpublished or deleted since it was queued
    with translation.override(language):
        name = stored_pdf_name(page, language)
        if pdf_storage().exists(name):
            return name
        site = page.get_site()
        request = get_dummy_request(site=site)
        request.user = AnonymousUser()
        origin = site.root_url if site else f"http://{request.get_host()}"
        started = time.monotonic()
        pdf = render_pdf(request, page, origin)
        save_stored(name, pdf)
    logger.info(
        "Rendered the PDF of page %s (%s) in %.0f ms, %d bytes",
        page_id,
        language,
        (time.monotonic() - started) * 1000,
        len(pdf),
    )
    return name


@task()
def delete_practice_pdfs(page_id: int) -> int:
    """Remove an unpublished or deleted practice's stored PDFs."""
    return delete_stored(page_id)


def tasks_run_in_worker() -> bool:
    """Whether tasks run outside the web process (any backend but the immediate one)."""
    return not isinstance(task_backends[settings.TASK_BACKEND], ImmediateBackend)


def render_on_publish() -> bool:
    setting = settings.PDF_RENDER_ON_PUBLISH
    return tasks_run_in_worker() if setting is None else setting


def queue_render(page_id: int, language: str) -> bool:
    """Queue a render unless this process queued the same one recently; ``False`` when
    the queue cannot be reached."""
    key = (page_id, language)
    now = time.monotonic()
    with _queued_lock:
        if now - _queued.get(key, -REQUEUE_AFTER) < REQUEUE_AFTER:
            return True
        _queued[key] = now
        if len(_queued) > 10_000:  # bounded memory under a crawl of every PDF
            _queued.clear()
    return enqueue(render_practice_pdf, page_id, language)


def enqueue(work, *args) -> bool:
    """Queue a task on the package's backend; a queue that is down degrades the one
    feature and is logged once per interval."""
    try:
        work.using(backend=settings.TASK_BACKEND).enqueue(*args)
    except Exception as error:  # the queue's database, Redis, or broker is down
        report_failure("task queue", error)
        return False
    return True


def after_commit(work, *args) -> None:
    """Queue ``work`` once the surrounding transaction commits (a worker must find the
    committed page), or at once outside a transaction."""
    transaction.on_commit(lambda: enqueue(work, *args))
