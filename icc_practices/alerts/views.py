"""The visitor's side of alerts: sign up for the index's current filter, confirm, manage,
unsubscribe. Routes of the index page (its language, its site), except the one-click
unsubscribe of RFC 8058, which mail providers POST without a CSRF token and so is a plain
Django URL (``icc_practices.urls``).

Pages that change something answer GET with a button and act on POST: mail scanners and
link previews open links, and must not confirm or delete anything. Every answer about an
address is the same whether it was subscribed or not, so the form tells nobody who
subscribes to what.
"""

from __future__ import annotations

import datetime

from django.db import DatabaseError, IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from icc_practices.alerts.emails import filter_in_words, words_of
from icc_practices.alerts.forms import AlertManageForm, AlertSignupForm
from icc_practices.alerts.tasks import confirmation_after_commit
from icc_practices.alerts.tokens import Purpose, make_token, read_token
from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.models import AlertSubscription
from icc_practices.search.query import search_practices
from icc_practices.submissions import ratelimit
from icc_practices.submissions.privacy import RedactedError
from icc_practices.submissions.views import RETRY_AFTER_LIMITED, page_context, private_response

SIGNUP_TEMPLATE = "icc_practices/alerts/signup.html"
SENT_TEMPLATE = "icc_practices/alerts/sent.html"
CONFIRM_TEMPLATE = "icc_practices/alerts/confirm.html"
MANAGE_TEMPLATE = "icc_practices/alerts/manage.html"
DONE_TEMPLATE = "icc_practices/alerts/done.html"
QUERY_MAX_LENGTH = AlertSubscription._meta.get_field("query").max_length or 2000


def _recently_signed_up(email: str) -> int:
    since = timezone.now() - datetime.timedelta(seconds=ratelimit.WINDOW_SECONDS)
    return AlertSubscription.objects.filter(
        email__iexact=email.strip(), created_at__gte=since
    ).count()


SIGNUPS = ratelimit.Limit("alerts", lambda: settings.ALERT_SIGNUPS_PER_HOUR, _recently_signed_up)


def _page(request: HttpRequest, index, template: str, status: int = 200, **context) -> HttpResponse:
    response = TemplateResponse(
        request, template, {**page_context(request, index), **context}, status=status
    )
    return private_response(response)


def _enabled(index) -> None:
    if not settings.ALERTS:
        raise Http404


def signup(request: HttpRequest, index) -> HttpResponse:
    """``alerts/?topic=...``: the form for the filter in the query string."""
    _enabled(index)
    # The filter is the query string's, on the form (GET) and on its submission (POST).
    results = search_practices(index, request.GET, per_page=1)
    query = results.state.filter_query().lstrip("?")
    if len(query) > QUERY_MAX_LENGTH:  # a very long search: the column holds 2,000
        raise Http404
    words = words_of(results)
    if request.method != "POST":
        return _page(
            request, index, SIGNUP_TEMPLATE, form=AlertSignupForm(), query=query, filters=words
        )
    form = AlertSignupForm(request.POST)
    if form.is_bot():
        ratelimit.count(request, limit=SIGNUPS)
        return redirect(_sent_url(index))  # looks like success; nothing stored, nothing sent
    if not form.is_valid():
        return _page(request, index, SIGNUP_TEMPLATE, form=form, query=query, filters=words)
    email = form.cleaned_data["email"]
    try:
        if ratelimit.exceeded(request, email, limit=SIGNUPS):
            response = _page(
                request, index, SIGNUP_TEMPLATE, status=429,
                form=form, query=query, filters=words, limited=True,
            )  # fmt: skip
            response["Retry-After"] = str(RETRY_AFTER_LIMITED)
            return response
        _subscribe(email, index, query, form.cleaned_data["frequency"])
    except DatabaseError as error:
        report_failure("database", RedactedError(error))
        return _page(
            request, index, SIGNUP_TEMPLATE, status=503,
            form=form, query=query, filters=words, unavailable=True,
        )  # fmt: skip
    ratelimit.count(request, email, limit=SIGNUPS)
    return redirect(_sent_url(index))


def _subscribe(email: str, index, query: str, frequency: str) -> None:
    """Store the sign-up (or find the one there is) and, unless it is confirmed already,
    mail the confirmation. A confirmed address gets nothing: a stranger cannot make the
    site write to it again. An unconfirmed one takes the new frequency and language, and
    gets at most one confirmation an hour, whatever the cache says (its row's time is
    what the database's fallback limit counts)."""
    language = translation.get_language() or index.locale.language_code
    now = timezone.now()
    with transaction.atomic():
        existing = AlertSubscription.objects.filter(
            email__iexact=email, index_page=index, query=query
        ).first()
        if existing is not None and existing.confirmed_at is not None:
            return
        if existing is None:
            try:
                with transaction.atomic():
                    existing = AlertSubscription.objects.create(
                        email=email, index_page=index, query=query,
                        language=language, frequency=frequency, created_at=now,
                    )  # fmt: skip
            except IntegrityError:  # the same sign-up, at the same instant
                return
        else:
            resend = existing.created_at <= now - datetime.timedelta(
                seconds=ratelimit.WINDOW_SECONDS
            )
            AlertSubscription.objects.filter(pk=existing.pk).update(
                frequency=frequency,
                language=language,
                **({"created_at": now} if resend else {}),
            )
            if not resend:
                return
        confirmation_after_commit(existing.pk)


def _manage_path(index, token: str) -> str:
    return (index.url or "/") + index.reverse_subpage("alerts_manage", args=[token])


def _sent_url(index) -> str:
    return (index.url or "/") + index.reverse_subpage("alerts_sent")


def sent(request: HttpRequest, index) -> HttpResponse:
    _enabled(index)
    return _page(request, index, SENT_TEMPLATE)


def _subscription(index, token: str, purpose: Purpose) -> AlertSubscription:
    subscription = read_token(token, purpose)
    if subscription is None or subscription.index_page_id != index.pk:
        raise Http404
    return subscription


def confirm(request: HttpRequest, index, token: str) -> HttpResponse:
    """GET: a button; POST: confirmed. New practices count from the confirmation on."""
    _enabled(index)
    subscription = read_token(token, Purpose.CONFIRM)
    if subscription is None or subscription.index_page_id != index.pk:
        return _page(request, index, CONFIRM_TEMPLATE, status=404, expired=True)
    if request.method == "POST" and subscription.confirmed_at is None:
        now = timezone.now()
        AlertSubscription.objects.filter(pk=subscription.pk, confirmed_at=None).update(
            confirmed_at=now, sent_through=now
        )
        subscription.confirmed_at = now
    return _page(
        request, index, CONFIRM_TEMPLATE,
        subscription=subscription, filters=filter_in_words(subscription),
        manage_url=_manage_path(index, make_token(subscription, Purpose.MANAGE)),
    )  # fmt: skip


def manage(request: HttpRequest, index, token: str) -> HttpResponse:
    """Change the frequency, or delete the subscription (its address with it)."""
    _enabled(index)
    subscription = _subscription(index, token, Purpose.MANAGE)
    if request.method == "POST" and "delete" in request.POST:
        subscription.delete()
        return _page(request, index, DONE_TEMPLATE, deleted=True)
    form = AlertManageForm(
        request.POST if request.method == "POST" else None,
        initial={"frequency": subscription.frequency},
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        subscription.frequency = form.cleaned_data["frequency"]
        subscription.save(update_fields=["frequency"])
        saved = True
    return _page(
        request, index, MANAGE_TEMPLATE,
        subscription=subscription, form=form, saved=saved,
        filters=filter_in_words(subscription),
    )  # fmt: skip


@csrf_exempt
@require_http_methods(["GET", "POST"])
def one_click_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058: a POST (``List-Unsubscribe=One-Click``) deletes the subscription; a GET
    (someone opened the address) leads to the page to manage it."""
    subscription = read_token(token, Purpose.MANAGE)
    if request.method == "GET":
        if subscription is None:
            raise Http404
        return redirect(_manage_path(subscription.index_page, token))
    if subscription is not None:
        subscription.delete()
    # The same answer for a link already used: the address is not subscribed either way.
    response = HttpResponse(status=200, content_type="text/plain; charset=utf-8")
    response.write("Unsubscribed.\n")
    return private_response(response)
