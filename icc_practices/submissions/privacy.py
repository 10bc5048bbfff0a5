"""Keeping submitters' e-mail addresses out of logs.

Error messages from mail servers and databases often quote the address they failed on
(``SMTPRecipientsRefused``, PostgreSQL's "Failing row contains ..."), and logs are kept
longer, and read by more people, than the proposals themselves.
"""

from __future__ import annotations

import re

# Loose on purpose: anything that looks like an address is masked, a false positive costs
# only a less readable log line.
# The local part takes every character RFC 5322 allows unquoted (forms accept them all).
# The look-behind starts a match only where a run of such characters starts: without it, a
# long run with no "@" is scanned again from each of its characters (quadratic).
# A quoted local part ("jane,doe"@example.org) is matched as one string of at most 64
# characters (RFC 5321's limit; unbounded, a run of quotes is scanned again from each).
_ADDRESS = re.compile(
    r"""(?:"(?:[^"\\\r\n]|\\.){0,64}"|(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]+)"""
    r"@[\w-]+(?:\.[\w-]+)*"
)
# Log lines are read by people: longer messages are cut (after masking).
MAX_MASKED_LENGTH = 2000


def mask_email(address: str) -> str:
    """``jane.doe@example.org`` as ``j***@e***.org``: enough to recognise an address one
    already knows, too little to recover it."""
    local, _at, domain = address.strip().rpartition("@")
    if not local:
        return "***"
    name, _dot, suffix = domain.rpartition(".")
    if not name:
        return f"{local[:1]}***@{domain[:1]}***"
    return f"{local[:1]}***@{name[:1]}***.{suffix}"


def mask_addresses(text: str) -> str:
    """``text`` with every e-mail address in it masked, then cut to
    ``MAX_MASKED_LENGTH`` characters (after: a cut before could leave half an address
    that no longer looks like one)."""
    masked = _ADDRESS.sub(lambda match: mask_email(match.group()), text)
    if len(masked) > MAX_MASKED_LENGTH:
        return masked[:MAX_MASKED_LENGTH] + "…"
    return masked


class RedactedError(Exception):
    """Stands in for an error whose message may quote an address, so that it can be logged
    (:func:`icc_practices.degraded.report_failure`) with its type and masked message."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(f"{type(error).__name__}: {mask_addresses(str(error))}")
