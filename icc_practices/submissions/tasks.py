"""Sending a proposal's e-mails off the request path (Wagtail 8's task framework).

With a worker (``django-tasks-db``, RQ...) the visitor's request only queues the task.
Without one (``ImmediateBackend``, the default) the task runs in the request once the
proposal is committed, and the mail timeout bounds the wait. Either way the thanks page
is told what is true: sent, queued, or not sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django_tasks import TaskResultStatus, task

from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.models import PracticeSubmission
from icc_practices.submissions import notifications


class Confirmation(StrEnum):
    """What became of the submitter's acknowledgement, as the thanks page tells it."""

    SENT = "sent"
    QUEUED = "queued"
    FAILED = "failed"


@task()
def send_submission_emails(submission_id: int) -> bool:
    """E-mail the editors and the submitter about a saved proposal; returns whether the
    acknowledgement was sent. Mail errors are logged here, masked, rather than raised:
    a task failure would log the error's message, which may quote the address."""
    submission = PracticeSubmission.objects.filter(pk=submission_id).first()
    if submission is None:
        return False  # deleted before a worker got to it
    return notifications.send_proposal_emails(submission)


def enqueue_emails(submission_id: int) -> Confirmation:
    """Queue (or, without a worker, run) the e-mails now."""
    try:
        result = send_submission_emails.using(backend=settings.TASK_BACKEND).enqueue(submission_id)
    except Exception as error:  # the queue's database, Redis or broker is down
        report_failure("task queue", error)
        return Confirmation.FAILED
    if not result.is_finished:
        return Confirmation.QUEUED
    if result.status == TaskResultStatus.SUCCESSFUL and result.return_value:
        return Confirmation.SENT
    return Confirmation.FAILED


@dataclass
class ScheduledEmails:
    """Filled in when the proposal's transaction commits; ``None`` while it has not (the
    host wraps requests in a transaction, ``ATOMIC_REQUESTS``), so nothing is claimed."""

    confirmation: Confirmation | None = None


def emails_after_commit(submission_id: int) -> ScheduledEmails:
    """Queue the e-mails once the proposal is committed: a worker must find it, and a
    proposal rolled back must not be announced."""
    scheduled = ScheduledEmails()

    def enqueue() -> None:
        scheduled.confirmation = enqueue_emails(submission_id)

    transaction.on_commit(enqueue, robust=True)
    return scheduled
