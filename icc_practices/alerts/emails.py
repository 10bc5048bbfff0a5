"""The alert e-mails: the confirmation of a sign-up, and the message with new practices.

Plain text, in the subscription's language, with links built from the index page's own
site address, never from a request's ``Host`` header. Every alert carries the one-click
unsubscribe of RFC 8058 (``List-Unsubscribe`` with an address answering a POST, and
``List-Unsubscribe-Post``; it needs ``icc_practices.urls`` in the host's URLs, check
W007) and the link to manage or delete the subscription.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs

from django.core.mail import EmailMessage
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import Truncator
from wagtail.models import Site

from icc_practices.alerts.tokens import Purpose, make_token
from icc_practices.models import AlertSubscription, PracticePage
from icc_practices.search.query import PracticeResults, filter_labels
from icc_practices.submissions.notifications import render_email


def _route(subscription: AlertSubscription, name: str, token: str) -> str:
    index = subscription.index_page
    return (index.full_url or "") + index.reverse_subpage(name, args=[token])


def results_url(subscription: AlertSubscription) -> str:
    """The index with the subscription's filter."""
    url = subscription.index_page.full_url or ""
    return f"{url}?{subscription.query}" if subscription.query else url


def manage_url(subscription: AlertSubscription) -> str:
    return _route(subscription, "alerts_manage", make_token(subscription, Purpose.MANAGE))


def one_click_url(subscription: AlertSubscription, site: Site | None = None) -> str | None:
    """The RFC 8058 address (``icc_practices.urls``, on the site's root), or ``None``
    when the host has not included it."""
    try:
        path = reverse(
            "icc_practices_alert_unsubscribe", args=[make_token(subscription, Purpose.MANAGE)]
        )
    except NoReverseMatch:
        return None
    return (site or subscription.index_page.get_site()).root_url + path


def confirm_url(subscription: AlertSubscription) -> str:
    return _route(subscription, "alerts_confirm", make_token(subscription, Purpose.CONFIRM))


def filter_in_words(subscription: AlertSubscription) -> list[str]:
    """The filter's active options, labelled in the active language ("Education",
    "Spain"); empty for every practice."""
    words = filter_labels(parse_qs(subscription.query))
    return [Truncator(word).chars(60) for word in words]


def words_of(results: PracticeResults) -> list[str]:
    """The active options of results already at hand. Bounded: a search term is the
    visitor's own text, and the confirmation goes to whatever address was typed."""
    return [Truncator(str(active.label)).chars(60) for active in results.active_filters]


def confirmation_message(subscription: AlertSubscription) -> EmailMessage:
    """The only message an unconfirmed address ever gets."""
    with translation.override(subscription.language):
        context = {
            "site": subscription.index_page.get_site(),
            "filters": filter_in_words(subscription),
            "frequency": subscription.get_frequency_display(),
            "confirm_url": confirm_url(subscription),
        }
        subject, body = render_email("alert_confirmation", context)
    return EmailMessage(subject, body, None, [subscription.email])


@dataclass(frozen=True)
class ListedPractice:
    title: str
    url: str
    summary: str


def listed(practices: Sequence[PracticePage]) -> list[ListedPractice]:
    """What a message says of each practice (the same for every subscriber)."""
    return [
        ListedPractice(
            practice.title, practice.full_url or "", Truncator(practice.summary).words(40)
        )
        for practice in practices
    ]


def alert_message(
    subscription: AlertSubscription,
    practices: Sequence[ListedPractice],
    total: int,
    filters: Sequence[str] | None = None,
    site: Site | None = None,
) -> EmailMessage:
    """The new practices (at most ``ICC_PRACTICES_ALERT_MAX_PRACTICES`` of ``total``);
    ``filters``, the filter in words in the subscription's language, when the caller has
    it already; ``site``, the index's site, likewise."""
    site = site or subscription.index_page.get_site()
    with translation.override(subscription.language):
        context = {
            "site": site,
            "filters": filter_in_words(subscription) if filters is None else filters,
            "practices": practices,
            "total": total,
            "more": total - len(practices),
            "results_url": results_url(subscription),
            "manage_url": manage_url(subscription),
        }
        subject, body = render_email("alert", context)
    one_click = one_click_url(subscription, site)
    headers = {"Auto-Submitted": "auto-generated"}
    if one_click is not None:
        headers["List-Unsubscribe"] = f"<{one_click}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    else:  # a link to the page with the button, without the one-click promise
        headers["List-Unsubscribe"] = f"<{context['manage_url']}>"
    return EmailMessage(subject, body, None, [subscription.email], headers=headers)
