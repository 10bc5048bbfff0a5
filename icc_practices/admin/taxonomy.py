"""Taxonomy listings that show one language at a time, and ordering that holds across them.

Wagtail's snippet listings show every locale's rows together unless an editor picks one,
and its sort mode drops the locale filter: topics in English and French interleave, and a
topic dropped below another lands elsewhere, because the drop position counts rows of both
languages. Here a listing shows the default language unless the editor picks another, sort
mode keeps that choice, and a new order is copied to every translation (the public site
orders topics by the default language's rows).
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.filters import LocaleFilter, WagtailFilterSet
from wagtail.admin.widgets.button import Button
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale
from wagtail.snippets.views.snippets import EditView, IndexView, ReorderView

from icc_practices.search.taxonomy import sort_key


class LanguageChoice(LocaleFilter):
    """The language control of a one-language listing. It narrows nothing itself: the
    view narrows to its ``locale`` (the choice, else the default), with or without it."""

    def filter(self, qs: QuerySet, language_code: str | None) -> QuerySet:
        return qs


class OneLanguageFilterSet(WagtailFilterSet):
    def _add_locale_filter(self) -> None:
        model = self._meta.model
        if not (model and hasattr(model, "locale")) or "locale" in self.filters:
            return
        existing = set(Locale.objects.values_list("language_code", flat=True))
        default = Locale.get_default().language_code
        choices = sorted(
            ((code, name) for code, name in get_content_languages().items() if code in existing),
            key=lambda choice: choice[0] != default,  # the default language first
        )
        if len(choices) > 1:
            self.filters["locale"] = LanguageChoice(
                label=_("Language"), choices=choices, empty_label=None, widget=forms.RadioSelect
            )


class OneLanguageIndexView(IndexView):
    """A listing of one language's rows, whose sort mode keeps the language."""

    base_filterset_class = OneLanguageFilterSet

    @cached_property
    def is_filtering(self) -> bool:
        # Picking a language is not filtering: it must not turn off sort mode.
        if not (self.filters and self.filters.is_valid()):
            return False
        return any(name != "locale" for name in self.filters.form.changed_data)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if self.locale is None:  # i18n off: one language, nothing to narrow
            return queryset
        return queryset.filter(locale=self.locale)

    @cached_property
    def reorder_button(self) -> Button | None:
        button = super().reorder_button
        if button is not None and self.request.GET.get("locale"):
            button.url = self._set_locale_query_param(button.url)
        return button


class TranslatableEditView(EditView):
    """A topic's or city's edit view with "Translate" among its header's actions, as a
    page has: wagtail-localize offered it only in the listing's "..." menu."""

    @cached_property
    def header_more_buttons(self) -> list[Button]:
        from icc_practices.admin.translations import translate_url

        buttons = list(super().header_more_buttons)
        if not self.locale or not self._untranslated_languages():
            return buttons
        url = translate_url(self.object)
        if url:
            buttons.append(Button(_("Translate"), url=url, icon_name="globe", priority=30))
        return buttons

    def _untranslated_languages(self) -> bool:
        """Whether a content language still lacks this row (one query)."""
        present = set(
            self.model.objects.filter(translation_key=self.object.translation_key).values_list(
                "locale__language_code", flat=True
            )
        )
        return any(code not in present for code in get_content_languages())


class SharedOrderReorderView(ReorderView):
    """Reorder among the moved row's own language, then give every translation the same
    position. Rows without a position (added in code, or before ordering existed) are
    numbered first, after the others, so that a drop never meets an empty position."""

    def post(self, request, *args, **kwargs):
        self.moved = get_object_or_404(self.model, pk=kwargs.get("pk"))
        with transaction.atomic():
            self.number_unordered_rows()
            response = super().post(request, *args, **kwargs)
            self.copy_order_to_translations()
        return response

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(locale_id=self.moved.locale_id)

    def number_unordered_rows(self) -> None:
        field = self.sort_order_field
        rows = self.get_queryset()
        if not rows.filter(**{f"{field}__isnull": True}).exists():
            return
        ordered = rows.order_by(F(field).asc(nulls_last=True), "name", "pk")
        for position, pk in enumerate(ordered.values_list("pk", flat=True)):
            rows.filter(pk=pk).update(**{field: position})
        self.moved.refresh_from_db(fields=[field])

    def copy_order_to_translations(self) -> None:
        field = self.sort_order_field
        counterpart = self.model._default_manager.filter(
            translation_key=OuterRef("translation_key"), locale_id=self.moved.locale_id
        )
        # Only rows that have a counterpart in the moved row's language: the others keep
        # their own position (never an empty one).
        self.model._default_manager.exclude(locale_id=self.moved.locale_id).filter(
            Exists(counterpart)
        ).update(**{field: Subquery(counterpart.values(field)[:1])})


def by_country_name(queryset: QuerySet, field: str = "code") -> QuerySet:
    """``queryset`` ordered by the country's name in the active language, in the database
    (the name is not stored: django-countries translates it)."""
    ordered = sorted(countries, key=lambda country: sort_key(str(country.name)))
    return queryset.order_by(
        Case(
            *[When(**{field: country.code}, then=Value(i)) for i, country in enumerate(ordered)],
            output_field=IntegerField(),
        )
    )
