"""The previous translation of each passage whose source changed, shown in wagtail-localize's
translation editor.

After the source changes and the translation is synchronised, wagtail-localize's editor
shows each changed segment empty: the translator starts again with no trace of what the
passage said before or how it was translated. The editor has no "fuzzy" state to carry it,
so this module does not write into segments (an earlier attempt that did broke machine
translation and the PO round trip: docs/decisions.md). It reads, says above the editor how
many fields changed, and shows them on a page of their own, opened beside the editor:

- a segment is *changed* when its current source string has no translation in the target
  language (in its context);
- its *previous translation* is a translation made in the same context, of a source string
  that is no longer in that context, whose text is still in the translated page. The last
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
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages as admin_messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, TranslatableMixin
from wagtail.permission_policies import ModelPermissionPolicy

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
    translation in ``translated`` (the target object as the translator will edit it), in
    the order of the page.

    Three queries, and those extracting the page's segments takes, whatever the number of
    segments."""
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
    in_source = {(segment.string_id, segment.context_id) for segment in segments}
    done = set(
        StringTranslation.objects.filter(
            locale_id=target,
            context_id__in={segment.context_id for segment in segments},
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

    def as_text(data: str) -> str:
        # Compared as text: what a translator typed ("&", a new line, two links swapped)
        # and what the page gives back once extracted differ in markup only.
        return " ".join(StringValue(data).render_text().split())

    # Where each text stands in the translated page: presence, and the page's order.
    in_page: dict[str, dict[str, int]] = defaultdict(dict)
    for position, value in enumerate(extract_segments(translated)):
        if isinstance(value, StringSegmentValue):
            in_page[value.path].setdefault(as_text(value.string.data), position)
    found: dict[int, list] = defaultdict(list)
    for old in StringTranslation.objects.filter(
        locale_id=target, context_id__in=changed, has_error=False
    ).select_related("translation_of", "context"):
        if (old.translation_of_id, old.context_id) in in_source:
            continue  # a paragraph still in the source, in this field
        where = in_page[old.context.path].get(as_text(old.data))
        if where is not None:
            found[old.context_id].append((where, old.pk, old))
    previous = {context: [old for *_, old in sorted(olds)] for context, olds in found.items()}

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
        if context_id in previous
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


def _summary(language: str, fields: int) -> str:
    return ngettext(
        "The %(language)s text changed in %(count)d field since this translation was "
        "last published.",
        "The %(language)s text changed in %(count)d fields since this translation was "
        "last published.",
        fields,
    ) % {"language": language, "count": fields}


def show_previous_translations(request: HttpRequest, instance: models.Model) -> None:
    """Say above the translation editor that is about to open how many fields changed, with
    a button that opens their previous translation beside it (``before_edit_page`` and
    ``before_edit_snippet`` hooks; they return nothing, so the editor opens as before).

    Only when the editor's HTML is asked for: after a save the editor redirects, and the
    notice would repeat under the confirmation."""
    if (
        request.method != "GET"
        or not isinstance(instance, TRANSLATED_MODELS)
        or not apps.is_installed("wagtail_localize")
        or request.headers.get("x-requested-with") == "XMLHttpRequest"
        or not request.accepts("text/html")
    ):
        return
    translation = _enabled_translation(instance)
    if translation is None:
        return
    passages = changed_passages(translation, instance)
    if not passages:
        return
    language = translated_language_name(translation.source.locale.language_code)
    admin_messages.warning(
        request,
        _summary(language, len({passage.field for passage in passages})),
        buttons=[
            admin_messages.button(
                reverse("icc_practices_previous_translation", args=[translation.pk]),
                _("See the previous translation"),
                new_window=True,
            )
        ],
    )


def _may_edit(user, instance: models.Model) -> bool:
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    return ModelPermissionPolicy(type(instance)).user_has_permission(user, "change")


class PreviousTranslationView(WagtailAdminTemplateMixin, TemplateView):
    """The changed fields of one translation: the source text now, before, and the
    previous translation; opened from the editor's notice, in a tab of its own."""

    template_name = "icc_practices/admin/previous_translations.html"
    header_icon = "history"

    def get_page_title(self) -> str:
        return _("Previous translation")

    def get_page_subtitle(self) -> str:
        return str(self.instance)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("icc_practices_translation_coverage"),
                "label": _("Translation coverage"),
            },
            {"url": "", "label": self.get_header_title()},
        ]

    def dispatch(self, request, translation_id: int, *args, **kwargs):
        from wagtail_localize.models import Translation

        self.translation = get_object_or_404(
            Translation.objects.select_related("source__locale", "target_locale"),
            pk=translation_id,
            enabled=True,
        )
        try:
            instance = self.translation.get_target_instance()
        except ObjectDoesNotExist:
            raise Http404 from None
        if isinstance(instance, Page):
            instance = instance.specific.get_latest_revision_as_object()
        if not isinstance(instance, TRANSLATED_MODELS):
            raise Http404
        if not _may_edit(request.user, instance):
            raise PermissionDenied
        self.instance = instance
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        passages = changed_passages(self.translation, self.instance)
        language = translated_language_name(self.translation.source.locale.language_code)
        return super().get_context_data(
            **kwargs,
            passages=passages,
            language=language,
            target_language=translated_language_name(self.translation.target_locale.language_code),
            summary=_summary(language, len({passage.field for passage in passages}))
            if passages
            else "",
        )


def urlpatterns() -> list:
    """Registered only with wagtail-localize installed (``wagtail_hooks``)."""
    return [
        path(
            "icc-practices/translations/<int:translation_id>/previous/",
            PreviousTranslationView.as_view(),
            name="icc_practices_previous_translation",
        )
    ]
