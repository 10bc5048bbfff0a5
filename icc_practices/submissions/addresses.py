"""The e-mail addresses visitors type, before anything is mailed to them.

Both public forms (proposals, alerts) mail the address they are given: it must be one the
site's mail server can deliver on the internet, not the server's own host or network, and
one address must have one spelling, so that it cannot sign up twice.
"""

from __future__ import annotations

import idna
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 254  # RFC 5321's path limit, less the angle brackets


def _not_on_the_internet() -> ValidationError:
    return ValidationError(
        _("Enter an address on the internet, such as name@example.org."), code="local"
    )


def _ascii_domain(domain: str) -> str:
    """The domain as mail servers look it up: IDNA 2008 with UTS 46 mapping, so that
    ``faß.de`` stays its own domain (Python's ``idna`` codec, IDNA 2003, turns it into
    ``fass.de``, somebody else's), full-width dots count as dots and ignorable characters
    (soft hyphens, zero-width spaces) are dropped; then without a trailing dot, so that
    ``example.org.`` is one more spelling of nothing."""
    try:
        encoded = idna.encode(domain, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError) as error:
        raise _not_on_the_internet() from error
    return encoded.lower().removesuffix(".")


# Names that never leave the host or its network: RFC 6761 (localhost, invalid), RFC 6762
# (local), RFC 8375 (home.arpa), ICANN's internal, and the distributions' localdomain.
_PRIVATE_SUFFIXES = ("localhost", "localdomain", "local", "internal", "home.arpa", "invalid")


def _private(domain: str) -> bool:
    return any(domain == suffix or domain.endswith("." + suffix) for suffix in _PRIVATE_SUFFIXES)


def mailable_address(address: str) -> str:
    """``address`` (already valid for Django's ``EmailField``) with its domain in lower
    case and, when international, in its ASCII form; refused when that makes it too long,
    when it names no host on the internet (``root@localhost``, ``a@[127.0.0.1]``,
    ``root@x.localhost``), or when its local part is quoted (``"a,b"@example.org``: valid,
    never needed, and one more spelling of an address)."""
    local, _at, domain = address.strip().rpartition("@")
    if local.startswith('"'):
        raise ValidationError(EmailValidator.message, code="invalid")  # Django's wording
    if domain.startswith("["):
        raise _not_on_the_internet()
    domain = _ascii_domain(domain)
    if "." not in domain or _private(domain) or domain.rsplit(".", 1)[1].isdigit():
        # The last test: no top-level domain is a number, so this is an IP address
        # (typed in full-width digits, which IDNA maps to ASCII ones).
        raise _not_on_the_internet()
    normalised = f"{local}@{domain}"
    if len(normalised) > MAX_LENGTH:
        raise ValidationError(_("This address is too long."), code="max_length")
    return normalised
