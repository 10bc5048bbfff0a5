"""Translate part of the demo collection, as a translator would have: taxonomy, index and
the first practices, published in another language.

Only French text ships (``content_fr``). Pages are copied with Wagtail's
``copy_for_translation``, so their classification links stay on the default language's
topics and cities, exactly as wagtail-localize leaves them.
"""

from __future__ import annotations

from wagtail.models import Locale

from icc_practices.demo import content_fr
from icc_practices.demo.builder import PracticeSpec, ensure_index_page, practice_specs
from icc_practices.models import PracticePage, Topic

FRENCH_EXTRA = {
    "Barcelona City Council, International Relations Department": (
        "Mairie de Barcelone, direction des relations internationales"
    ),
    "Good practices": "Bonnes pratiques",
}

TRANSLATIONS = {"fr": {**content_fr.FRENCH, **FRENCH_EXTRA}}


def available_languages() -> list[str]:
    return sorted(TRANSLATIONS)


def _translator(language: str):
    phrases = TRANSLATIONS[language]
    return lambda text: phrases.get(text, text)


def _publish(page) -> None:
    page.save_revision().publish()


def translate_taxonomy(locale: Locale, translate) -> int:
    created = 0
    for topic in Topic.objects.filter(locale=Locale.get_default()):
        if not Topic.objects.filter(translation_key=topic.translation_key, locale=locale).exists():
            copy = topic.copy_for_translation(locale)
            copy.name = translate(topic.name)
            copy.save()
            created += 1
    return created


def _apply(page: PracticePage, spec: PracticeSpec) -> None:
    for field in ("title", "summary", "purpose", "rationale", "process", "impact", "period"):
        setattr(page, field, getattr(spec, field))
    page.lead_organisation = spec.lead_organisation


def translate_demo_collection(language: str, count: int, seed: int) -> int:
    """Translate the first ``count`` demo practices (and the taxonomy and index) into
    ``language``. Idempotent; returns how many practices were translated now."""
    if language not in TRANSLATIONS:
        raise ValueError(f"No demo text in {language!r}; available: {available_languages()}")
    locale, _created = Locale.objects.get_or_create(language_code=language)
    translate = _translator(language)
    translate_taxonomy(locale, translate)

    index = ensure_index_page()
    # The index and the pages above it (below the tree's root), as real translations
    # (copy_parents would make aliases, which cannot take translated text).
    for page in [*index.get_ancestors().filter(depth__gt=1).specific(), index]:
        if not page.has_translation(locale):
            copy = page.copy_for_translation(locale)
            copy.title = translate(page.title)
            _publish(copy)
    topic_slugs = sorted(
        Topic.objects.filter(locale=Locale.get_default()).values_list("slug", flat=True)
    )
    english = {page.slug: page for page in PracticePage.objects.child_of(index)}
    translated = 0
    for spec in practice_specs(count, seed, topic_slugs, translate):
        source = english.get(spec.slug)
        if source is None or source.has_translation(locale):
            continue
        copy = source.copy_for_translation(locale)
        _apply(copy, spec)
        _publish(copy)
        translated += 1
    return translated
