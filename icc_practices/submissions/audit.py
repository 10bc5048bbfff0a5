"""The proposals' audit trail: Wagtail's log of who did what, with two actions of ours."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from icc_practices.models import PracticeSubmission

CONVERT = "icc_practices.submission.convert"
STATUS = "icc_practices.submission.status"
AUTHOR_UPDATE = "icc_practices.submission.author_update"


def register_log_actions(actions) -> None:
    actions.register_action(CONVERT, _("Create draft practice"), _("Draft practice created"))
    actions.register_action(STATUS, _("Change status"), _("Status changed"))
    actions.register_action(AUTHOR_UPDATE, _("Update by the author"), _("Completed by the author"))


def log_author_update(submission: PracticeSubmission) -> None:
    """The author completed the proposal through the private link (no user)."""
    log(instance=submission, action=AUTHOR_UPDATE, user=None, data={"to": submission.status})


def remember_status(request, instance) -> None:
    """Before an admin edit: note the status, so a change can be logged with its user."""
    if isinstance(instance, PracticeSubmission):
        request._icc_submission_status = PracticeSubmission.objects.get(pk=instance.pk).status


def log_status_change(request, instance) -> None:
    before = getattr(request, "_icc_submission_status", None)
    if isinstance(instance, PracticeSubmission) and before not in (None, instance.status):
        log(
            instance=instance,
            action=STATUS,
            user=request.user,
            data={"from": before, "to": instance.status},
        )


def notify_author_of_status(request, instance) -> None:
    """After an admin edit with "Tell the author" ticked: the e-mail of the proposal's
    status, changed or not (creating the draft practice already marks it accepted)."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from icc_practices.submissions.status_emails import NOTIFIED, notify_author

    if not isinstance(instance, PracticeSubmission) or not getattr(
        instance, "_icc_notify_author", False
    ):
        return
    if instance.status not in NOTIFIED:
        messages.info(request, _("No e-mail sent: this status has none."))
        return
    if notify_author(instance):
        messages.success(request, _("The author will receive an e-mail."))
    else:
        messages.info(
            request,
            _("The author will receive an e-mail when the practice is published."),
        )
