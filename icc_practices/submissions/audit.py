"""The proposals' audit trail: Wagtail's log of who did what, with two actions of ours."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from icc_practices.models import PracticeSubmission

CONVERT = "icc_practices.submission.convert"
STATUS = "icc_practices.submission.status"


def register_log_actions(actions) -> None:
    actions.register_action(CONVERT, _("Create draft practice"), _("Draft practice created"))
    actions.register_action(STATUS, _("Change status"), _("Status changed"))


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
