"""Where finished PDFs are kept: Django's storage, not the cache.

A PDF is named by an HMAC of the page, its live revision, the language, the package
version and the structure generation (labels), so a publish, a release or a taxonomy
edit gives a new name, and nobody can guess the name of a restricted practice's file.
Files live under ``icc_practices/pdf/<page id>/``, which makes pruning old revisions and
removing an unpublished practice's files one listing.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.search.cache import RELEASE, STRUCTURE, generation_tokens

logger = logging.getLogger("icc_practices.pdf")

FOLDER = "icc_practices/pdf"


def pdf_storage() -> Storage:
    return storages[settings.PDF_STORAGE]


def _folder(page_id: int) -> str:
    return f"{FOLDER}/{int(page_id)}"


def stored_pdf_name(page, language: str) -> str:
    """The storage name of ``page``'s live revision in ``language``."""
    parts = ":".join(
        str(part)
        for part in (
            page.pk,
            page.live_revision_id,
            language,
            RELEASE,
            generation_tokens((STRUCTURE,)),
        )
    )
    digest = hmac.new(
        django_settings.SECRET_KEY.encode(), parts.encode(), hashlib.sha256
    ).hexdigest()[:40]
    return f"{_folder(page.pk)}/{language}-{digest}.pdf"


class StorageUnavailable(Exception):
    """The PDF storage failed (already logged): not "missing", so not "being prepared"."""


def load_stored(name: str) -> bytes | None:
    """The stored PDF, or ``None`` when it is missing; :class:`StorageUnavailable` when
    the storage fails, so that a visitor is not told to wait for a file it cannot read."""
    storage = pdf_storage()
    try:
        if not storage.exists(name):
            return None
        with storage.open(name, "rb") as stored:
            return stored.read()
    except Exception as error:  # any storage: disk, network, permissions
        report_failure("PDF storage", error)
        raise StorageUnavailable from error


def read_stored(name: str) -> bytes | None:
    """The stored PDF, or ``None`` when it is missing or the storage fails."""
    try:
        return load_stored(name)
    except StorageUnavailable:
        return None


def save_stored(name: str, pdf: bytes) -> None:
    """Keep ``pdf`` under ``name`` and remove older files of the same page and language."""
    storage = pdf_storage()
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(pdf))
        if saved != name:  # a concurrent render won the race; keep one copy
            storage.delete(saved)
    folder, filename = name.rsplit("/", 1)
    for other in _files(folder):
        if other != filename and _language(other) == _language(filename):
            storage.delete(f"{folder}/{other}")


def _language(filename: str) -> str:
    """``pt-br`` of ``pt-br-<digest>.pdf``: the digest is hexadecimal, language codes may
    hold dashes."""
    return filename.rsplit("-", 1)[0]


def delete_stored(page_id: int) -> int:
    """Remove every stored PDF of a page; returns how many were removed."""
    folder = _folder(page_id)
    files = _files(folder)
    for filename in files:
        pdf_storage().delete(f"{folder}/{filename}")
    return len(files)


def _files(folder: str) -> list[str]:
    try:
        return pdf_storage().listdir(folder)[1]
    except FileNotFoundError:
        return []
