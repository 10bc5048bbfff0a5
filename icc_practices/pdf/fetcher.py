"""WeasyPrint's window on the outside world: this site's static and media files only.

WeasyPrint's default fetcher follows any URL a document names, redirects included
(CVE-2025-68616: a redirect to an internal address). A practice is written by editors
and, through the submission form, by the public, so its PDF must not be able to make the
server fetch anything. This fetcher never opens a network connection or a ``file://``
URL: it maps the site's own static and media URLs to files in Django's storages and
refuses everything else, and it refuses everything once the render's time is up.
"""

from __future__ import annotations

import mimetypes
import posixpath
import time
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage, default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError


class RefusedURL(URLFetchingError):
    """A URL the PDF may not load; WeasyPrint logs it and renders without it."""


def _relative_name(path: str) -> str | None:
    """A storage name from a URL path below a prefix, or ``None`` if it climbs out."""
    name = posixpath.normpath(unquote(path))
    if name.startswith(("/", "..")) or name in (".", "") or "\x00" in name:
        return None
    return name


class SiteFileFetcher(URLFetcher):
    """Resolve this site's static and media URLs to stored files; refuse the rest."""

    def __init__(self, origins: Iterable[str], deadline: float) -> None:
        super().__init__(allowed_protocols=("http", "https"), allow_redirects=False)
        self.origins = {origin.rstrip("/") for origin in origins}
        self.deadline = deadline
        self.ran_out_of_time = False

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if time.monotonic() > self.deadline:
            self.ran_out_of_time = True
            raise RefusedURL(f"Render time is up, not loading {url}")
        storage, name = self.locate(url)
        try:
            with storage.open(name) as stored:
                body = stored.read()
        except (OSError, ValueError) as error:
            raise RefusedURL(f"Cannot read {url}: {error}") from error
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def locate(self, url: str) -> tuple[Storage, str]:
        """The storage and file name behind a URL of this site's static or media files."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise RefusedURL(f"Only this site's own files are loaded, not {url}")
        for prefix, storage in self._prefixes():
            absolute = prefix.startswith(("http://", "https://", "//"))
            if absolute:
                prefix_parts = urlsplit(prefix if "://" in prefix else f"{parts.scheme}:{prefix}")
                if parts.netloc != prefix_parts.netloc:
                    continue
                prefix_path = prefix_parts.path
            else:
                if f"{parts.scheme}://{parts.netloc}" not in self.origins:
                    continue
                prefix_path = prefix
            if parts.path.startswith(prefix_path):
                name = _relative_name(parts.path[len(prefix_path) :])
                if name is not None:
                    return storage, name
        raise RefusedURL(f"Only this site's own files are loaded, not {url}")

    def _prefixes(self) -> list[tuple[str, Storage]]:
        prefixes: list[tuple[str, Storage]] = []
        if django_settings.STATIC_URL:
            prefixes.append((django_settings.STATIC_URL, _StaticFiles()))
        if django_settings.MEDIA_URL and django_settings.MEDIA_URL != "/":
            prefixes.append((django_settings.MEDIA_URL, default_storage))
        return prefixes


class _StaticFiles(Storage):
    """Collected static files, or the app folders before ``collectstatic`` has run."""

    def open(self, name: str, mode: str = "rb"):
        try:
            collected = staticfiles_storage.exists(name)
        except ImproperlyConfigured:  # no STATIC_ROOT: nothing collected yet
            collected = False
        if collected:
            return staticfiles_storage.open(name, mode)
        found = finders.find(name)
        if not found:
            raise OSError(f"No static file {name}")
        return open(found, mode)  # closed by the caller's ``with``
