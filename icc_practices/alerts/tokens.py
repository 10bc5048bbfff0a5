"""Signed links for alert e-mails, so that no secret is stored with a subscription.

A token names the subscription by its id and creation time (a deleted subscription's id
given to a new one does not revive old links) and its purpose. Confirmation links expire
(``ICC_PRACTICES_ALERT_CONFIRMATION_DAYS``); the links to manage or leave a subscription,
in every message, do not.
"""

from __future__ import annotations

from enum import StrEnum

from icc_practices.conf import settings
from icc_practices.models import AlertSubscription
from icc_practices.submissions.links import make_url_token, read_url_token

SALT = "icc_practices.alerts"


class Purpose(StrEnum):
    CONFIRM = "confirm"
    MANAGE = "manage"


def _stamp(subscription: AlertSubscription) -> int:
    return int(subscription.created_at.timestamp())


def make_token(subscription: AlertSubscription, purpose: Purpose) -> str:
    return make_url_token([subscription.pk, _stamp(subscription), purpose.value], SALT)


def read_token(token: str, purpose: Purpose) -> AlertSubscription | None:
    """The subscription a valid, unexpired token of ``purpose`` names, or ``None``."""
    max_age = settings.ALERT_CONFIRMATION_DAYS * 86400 if purpose is Purpose.CONFIRM else None
    payload = read_url_token(token, SALT, max_age)
    try:
        pk, stamp, kind = payload
    except (TypeError, ValueError):
        return None
    if kind != purpose.value or not isinstance(pk, int):
        return None
    subscription = AlertSubscription.objects.filter(pk=pk).select_related("index_page").first()
    if subscription is None or _stamp(subscription) != stamp:
        return None
    return subscription
