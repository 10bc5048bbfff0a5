"""E-mails about a proposal: one to the editors, one acknowledgement to the submitter.

They are sent by a background task (:mod:`icc_practices.submissions.tasks`) after the
proposal is saved, over one connection with a timeout, so a mail server that is down or
hangs never loses a proposal and, without a worker, holds the visitor for at most about
``ICC_PRACTICES_MAIL_TIMEOUT`` seconds. Failures are logged without the submitter's
address (``icc_practices.submissions``) and reported once per interval as ``mail``.
"""

from __future__ import annotations

import contextlib
import logging

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from wagtail.admin.utils import get_admin_base_url

from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.models import PracticeSubmission
from icc_practices.models.taxonomy import default_content_language
from icc_practices.submissions.privacy import RedactedError, mask_addresses, mask_email

logger = logging.getLogger("icc_practices.submissions")


def render_email(name: str, context: dict) -> tuple[str, str]:
    """Subject and body, as plain text (the templates turn autoescaping off). The subject
    is one line whatever was typed: newlines cannot add headers."""
    subject = render_to_string(f"icc_practices/emails/{name}_subject.txt", context)
    body = render_to_string(f"icc_practices/emails/{name}_body.txt", context)
    return " ".join(subject.split()), body


def editors_message(submission: PracticeSubmission) -> EmailMessage | None:
    """The editors' notice, in the site's default language; ``None`` if nobody is told."""
    recipients = settings.SUBMISSION_NOTIFY
    if not recipients:
        return None
    # From WAGTAILADMIN_BASE_URL, never from the request's Host header: a forged Host
    # would otherwise put a link to another site in a genuine e-mail to editors.
    path = reverse("wagtailsnippets_icc_practices_practicesubmission:inspect", args=[submission.pk])
    admin_url = (get_admin_base_url() or "") + path
    with translation.override(default_content_language()):
        subject, body = render_email(
            "submission_received", {"submission": submission, "admin_url": admin_url}
        )
    return EmailMessage(subject, body, None, recipients)


def acknowledgement_message(submission: PracticeSubmission) -> EmailMessage:
    """The submitter's copy, in their language. It repeats only a short part of what they
    typed, so the form is of no use for sending someone else a message in the site's
    name."""
    context = {
        "name": Truncator(submission.contact_name).chars(60),
        "title": Truncator(submission.title).chars(80),
    }
    with translation.override(submission.language or default_content_language()):
        subject, body = render_email("submission_acknowledgement", context)
    return EmailMessage(subject, body, None, [submission.contact_email])


def _failed(what: str, submission: PracticeSubmission, recipients: str, error: Exception) -> None:
    """One line per proposal (so editors can follow it up), one report per interval."""
    logger.warning(
        "Could not send %s of proposal %s to %s: %s: %s",
        what,
        submission.pk,
        recipients,
        type(error).__name__,
        mask_addresses(str(error)),
    )
    report_failure("mail", RedactedError(error))


def _send(
    connection: BaseEmailBackend,
    message: EmailMessage,
    what: str,
    submission: PracticeSubmission,
    recipients: str,
) -> bool:
    try:
        sent = connection.send_messages([message])
    except Exception as error:  # any backend error: SMTP, network, provider API
        _failed(what, submission, recipients, error)
        return False
    return sent != 0  # backends return how many they sent; some return None


def send_proposal_emails(submission: PracticeSubmission) -> bool:
    """Send both e-mails over one connection (a hung server costs one timeout, not two).
    Returns whether the submitter's acknowledgement was sent."""
    editors = editors_message(submission)
    acknowledgement = acknowledgement_message(submission)
    submitter = mask_email(submission.contact_email)
    editors_to = ", ".join(editors.to) if editors is not None else ""
    connection = get_connection(timeout=settings.MAIL_TIMEOUT)
    try:
        connection.open()
    except Exception as error:
        _failed("the e-mails", submission, ", ".join(filter(None, [editors_to, submitter])), error)
        return False
    try:
        if editors is not None:
            _send(connection, editors, "the editors' notice", submission, editors_to)
        return _send(connection, acknowledgement, "the acknowledgement", submission, submitter)
    finally:
        # The messages are sent or reported by now: a failed QUIT changes nothing.
        with contextlib.suppress(Exception):
            connection.close()
