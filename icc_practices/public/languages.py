"""Links between a page's translations: ``hreflang`` alternates and the language switcher.

Only live translations are linked; a page with no translation in a language has no link
to it (see docs/decisions.md, "Fallback"). Filter parameters carry over unchanged, because
slugs and codes are the same in every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings as django_settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import get_language_info
from wagtail.models import Page

from icc_practices.models import PracticeIndexPage, PracticePage
from icc_practices.search.cache import GENERATIONS, cached


@dataclass(frozen=True)
class LanguageLink:
    language_code: str
    name: str  # the language's name in itself ("Français")
    url: str  # absolute, with the current filters
    current: bool


def _translations(page: Page, request: HttpRequest | None) -> list[tuple[str, str]]:
    translations = page.get_translations(inclusive=True).live().public().select_related("locale")
    pairs = []
    for other in translations.order_by("locale__language_code"):
        url = other.get_full_url(request)
        if url:
            pairs.append((other.locale.language_code, url))
    return pairs


def page_translations(page: Page, request: HttpRequest | None) -> list[tuple[str, str]]:
    """(language code, absolute URL) of each live translation of ``page``, itself included.
    Cached for the package's own pages (publishing any of them invalidates); other pages
    cost one query. A site without Wagtail's internationalisation (``wagtail start``'s
    default) has nothing to link: no query, no links."""
    if not getattr(django_settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    if isinstance(page, PracticePage | PracticeIndexPage):
        host = request.get_host() if request is not None else ""
        return cached(
            "translations", (page.pk, host), lambda: _translations(page, request), GENERATIONS
        )
    return _translations(page, request)


def language_links(
    page: Page | None, request: HttpRequest | None, query: str = ""
) -> list[LanguageLink]:
    """Links to the translations of ``page``, with ``query`` (``?topic=...``) appended."""
    if page is None or not hasattr(page, "get_translations"):
        return []
    current = translation.get_language() or ""
    links = []
    for code, url in page_translations(page, request):
        try:
            name = get_language_info(code)["name_local"]
        except KeyError:
            name = code
        links.append(
            LanguageLink(code, name, url + query, code == current.split("-")[0] or code == current)
        )
    return links
