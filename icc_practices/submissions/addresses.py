"""The e-mail addresses visitors type, before anything is mailed to them.

Both public forms (proposals, alerts) mail the address they are given: it must be one the
site's mail server can deliver on the internet, not the server's own host or network, and
one address must have one spelling, so that it cannot sign up twice.
"""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 254  # RFC 5321's path limit, less the angle brackets


def mailable_address(address: str) -> str:
    """``address`` (already valid for Django's ``EmailField``) with its domain in lower
    case and, when international, in its ASCII form; refused when that makes it too long,
    or when it names no host on the internet (``root@localhost``, ``a@[127.0.0.1]``)."""
    local, _at, domain = address.strip().rpartition("@")
    with contextlib.suppress(UnicodeError):  # then keep it as typed
        domain = domain.encode("idna").decode("ascii")
    domain = domain.lower()
    if domain.startswith("[") or "." not in domain.strip("."):
        raise ValidationError(
            _("Enter an address on the internet, such as name@example.org."), code="local"
        )
    normalised = f"{local}@{domain}"
    if len(normalised) > MAX_LENGTH:
        raise ValidationError(_("This address is too long."), code="max_length")
    return normalised
