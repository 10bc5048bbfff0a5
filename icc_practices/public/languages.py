"""Links between a page's translations: ``hreflang`` alternates and the language switcher.

Only live translations are linked; a page with no translation in a language has no link
to it (see docs/decisions.md, "Fallback"). Filter parameters carry over unchanged, because
slugs and codes are the same in every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings as django_settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Locale, Page

from icc_practices.models import PracticeIndexPage, PracticePage
from icc_practices.models.taxonomy import default_content_language, translated_language_name
from icc_practices.search.cache import GENERATIONS, cached


@dataclass(frozen=True)
class LanguageLink:
    language_code: str
    name: str  # the language's name in itself ("Français")
    url: str  # absolute, with the current filters
    current: bool
    # The language the page's content is in, when it is not the link's own: an interface
    # language without content (German on the example site) shows the default language's.
    content_language: str = ""


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


def _language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


def _is_current(code: str) -> bool:
    current = translation.get_language() or ""
    return code == current or code == current.split("-")[0]


def language_links(
    page: Page | None, request: HttpRequest | None, query: str = ""
) -> list[LanguageLink]:
    """Links to the translations of ``page``, with ``query`` (``?topic=...``) appended: the
    ``hreflang`` alternates, one per language the content exists in."""
    if page is None or not hasattr(page, "get_translations"):
        return []
    return [
        LanguageLink(code, _language_name(code), url + query, _is_current(code))
        for code, url in page_translations(page, request)
    ]


def interface_only_languages() -> list[str]:
    """Interface languages (``LANGUAGES``) that no content is written in."""
    content = set(get_content_languages())
    return [code for code, _name in django_settings.LANGUAGES if code not in content]


def switcher_links(
    page: Page | None, request: HttpRequest | None, query: str = ""
) -> list[LanguageLink]:
    """The language switcher: each translation of ``page``, and each interface-only
    language (its interface over the default language's page, under that language's
    prefix), so that a visitor can always see and leave the language they are in."""
    links = language_links(page, request, query)
    default_language = default_content_language()
    default = next((link for link in links if link.language_code == default_language), None)
    if default is None:
        return links
    for code in interface_only_languages():
        with translation.override(default_language):  # resolved as the link's language
            url = translate_url(default.url, code)
        if url == default.url:
            continue  # the host's URLs have no language prefix: nothing to link
        links.append(
            LanguageLink(code, _language_name(code), url, _is_current(code), default.language_code)
        )
    return links


_locale_codes: dict[int, str] = {}


def content_language(page: Page) -> str:
    """The language ``page``'s content is written in, without a query once known (a
    locale's id and code never change while it exists)."""
    if "locale" in page._state.fields_cache:
        return page.locale.language_code
    if page.locale_id not in _locale_codes:
        _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
    return _locale_codes.get(page.locale_id, "")


def other_language_name(page: Page) -> str:
    """The name, in the interface's language, of the language ``page`` is written in when
    it is not the content language being shown ("Anglais" for an English practice on the
    French index); empty when they are the same. An interface-only language shows the
    default language's content: there, only practices in other languages are named."""
    code = content_language(page)
    if not code or code == active_content_language():
        return ""
    return translated_language_name(code)


def active_content_language() -> str:
    """The content language of this request: the interface's, or the default language's
    for an interface-only language (as Wagtail's routing serves it)."""
    try:
        return get_supported_content_language_variant(translation.get_language() or "")
    except LookupError:
        return default_content_language()


def lang_attribute(page: Page) -> SafeString:
    """`` lang="en"`` when ``page``'s content is not in the visitor's interface language
    (WCAG 3.1.2, language of parts), else nothing."""
    code = content_language(page)
    if not code or _is_current(code):
        return SafeString("")
    return format_html(' lang="{}"', code)
