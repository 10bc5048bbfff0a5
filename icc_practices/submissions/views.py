"""The public proposal form and its confirmation page, as routes of the index page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

from icc_practices.conf import settings
from icc_practices.submissions import notifications, ratelimit
from icc_practices.submissions.forms import PracticeSubmissionForm

FORM_TEMPLATE = "icc_practices/submission_form.html"
THANKS_TEMPLATE = "icc_practices/submission_thanks.html"


def _private(response: HttpResponse) -> HttpResponse:
    """Never cached: a shared cache would serve one visitor's CSRF token to everyone."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def _context(request: HttpRequest, index) -> dict:
    """What the package's page templates expect, without the index's results."""
    return {
        "page": index,
        "self": index,
        "request": request,
        "icc_practices_base_template": settings.BASE_TEMPLATE,
    }


def _form_page(request, index, form, *, status: int = 200, limited: bool = False):
    context = {
        **_context(request, index),
        "form": form,
        "limited": limited,
    }
    return _private(TemplateResponse(request, FORM_TEMPLATE, context, status=status))


def propose_practice(request: HttpRequest, index) -> HttpResponse:
    if not index.accept_submissions:
        raise Http404
    if request.method != "POST":
        return _form_page(request, index, PracticeSubmissionForm())
    form = PracticeSubmissionForm(request.POST)
    thanks = redirect(index.propose_url + "thanks/")
    if form.is_bot():
        ratelimit.allow(request)
        return _private(thanks)  # looks like success to the bot; nothing is stored
    if not form.is_valid():
        return _form_page(request, index, form)
    if not ratelimit.allow(request, form.cleaned_data["contact_email"]):
        # What was typed stays in the form; the visitor can send it later.
        return _form_page(request, index, form, status=429, limited=True)
    submission = form.save(commit=False)
    submission.language = translation.get_language() or ""
    submission.index_page = index
    submission.save()
    form.save_m2m()
    notifications.notify_editors(submission)
    notifications.acknowledge(submission)
    return _private(thanks)


def proposal_received(request: HttpRequest, index) -> HttpResponse:
    if not index.accept_submissions:
        raise Http404
    return _private(TemplateResponse(request, THANKS_TEMPLATE, _context(request, index)))
