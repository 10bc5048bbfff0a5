"""Alerts as background tasks (Wagtail 8's task framework, django-tasks).

``dispatch_alerts`` finds the due subscriptions and queues one ``send_alert_batch`` per
``ICC_PRACTICES_ALERT_BATCH_SIZE`` of them; each batch sends its messages over one mail
connection. ``manage.py icc_practices_send_alerts`` (cron, every 10 minutes) runs the
dispatch; with a worker, publishing a practice queues one too, so that "as soon as they
are published" means within the hour, not at the next cron run. Without a worker
(``ImmediateBackend``) publishing queues nothing: the batches would run in the editor's
request.
"""

from __future__ import annotations

import datetime
import threading
import time

from django.core.mail import get_connection
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task, task_backends

from icc_practices.alerts import sending
from icc_practices.alerts.emails import confirmation_message
from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.models import AlertSubscription
from icc_practices.pdf.tasks import tasks_run_in_worker
from icc_practices.submissions.privacy import RedactedError


def _backend():
    return settings.TASK_BACKEND


@task()
def send_alert_batch(ids: list[int], now: str) -> dict[str, int]:
    """Send these subscriptions' messages as of ``now`` (ISO 8601: what is new is
    decided by the dispatch's moment, however late the worker takes the batch)."""
    return sending.send_batch(ids, datetime.datetime.fromisoformat(now)).as_dict()


@task()
def dispatch_alerts() -> int:
    """Queue a batch task per ``ALERT_BATCH_SIZE`` due subscriptions; returns how many
    (none with ``ICC_PRACTICES_ALERTS`` off)."""
    if not settings.ALERTS:
        return 0
    now = sending.sending_moment()
    ids = sending.due_subscription_ids(now)
    size = max(1, settings.ALERT_BATCH_SIZE)
    batches = [ids[start : start + size] for start in range(0, len(ids), size)]
    for batch in batches:
        send_alert_batch.using(backend=_backend()).enqueue(batch, now.isoformat())
    return len(batches)


@task()
def send_alert_confirmation(subscription_id: int) -> bool:
    """The confirmation e-mail of a sign-up (the only mail an unconfirmed address gets)."""
    subscription = (
        AlertSubscription.objects.filter(pk=subscription_id, confirmed_at__isnull=True)
        .select_related("index_page")
        .first()
    )
    if subscription is None:
        return False  # confirmed or deleted meanwhile
    try:
        sent = get_connection(timeout=settings.MAIL_TIMEOUT).send_messages(
            [confirmation_message(subscription)]
        )
    except Exception as error:  # SMTP, network: the visitor can sign up again
        report_failure("mail", RedactedError(error))
        return False
    return bool(sent)


def confirmation_after_commit(subscription_id: int) -> None:
    """Queue the confirmation once the sign-up is committed (a worker must find it)."""

    def enqueue() -> None:
        try:
            send_alert_confirmation.using(backend=_backend()).enqueue(subscription_id)
        except Exception as error:  # the queue is down: the visitor can ask again
            report_failure("task queue", error)

    transaction.on_commit(enqueue, robust=True)


# Publications committed this close together in one process share their dispatches: an
# import that publishes a thousand practices in one transaction queues two, not a thousand.
DISPATCH_SPACING = 5.0

# This thread's last immediate dispatch and the end of the window a deferred one covers
# (a monotonic clock).
_queued = threading.local()


def dispatch_after_publication() -> None:
    """After a practice is published, with a worker: queue a dispatch once it commits.

    The first publication in a window of ``DISPATCH_SPACING`` seconds queues one at once;
    later ones in the window share one more, queued to run when the window ends (so it
    sees them all, even when the first has already run)."""
    if not settings.ALERTS or not tasks_run_in_worker() or _already_pending():
        return
    transaction.on_commit(DispatchOnCommit(), robust=True)


class DispatchOnCommit:
    """The callback a publication leaves for its commit; it knows whether it has run."""

    def __init__(self) -> None:
        self.ran = False

    def __call__(self) -> None:
        self.ran = True
        _enqueue_dispatch()


def _already_pending() -> bool:
    """Whether this transaction already holds a dispatch for its commit: an import that
    publishes a thousand practices in one transaction registers one callback, not a
    thousand. (A rolled-back savepoint takes its callbacks with it, so a later
    publication registers again.)"""
    pending = getattr(connection, "run_on_commit", None) or []
    return any(
        len(entry) > 1 and isinstance(entry[1], DispatchOnCommit) and not entry[1].ran
        for entry in pending
    )


def _enqueue_dispatch() -> None:
    """Queue what this commit needs; the window is remembered only once a dispatch is
    really queued (a queue that failed once must not leave later commits to cron)."""
    now = time.monotonic()
    started = getattr(_queued, "at", -DISPATCH_SPACING)
    if now - started >= DISPATCH_SPACING:
        if _enqueue(None):
            _queued.at, _queued.covered_until = now, now
    elif not _can_defer():
        # Nothing can wait for the window's end: this commit gets its own dispatch,
        # or it would wait for the next one (up to an hour).
        _enqueue(None)
    elif getattr(_queued, "covered_until", 0.0) <= now:
        window_end = started + DISPATCH_SPACING
        if _enqueue(timezone.now() + datetime.timedelta(seconds=window_end - now)):
            _queued.covered_until = window_end


def _can_defer() -> bool:
    try:
        return bool(task_backends[_backend()].supports_defer)
    except Exception:  # an unknown backend: _enqueue reports it
        return False


def _enqueue(run_after: datetime.datetime | None) -> bool:
    """Queue a dispatch (at once, or to run after ``run_after``); ``False`` when the
    queue could not be reached (reported; cron's next run sends)."""
    try:
        if run_after is None:
            dispatch_alerts.using(backend=_backend()).enqueue()
        else:
            dispatch_alerts.using(backend=_backend(), run_after=run_after).enqueue()
    except Exception as error:
        report_failure("task queue", error)
        return False
    return True
