"""Render every practice card ahead of visitors, after a change and after a deploy.

Cards are cached one per practice under the content and structure generations
(:mod:`icc_practices.cards`), so a publication makes every card new. Visitors combining
filters nobody asked for before would then render and read the rows of up to a page of
cards each, the slowest part of such a request. With a task worker, the warm-up renders
them in the background as soon as the change commits; ``manage.py icc_practices_warm``
does the same at once (after a deploy, or without a worker).

A warm-up stops as soon as a newer generation starts: the next change has queued its own.
"""

from __future__ import annotations

import logging
import time

from django.utils import translation
from django_tasks import task
from wagtail.coreutils import get_dummy_request

from icc_practices.cache import GENERATIONS, generation_scope, generation_tokens

logger = logging.getLogger("icc_practices.warming")

BATCH = 200
# The package's index template shows cards under an <h3> (includes/practice_list.html).
INDEX_HEADING_LEVEL = 3


def warm_cards(tokens: str | None = None) -> int | None:
    """Render the cards of every public practice of every live index, in the index's
    language, that the cache does not hold; how many were rendered, or ``None`` when the
    generations moved on (from ``tokens``, or during the work)."""
    from icc_practices.cards import render_missing_cards
    from icc_practices.models import PracticeIndexPage
    from icc_practices.query import facet_index

    with generation_scope():
        started_with = generation_tokens(GENERATIONS)
    if tokens is not None and tokens != started_with:
        return None
    rendered = 0
    started = time.monotonic()
    indexes = PracticeIndexPage.objects.live().public().select_related("locale")
    for index in indexes:
        site = index.get_site()
        request = get_dummy_request(site=site)
        with translation.override(index.locale.language_code):
            with generation_scope():
                pks = facet_index(index).pks
            for offset in range(0, len(pks), BATCH):
                with generation_scope():
                    if generation_tokens(GENERATIONS) != started_with:
                        return None
                    batch = pks[offset : offset + BATCH]
                    rendered += render_missing_cards(request, batch, INDEX_HEADING_LEVEL)
    logger.info("Warmed %d practice cards in %.1f s", rendered, time.monotonic() - started)
    return rendered


@task()
def warm_cards_task(tokens: str) -> int | None:
    """:func:`warm_cards` for the generations current when it was queued."""
    return warm_cards(tokens)


def warm_soon() -> None:
    """Queue a warm-up for the current generations, when a worker runs tasks (without
    one the warm-up would run inside the editor's request)."""
    from icc_practices.pdf.tasks import enqueue, tasks_run_in_worker

    if tasks_run_in_worker():
        with generation_scope():
            tokens = generation_tokens(GENERATIONS)
        enqueue(warm_cards_task, tokens)
