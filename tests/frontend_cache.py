"""A frontend cache backend for tests: it keeps the URLs Wagtail asks it to purge."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

purged: list[str] = []


class RecordingBackend(BaseBackend):
    def purge(self, url: str) -> None:
        purged.append(url)
