"""Render every practice card ahead of visitors, after a change and after a deploy.

Cards are cached one per practice under the content and structure generations
(:mod:`icc_practices.public.cards`), so a publication makes every card new. Visitors combining
filters nobody asked for before would then render and read the rows of up to a page of
cards each, the slowest part of such a request. With a task worker, the warm-up renders
them in the background as soon as the change commits; ``manage.py icc_practices_warm``
does the same at once (after a deploy, or without a worker).

A warm-up stops as soon as a newer generation starts: the change has queued its own. Cards
are rendered in each index's own language: interface-only languages (which show the
default language's practices) render theirs on first view, as their PDFs are.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time

from django.utils import timezone, translation
from django_tasks import task, task_backends
from wagtail.coreutils import get_dummy_request
from wagtail.models import Site

from icc_practices.conf import settings
from icc_practices.search.cache import GENERATIONS, generation_scope, generation_tokens

logger = logging.getLogger("icc_practices.public.warming")

BATCH = 200
# The package's index template shows cards under an <h3> (includes/practice_list.html).
INDEX_HEADING_LEVEL = 3


def warm_cards(tokens: str | None = None) -> int | None:
    """Render the cards of every public practice of every live index, in the index's
    language and for every site that shows it, that the cache does not hold; how many
    were rendered, or ``None`` when the generations moved on (from ``tokens``, or during
    the work)."""
    from icc_practices.models import PracticeIndexPage
    from icc_practices.public.cards import render_missing_cards
    from icc_practices.search.query import facet_index

    with generation_scope():
        started_with = generation_tokens(GENERATIONS)
    if tokens is not None and tokens != started_with:
        return None
    rendered = 0
    started = time.monotonic()
    sites = list(Site.objects.select_related("root_page"))
    indexes = PracticeIndexPage.objects.live().public().select_related("locale")
    for index in indexes:
        showing = [site for site in sites if index.path.startswith(site.root_page.path)]
        with translation.override(index.locale.language_code):
            with generation_scope():
                pks = facet_index(index).pks
            for site in showing:  # none: a tree no visitor reaches
                request = get_dummy_request(site=site)
                for offset in range(0, len(pks), BATCH):
                    with generation_scope():
                        if generation_tokens(GENERATIONS) != started_with:
                            return None
                        batch = pks[offset : offset + BATCH]
                        rendered += render_missing_cards(request, batch, INDEX_HEADING_LEVEL)
    logger.info("Warmed %d practice cards in %.1f s", rendered, time.monotonic() - started)
    return rendered


@task()
def warm_cards_task(*_queued_by_earlier_code: object) -> int | None:
    """:func:`warm_cards` for the generations current when the task runs. Arguments
    queued by earlier code (a deploy meets a queue that outlived it) are ignored."""
    return warm_cards()


# Changes in a burst (an import, a taxonomy load, a bulk publish) queue one warm-up: it is
# deferred by this long and reads the generations when it starts, so it covers every
# change this process made since it was queued.
DEBOUNCE_SECONDS = 5.0
_last_queued = float("-inf")
_queued_lock = threading.Lock()


def warm_soon() -> None:
    """Queue a warm-up, when a worker runs tasks (without one it would run inside the
    editor's request); at most one per process every few seconds."""
    global _last_queued
    from icc_practices.pdf.tasks import enqueue, tasks_run_in_worker

    if not tasks_run_in_worker():
        return
    backend = task_backends[settings.TASK_BACKEND]
    if not backend.supports_defer:  # cannot wait for the burst to end: one per change
        enqueue(warm_cards_task)
        return
    now = time.monotonic()
    with _queued_lock:
        if now - _last_queued < DEBOUNCE_SECONDS:
            return
        _last_queued = now
    when = timezone.now() + datetime.timedelta(seconds=DEBOUNCE_SECONDS)
    enqueue(warm_cards_task.using(run_after=when))


def debounce_ended() -> None:
    """Queue the next warm-up at once (tests)."""
    global _last_queued
    _last_queued = float("-inf")
