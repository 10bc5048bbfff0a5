"""The previous translation of each passage whose source changed, shown in wagtail-localize's
translation editor.

After the source changes and the translation is synchronised, wagtail-localize's editor
shows each changed segment empty: the translator starts again with no trace of what the
passage said before or how it was translated. The editor has no "fuzzy" state to carry it,
so this module does not write into segments (an earlier attempt that did broke machine
translation and the PO round trip: docs/decisions.md). It reads, and shows the result as a
notice above the editor:

- a segment is *changed* when its current source string has no translation in the target
  language (in its context);
- its *previous translation* is a translation made in the same context, of a source string
  that is no longer in the source, whose text is still in the translated page. The last
  condition matters: a rich-text field gives all its paragraphs one context, and
  wagtail-localize keeps the translations of every string a context ever held; only the
  one still in the page is the previous translation, and translations of paragraphs still
  in the source are never taken for it.

Grouped by field, never paired segment by segment: when a field gained one paragraph and
changed another, which new text replaced which old one is a guess this module does not make.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import ngettext
from wagtail.models import TranslatableMixin

from icc_practices.models import City, PracticePage, Topic
from icc_practices.models.taxonomy import translated_language_name

# The models whose translators get the notice: the package's own, not the host's pages.
TRANSLATED_MODELS = (PracticePage, Topic, City)


@dataclass(frozen=True)
class ChangedPassage:
    """One field's changed text: what the source says now, what it said before, and how
    that was translated (plain text, in the source's order)."""

    field: str
    now: tuple[str, ...]
    was: tuple[str, ...]
    previous_translation: tuple[str, ...]


def _field_label(model: type[models.Model], path: str) -> str:
    name = path.split(".", 1)[0]
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name)).capitalize()


def changed_passages(translation, translated: models.Model) -> list[ChangedPassage]:
    """The changed passages of wagtail-localize ``translation`` that have a previous
    translation in ``translated`` (the target object as the translator will edit it).

    Five queries, whatever the number of segments."""
    from wagtail_localize.models import StringSegment, StringTranslation
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments
    from wagtail_localize.strings import StringValue

    target = translation.target_locale_id
    segments = list(
        StringSegment.objects.filter(source_id=translation.source_id)
        .select_related("string", "context")
        .order_by("order")
    )
    in_source: dict[int, set[int]] = defaultdict(set)
    for segment in segments:
        in_source[segment.context_id].add(segment.string_id)
    done = set(
        StringTranslation.objects.filter(
            locale_id=target,
            context_id__in=in_source,
            translation_of_id__in={segment.string_id for segment in segments},
            has_error=False,
        ).values_list("translation_of_id", "context_id")
    )
    changed: dict[int, list] = {}
    for segment in segments:
        if (segment.string_id, segment.context_id) not in done:
            changed.setdefault(segment.context_id, []).append(segment)
    if not changed:
        return []
    in_page: dict[str, set[str]] = defaultdict(set)
    for value in extract_segments(translated):
        if isinstance(value, StringSegmentValue):
            in_page[value.path].add(value.string.data)
    previous: dict[int, list] = defaultdict(list)
    for old in (
        StringTranslation.objects.filter(locale_id=target, context_id__in=changed, has_error=False)
        .exclude(translation_of_id__in={s.string_id for s in segments})
        .select_related("translation_of", "context")
        .order_by("created_at", "pk")
    ):
        if old.data in in_page[old.context.path]:
            previous[old.context_id].append(old)

    def text(data: str) -> str:
        return StringValue(data).render_text()

    model = type(translated)
    return [
        ChangedPassage(
            field=_field_label(model, group[0].context.path),
            now=tuple(text(segment.string.data) for segment in group),
            was=tuple(text(old.translation_of.data) for old in previous[context_id]),
            previous_translation=tuple(text(old.data) for old in previous[context_id]),
        )
        for context_id, group in changed.items()
        if previous[context_id]
    ]


def _enabled_translation(instance: TranslatableMixin):
    """wagtail-localize's translation into ``instance``'s language, when it manages one."""
    from wagtail_localize.models import Translation

    return (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            target_locale_id=instance.locale_id,
            enabled=True,
        )
        .select_related("source__locale")
        .first()
    )


def show_previous_translations(request: HttpRequest, instance: models.Model) -> None:
    """Add the notice to the translation editor that is about to open (``before_edit_page``
    and ``before_edit_snippet`` hooks; they return nothing, so the editor opens as before).

    Only on a plain GET: after a save the editor redirects, and the notice would repeat
    under the confirmation."""
    if (
        request.method != "GET"
        or not isinstance(instance, TRANSLATED_MODELS)
        or not apps.is_installed("wagtail_localize")
        or request.headers.get("x-requested-with") == "XMLHttpRequest"
    ):
        return
    translation = _enabled_translation(instance)
    if translation is None:
        return
    passages = changed_passages(translation, instance)
    if not passages:
        return
    language = translated_language_name(translation.source.locale.language_code)
    summary = ngettext(
        "The %(language)s text changed in %(count)d field since this translation was "
        "last published. Its previous translation is below, to start from.",
        "The %(language)s text changed in %(count)d fields since this translation was "
        "last published. Their previous translation is below, to start from.",
        len(passages),
    ) % {"language": language, "count": len(passages)}
    messages.warning(
        request,
        render_to_string(
            "icc_practices/admin/previous_translations.html",
            {"summary": summary, "passages": passages, "language": language},
            request=request,
        ),
    )
