"""A practice's classification is the same in every language.

Countries, year, topics and cities (its own and its partners) identify what a practice
is about, so every translation carries the default-language page's values
(docs/architecture.md). wagtail-localize copies them when it creates or syncs a
translation, except that it skips an emptied many-to-many field (removing every city
from the source never reached the translations). Publishing settles it here, whatever
tool made the translation: publishing the default-language page pushes its
classification to its translations, and publishing a translation takes the
classification from the default-language page.

Keywords travel the same way. They are search aids in the language the practice was
written in, not text: taggit keeps one vocabulary for the site (translating "refugees"
would fork it), and wagtail-localize cannot translate tags. So a translation carries its
source's keywords, for search, and its page does not show them (docs/translation.md).
"""

from __future__ import annotations

from wagtail.search.index import insert_or_update_object

from icc_practices.models import PracticePage
from icc_practices.models.pages import PracticePageTag
from icc_practices.models.taxonomy import default_content_language
from icc_practices.search.cache import CONTENT, invalidate

SHARED_FIELDS = ("country_id", "year")
SHARED_RELATIONS = ("topics", "other_countries", "cities", "partner_cities")


def _copy_classification(source: PracticePage, targets: list[PracticePage]) -> None:
    if not targets:
        return
    PracticePage.objects.filter(pk__in=[target.pk for target in targets]).update(
        **{field: getattr(source, field) for field in SHARED_FIELDS}
    )
    target_ids = [target.pk for target in targets]
    for relation in SHARED_RELATIONS:
        # The link table itself: modelcluster's managers only write on the next save().
        through = getattr(PracticePage, relation).through
        column = getattr(PracticePage, relation).field.m2m_reverse_field_name() + "_id"
        linked = list(
            through.objects.filter(practicepage_id=source.pk).values_list(column, flat=True)
        )
        through.objects.filter(practicepage_id__in=target_ids).delete()
        through.objects.bulk_create(
            through(practicepage_id=target_id, **{column: linked_id})
            for target_id in target_ids
            for linked_id in linked
        )
    keywords = list(
        PracticePageTag.objects.filter(content_object_id=source.pk).values_list("tag_id", flat=True)
    )
    PracticePageTag.objects.filter(content_object_id__in=target_ids).delete()
    PracticePageTag.objects.bulk_create(
        PracticePageTag(content_object_id=target_id, tag_id=tag_id)
        for target_id in target_ids
        for tag_id in keywords
    )
    # update() and bulk_create() send no signals: the translations' listings and search
    # entries (cities' names, keywords) change now.
    for target in PracticePage.objects.filter(pk__in=target_ids):
        insert_or_update_object(target)
    invalidate(CONTENT)


def sync_classification(page: PracticePage) -> None:
    """Make ``page``'s translations (or ``page``, if it is one) match the default language."""
    translations = PracticePage.objects.filter(translation_key=page.translation_key)
    default_language = default_content_language()
    if page.locale.language_code == default_language:
        _copy_classification(page, list(translations.exclude(pk=page.pk)))
        return
    source = translations.filter(locale__language_code=default_language).first()
    if source is not None:
        _copy_classification(source, [page])
