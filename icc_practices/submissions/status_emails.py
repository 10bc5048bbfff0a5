"""Telling a proposal's author what became of it, when editors choose to.

Three statuses have an e-mail: *accepted* (with the practice's address, so it waits until
the practice is live: the publication sends it), *rejected* and *needs more information*
(with a private link to update the same proposal). Each is in the author's language,
carries the editors' optional message, and is sent by a background task after the change
is committed. A task that finds the status changed again meanwhile sends nothing: the
author hears of the proposal's state, not of an editor's hesitation.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import translation
from django.utils.text import Truncator
from django_tasks import task

from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.models import PracticePage, PracticeSubmission
from icc_practices.models.taxonomy import default_content_language
from icc_practices.submissions.links import make_url_token, read_url_token
from icc_practices.submissions.notifications import render_email
from icc_practices.submissions.privacy import RedactedError, mask_email

logger = logging.getLogger("icc_practices.submissions")
Status = PracticeSubmission.Status
NOTIFIED = {Status.ACCEPTED, Status.REJECTED, Status.NEEDS_INFO}
UPDATE_SALT = "icc_practices.proposal-update"
UPDATE_LINK_DAYS = 30


def update_token(submission: PracticeSubmission) -> str:
    return make_url_token([submission.pk, int(submission.created_at.timestamp())], UPDATE_SALT)


def submission_for_update(token: str) -> PracticeSubmission | None:
    """The proposal a valid update link names, while editors wait for its author."""
    payload = read_url_token(token, UPDATE_SALT, UPDATE_LINK_DAYS * 86400)
    try:
        pk, stamp = payload
    except (TypeError, ValueError):
        return None
    submission = PracticeSubmission.objects.filter(pk=pk, status=Status.NEEDS_INFO).first()
    if submission is None or int(submission.created_at.timestamp()) != stamp:
        return None
    return submission


def update_url(submission: PracticeSubmission) -> str:
    index = submission.index_page
    if index is None:
        return ""
    return (index.full_url or "") + index.reverse_subpage(
        "propose_update", args=[update_token(submission)]
    )


def _live_url(submission: PracticeSubmission) -> str:
    practice = (
        PracticePage.objects.live().public().filter(pk=submission.practice_id).first()
        if submission.practice_id
        else None
    )
    return (practice.full_url or "") if practice is not None else ""


def status_message(submission: PracticeSubmission) -> EmailMessage | None:
    """The e-mail for the proposal's current status, or ``None`` if it has none (or an
    accepted proposal's practice is not live yet)."""
    status = submission.status
    if status not in NOTIFIED:
        return None
    context = {
        "name": Truncator(submission.contact_name).chars(60),
        "title": Truncator(submission.title).chars(80),
        "message": submission.message_to_author.strip(),
        "practice_url": _live_url(submission) if status == Status.ACCEPTED else "",
        "update_url": update_url(submission) if status == Status.NEEDS_INFO else "",
        "days": UPDATE_LINK_DAYS,
    }
    if status == Status.ACCEPTED and not context["practice_url"]:
        return None
    with translation.override(submission.language or default_content_language()):
        subject, body = render_email(f"proposal_{status}", context)
    return EmailMessage(subject, body, None, [submission.contact_email])


@task()
def send_status_email(submission_id: int, status: str) -> bool:
    """Send the e-mail for ``status`` if the proposal still has it."""
    submission = (
        PracticeSubmission.objects.filter(pk=submission_id, status=status)
        .select_related("index_page")
        .first()
    )
    message = status_message(submission) if submission is not None else None
    if submission is None or message is None:
        return False
    try:
        sent = get_connection(timeout=settings.MAIL_TIMEOUT).send_messages([message])
    except Exception as error:  # SMTP, network, provider API
        logger.warning(
            "Could not send the %s e-mail of proposal %s to %s: %s",
            status,
            submission.pk,
            mask_email(submission.contact_email),
            type(error).__name__,
        )
        report_failure("mail", RedactedError(error))
        return False
    return bool(sent)


def _enqueue_after_commit(submission_id: int, status: str) -> None:
    def enqueue() -> None:
        try:
            send_status_email.using(backend=settings.TASK_BACKEND).enqueue(submission_id, status)
        except Exception as error:  # the queue is down
            report_failure("task queue", error)

    transaction.on_commit(enqueue, robust=True)


def notify_author(submission: PracticeSubmission) -> bool:
    """After editors set a status and asked to tell the author. Returns whether an e-mail
    is on its way; an acceptance whose practice is not live waits for its publication."""
    if submission.status not in NOTIFIED:
        return False
    if submission.status == Status.ACCEPTED and not _live_url(submission):
        PracticeSubmission.objects.filter(pk=submission.pk).update(acceptance_pending=True)
        return False
    PracticeSubmission.objects.filter(pk=submission.pk).update(acceptance_pending=False)
    _enqueue_after_commit(submission.pk, submission.status)
    return True


def practice_went_live(practice: PracticePage) -> int:
    """A published practice: send the acceptance e-mails waiting for it (each once: the
    flag is cleared by the one that sends)."""
    waiting = PracticeSubmission.objects.filter(
        practice_id=practice.pk, acceptance_pending=True, status=Status.ACCEPTED
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(waiting):
        if PracticeSubmission.objects.filter(pk=pk, acceptance_pending=True).update(
            acceptance_pending=False
        ):
            _enqueue_after_commit(pk, Status.ACCEPTED)
            sent += 1
    return sent
