"""E-mails about a proposal: one to the editors, one acknowledgement to the submitter.

A mail server that is down must not lose a proposal or show the visitor an error: the
proposal is saved first, and a failed e-mail is logged (``icc_practices.submissions``).
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from wagtail.admin.utils import get_admin_base_url

from icc_practices.conf import settings
from icc_practices.models import PracticeSubmission
from icc_practices.models.taxonomy import default_content_language

logger = logging.getLogger("icc_practices.submissions")


def _send(subject: str, body: str, recipients: list[str]) -> None:
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # any backend error: SMTP, network, provider API
        logger.exception("Could not send %r to %s", subject, ", ".join(recipients))


def _render(name: str, context: dict) -> tuple[str, str]:
    subject = render_to_string(f"icc_practices/emails/{name}_subject.txt", context)
    body = render_to_string(f"icc_practices/emails/{name}_body.txt", context)
    return " ".join(subject.split()), body


def notify_editors(submission: PracticeSubmission) -> None:
    recipients = settings.SUBMISSION_NOTIFY
    if not recipients:
        return
    # From WAGTAILADMIN_BASE_URL, never from the request's Host header: a forged Host
    # would otherwise put a link to another site in a genuine e-mail to editors.
    path = reverse("wagtailsnippets_icc_practices_practicesubmission:inspect", args=[submission.pk])
    admin_url = (get_admin_base_url() or "") + path
    with translation.override(default_content_language()):
        subject, body = _render(
            "submission_received", {"submission": submission, "admin_url": admin_url}
        )
    _send(subject, body, recipients)


def acknowledge(submission: PracticeSubmission) -> None:
    """The submitter's copy. It repeats only a short part of what they typed, so the form
    is of no use for sending someone else a message in the site's name."""
    context = {
        "name": Truncator(submission.contact_name).chars(60),
        "title": Truncator(submission.title).chars(80),
    }
    with translation.override(submission.language or default_content_language()):
        subject, body = _render("submission_acknowledgement", context)
    _send(subject, body, [submission.contact_email])
