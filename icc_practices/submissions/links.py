"""Signed tokens for links in e-mails (a proposal's update link, an alert's links): no
secret stored, nothing to look up but the row they name.

Letters, digits, ``-`` and ``_`` only: Wagtail's page URLs take nothing else (a Django
signature's ``:`` would make the address a 404)."""

from __future__ import annotations

import base64
from typing import Any

from django.core import signing


def make_url_token(payload: list[Any], salt: str) -> str:
    signed = signing.dumps(payload, salt=salt)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def read_url_token(token: str, salt: str, max_age: int | None = None) -> Any:
    """The payload of a valid token, or ``None`` (tampered, expired, malformed)."""
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        return signing.loads(signed, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
