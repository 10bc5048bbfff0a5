"""After a sync, a changed segment comes with its previous translation, flagged.

wagtail-localize re-extracts a source's strings when its translations are synced; a
segment whose source text changed becomes a new string with no translation, and its
editor showed the field empty: the translator retyped from nothing, while the previous
translation sat in the database (and, for PO users, only as an obsolete entry). Here,
when such a segment appears, each language's latest translation of the same field is
copied onto it, marked as an error ("the source text changed"): the editor shows the
previous text with the warning, the segment still counts as untranslated until the
translator saves it, and publishing never takes the stale text for a checked one.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

SOURCE_CHANGED = _(
    "The source text changed: this is the previous translation. Check it against the new "
    "text, correct it and save it."
)


def carry_previous_translations(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """Give a new segment of a practice, topic or city its previous translations."""
    from wagtail_localize.models import StringTranslation

    from icc_practices.models import City, PracticePage, Topic

    if not created or instance.context_id is None:
        return
    model = instance.source.specific_content_type.model_class()
    if model is None or not issubclass(model, PracticePage | Topic | City):
        return
    translated = set(
        StringTranslation.objects.filter(
            translation_of_id=instance.string_id, context_id=instance.context_id
        ).values_list("locale_id", flat=True)
    )
    previous = (
        StringTranslation.objects.filter(context_id=instance.context_id)
        .exclude(translation_of_id=instance.string_id)
        .exclude(locale_id__in=translated)
        .order_by("locale_id", "-updated_at")
    )
    carried: set[int] = set()
    for old in previous:
        if old.locale_id in carried:
            continue
        carried.add(old.locale_id)
        StringTranslation.objects.create(
            translation_of_id=instance.string_id,
            locale_id=old.locale_id,
            context_id=instance.context_id,
            data=old.data,
            translation_type=old.translation_type,
            tool_name=old.tool_name,
            last_translated_by_id=old.last_translated_by_id,
            has_error=True,
            field_error=str(SOURCE_CHANGED),
        )


def connect() -> None:
    """Listen to wagtail-localize's new segments (called when the app is ready, if it is
    installed)."""
    from wagtail_localize.models import StringSegment

    post_save.connect(
        carry_previous_translations,
        sender=StringSegment,
        dispatch_uid="icc_practices.carry_previous_translations",
    )
