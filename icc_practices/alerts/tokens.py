"""Signed links for alert e-mails, so that no secret is stored with a subscription.

A token names the subscription by its id and creation time (a deleted subscription's id
given to a new one does not revive old links) and its purpose. Confirmation links expire
(``ICC_PRACTICES_ALERT_CONFIRMATION_DAYS``); the links to manage or leave a subscription,
in every message, do not.
"""

from __future__ import annotations

import base64
from enum import StrEnum

from django.core import signing

from icc_practices.conf import settings
from icc_practices.models import AlertSubscription

SALT = "icc_practices.alerts"


class Purpose(StrEnum):
    CONFIRM = "confirm"
    MANAGE = "manage"


def _stamp(subscription: AlertSubscription) -> int:
    return int(subscription.created_at.timestamp())


def make_token(subscription: AlertSubscription, purpose: Purpose) -> str:
    """Letters, digits, ``-`` and ``_`` only: Wagtail's page URLs take nothing else (a
    signature's ``:`` would make the address a 404)."""
    signed = signing.dumps([subscription.pk, _stamp(subscription), purpose.value], salt=SALT)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def read_token(token: str, purpose: Purpose) -> AlertSubscription | None:
    """The subscription a valid, unexpired token of ``purpose`` names, or ``None``."""
    max_age = settings.ALERT_CONFIRMATION_DAYS * 86400 if purpose is Purpose.CONFIRM else None
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        pk, stamp, kind = signing.loads(signed, salt=SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
    if kind != purpose.value or not isinstance(pk, int):
        return None
    subscription = AlertSubscription.objects.filter(pk=pk).select_related("index_page").first()
    if subscription is None or _stamp(subscription) != stamp:
        return None
    return subscription
