"""Practices across languages: an index lists the practices of its translations that
have no version in its own language.

Partial translation is the normal state of a multilingual collection. Without this, a
practice with no French translation did not exist on the French index: not listed, not
counted, not found. With it (``ICC_PRACTICES_LIST_UNTRANSLATED``, on by default), each
translation of the index lists its own practices and, for every other practice visitors
may see, one version in the language it exists in: the default language's if there is
one, else the first of ``WAGTAIL_CONTENT_LANGUAGES`` that has it. Cards and pages mark
such a practice with its language (``lang``, a visible label) and the ``lang`` facet
narrows to the languages a visitor reads (docs/translation.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings as django_settings
from django.db.models import F, Q
from wagtail.coreutils import get_content_languages
from wagtail.models import Page
from wagtail.query import PageQuerySet

from icc_practices.models import PracticeIndexPage
from icc_practices.models.taxonomy import default_content_language
from icc_practices.search.cache import cached
from icc_practices.search.privacy import visible_practices


def sibling_indexes(index_page: Page) -> list[Sibling]:
    """The live translations of an index page in the other languages, in the order
    their practices are preferred: the default language first, then the order of
    ``WAGTAIL_CONTENT_LANGUAGES``. Cached until a page changes; none (and no query) on a
    site without Wagtail's internationalisation."""
    if index_page.translation_key is None or not getattr(
        django_settings, "WAGTAIL_I18N_ENABLED", False
    ):
        return []
    return cached("sibling-indexes", (index_page.pk,), lambda: _siblings(index_page))


def _siblings(index_page: Page) -> list[Sibling]:
    rows = (
        PracticeIndexPage.objects.live()
        .filter(translation_key=index_page.translation_key)
        .exclude(pk=index_page.pk)
        .values_list("pk", "path", "depth", "locale__language_code")
    )
    order = [default_content_language(), *get_content_languages()]

    def preference(sibling: Sibling) -> tuple[int, str]:
        code = sibling.language_code
        return (order.index(code) if code in order else len(order), code)

    return sorted((Sibling(*row) for row in rows), key=preference)


@dataclass(frozen=True)
class Sibling:
    """An index page's translation, as much of it as listings need."""

    pk: int
    path: str
    depth: int
    language_code: str

    def children(self) -> Q:
        return Q(path__startswith=self.path, depth=self.depth + 1)


def with_untranslated(index_page: Page) -> PageQuerySet:
    """The practices visitors may see under ``index_page``, with one version of each
    practice of its translations that has none here."""
    # An alias in another language's tree (wagtail-localize's "sync from" locales) shows
    # its original's text: it is not a translation, and the original stands for it.
    practices = visible_practices().exclude(
        Q(alias_of__isnull=False) & ~Q(alias_of__locale=F("locale"))
    )
    own = Q(practices.child_of_q(index_page))
    listed_keys = [practices.child_of(index_page).values("translation_key")]
    wanted = own
    for sibling in sibling_indexes(index_page):
        candidates = sibling.children()
        for keys in listed_keys:
            candidates &= ~Q(translation_key__in=keys)
        wanted |= candidates
        listed_keys.append(practices.filter(sibling.children()).values("translation_key"))
    return practices.filter(wanted)
