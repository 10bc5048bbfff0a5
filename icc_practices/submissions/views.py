"""The public proposal form and its confirmation page, as routes of the index page.

A valid proposal is checked against the rate limit, saved, counted, and its e-mails are
queued once it is committed; the visitor is then redirected (POST, redirect, GET) to the
thanks page, which says whether the confirmation e-mail was sent, is on its way, or
could not be sent. Whatever fails after validation, what the visitor typed is never lost:
it is either saved or shown back in the form.
"""

from __future__ import annotations

from django.db import DatabaseError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode

from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.models import PracticeSubmission
from icc_practices.submissions import ratelimit
from icc_practices.submissions.forms import PracticeSubmissionForm
from icc_practices.submissions.privacy import RedactedError
from icc_practices.submissions.tasks import Confirmation, ScheduledEmails, emails_after_commit

FORM_TEMPLATE = "icc_practices/submission_form.html"
THANKS_TEMPLATE = "icc_practices/submission_thanks.html"
UPDATE_EXPIRED_TEMPLATE = "icc_practices/submission_update_expired.html"

# The thanks page's query parameter that carries the confirmation's fate across the redirect.
CONFIRMATION_PARAMETER = "confirmation"
# Seconds after which to try again: the rate limit's window; "a few minutes" for a
# database that could not save.
RETRY_AFTER_LIMITED = ratelimit.WINDOW_SECONDS
RETRY_AFTER_UNAVAILABLE = 5 * 60


def private_response(response: HttpResponse) -> HttpResponse:
    """Never cached: a shared cache would serve one visitor's CSRF token to everyone."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def page_context(request: HttpRequest, index) -> dict:
    """What the package's page templates expect, without the index's results."""
    return {
        "page": index,
        "self": index,
        "request": request,
        "icc_practices_base_template": settings.BASE_TEMPLATE,
    }


def _form_page(
    request: HttpRequest,
    index,
    form: PracticeSubmissionForm,
    *,
    status: int = 200,
    limited: bool = False,
    unavailable: bool = False,
    retry_after: int | None = None,
    action: str = "",
    updating: bool = False,
) -> HttpResponse:
    context = {
        **page_context(request, index),
        "form": form,
        "limited": limited,
        "unavailable": unavailable,
        "form_action": action or index.propose_url,
        "updating": updating,
    }
    response = TemplateResponse(request, FORM_TEMPLATE, context, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return private_response(response)


def _thanks(index, confirmation: Confirmation | None = None) -> HttpResponse:
    url = (index.url or "/") + index.reverse_subpage("propose_thanks")
    if confirmation is not None:
        url += "?" + urlencode({CONFIRMATION_PARAMETER: confirmation.value})
    return private_response(redirect(url))


def _save(form: PracticeSubmissionForm, index) -> ScheduledEmails:
    """Store the proposal and its topics in one transaction; the e-mails are queued when
    it commits."""
    with transaction.atomic():
        submission = form.save(commit=False)
        submission.language = translation.get_language() or ""
        submission.index_page = index
        submission.save()
        form.save_m2m()
        form.save_attachments(submission)
        return emails_after_commit(submission.pk)


def propose_practice(request: HttpRequest, index) -> HttpResponse:
    if not index.accept_submissions:
        raise Http404
    if request.method != "POST":
        return _form_page(request, index, PracticeSubmissionForm())
    form = PracticeSubmissionForm(request.POST, request.FILES)
    if form.is_bot():
        ratelimit.count(request)  # a bot still uses up its network's slots
        return _thanks(index)  # looks like success to the bot; nothing is stored
    if not form.is_valid():
        return _form_page(request, index, form)
    email = form.cleaned_data["contact_email"]
    try:
        if ratelimit.exceeded(request, email):  # with the cache down, asks the database
            # What was typed stays in the form; the visitor can send it later.
            return _form_page(
                request, index, form, status=429, limited=True, retry_after=RETRY_AFTER_LIMITED
            )
        scheduled = _save(form, index)
    except DatabaseError as error:
        # PostgreSQL's messages can quote the row, address included.
        report_failure("database", RedactedError(error))
        return _form_page(
            request,
            index,
            form,
            status=503,
            unavailable=True,
            retry_after=RETRY_AFTER_UNAVAILABLE,
        )
    ratelimit.count(request, email)
    return _thanks(index, scheduled.confirmation)


def _confirmation(request: HttpRequest) -> str:
    """The confirmation's fate from the query string; anything else is ``""`` (the neutral
    text), so a crafted link can only choose among our own sentences."""
    value = request.GET.get(CONFIRMATION_PARAMETER, "")
    return value if value in {member.value for member in Confirmation} else ""


def proposal_received(request: HttpRequest, index) -> HttpResponse:
    if not index.accept_submissions:
        raise Http404
    context = {**page_context(request, index), "confirmation": _confirmation(request)}
    return private_response(TemplateResponse(request, THANKS_TEMPLATE, context))


def update_proposal(request: HttpRequest, index, token: str) -> HttpResponse:
    """The author's private link after editors asked for more information: the same
    proposal, in the same form, saved in place and back in the editors' queue."""
    from icc_practices.submissions import audit
    from icc_practices.submissions.status_emails import submission_for_update

    submission = submission_for_update(token)
    if submission is None or submission.index_page_id != index.pk:
        response = TemplateResponse(
            request, UPDATE_EXPIRED_TEMPLATE, page_context(request, index), status=404
        )
        return private_response(response)
    if request.method != "POST":
        form = PracticeSubmissionForm(instance=submission)
        return _form_page(request, index, form, action=request.path, updating=True)
    form = PracticeSubmissionForm(request.POST, request.FILES, instance=submission)
    if form.is_bot() or not form.is_valid():
        return _form_page(request, index, form, action=request.path, updating=True)
    with transaction.atomic():
        updated = form.save(commit=False)
        updated.status = PracticeSubmission.Status.NEW
        updated.save()
        form.save_m2m()
        form.save_attachments(updated)
        audit.log_author_update(updated)
    context = {**page_context(request, index), "updated": True}
    return private_response(TemplateResponse(request, THANKS_TEMPLATE, context))
