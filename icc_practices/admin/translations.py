"""The translators' coverage report: what is translated, what is left, what went stale.

Per language: how many practices, topics and cities are translated, and a sortable,
filterable, exportable list of the practices with each one's state in that language
(not translated, draft, out of date, up to date) and a link to the next step in the
site's own workflow: wagtail-localize when it is installed, Wagtail's "Translate"
(``wagtail.contrib.simple_translation``) otherwise. A translation is out of date when its
source's text changed after the translation was last published
(:mod:`icc_practices.models.text_changes`): known when the source is published, not
only after someone runs wagtail-localize's "Sync translated pages".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import django_filters
from django.apps import apps
from django.contrib.admin.utils import quote
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    IntegerField,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    TextChoices,
    Value,
    When,
)
from django.http import HttpRequest
from django.urls import NoReverseMatch, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_languages
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from icc_practices.models import City, PracticePage, PracticeTextChange, Topic
from icc_practices.models.taxonomy import default_content_language, translated_language_name


class TranslationStatus(TextChoices):
    # Values sort as the work to do: "1-..." first.
    MISSING = "1-missing", _("Not translated")
    OUTDATED = "2-outdated", _("Out of date")
    DRAFT = "3-draft", _("Draft")
    CURRENT = "4-current", _("Up to date")


def target_languages() -> list[tuple[str, str]]:
    """(code, name) of the content languages practices are translated into."""
    default = default_content_language()
    return [
        (code, translated_language_name(code))
        for code in get_content_languages()
        if code != default
    ]


def practice_coverage(language: str) -> QuerySet[PracticePage]:
    """The default language's live practices, each with its state in ``language``
    (``status``), when its text last changed and when its translation was published."""
    # An alias in the language's tree shows the source's text: not a translation.
    versions = PracticePage.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=language,
        alias_of__isnull=True,
    )
    changed = PracticeTextChange.objects.filter(page_id=OuterRef("pk")).values("changed_at")
    return (
        PracticePage.objects.live()
        .filter(locale__language_code=default_content_language())
        .annotate(
            translation_id=Subquery(versions.values("pk")[:1], output_field=IntegerField()),
            translation_live=Subquery(versions.values("live")[:1], output_field=BooleanField()),
            translation_published_at=Subquery(
                versions.values("last_published_at")[:1], output_field=DateTimeField()
            ),
            text_changed_at=Subquery(changed[:1], output_field=DateTimeField()),
        )
        .annotate(
            status=Case(
                When(translation_id__isnull=True, then=Value(TranslationStatus.MISSING)),
                When(translation_live=False, then=Value(TranslationStatus.DRAFT)),
                When(
                    text_changed_at__gt=F("translation_published_at"),
                    then=Value(TranslationStatus.OUTDATED),
                ),
                default=Value(TranslationStatus.CURRENT),
                output_field=CharField(),
            )
        )
    )


@dataclass
class LanguageCoverage:
    """One language's row of the summary."""

    code: str
    name: str
    practices: dict[str, int] = field(default_factory=dict)
    topics: tuple[int, int] = (0, 0)  # translated, all
    cities: tuple[int, int] = (0, 0)

    @property
    def practices_total(self) -> int:
        return sum(self.practices.values())

    @property
    def practices_translated(self) -> int:
        """Live translations, up to date or not."""
        return self.practices.get(TranslationStatus.CURRENT, 0) + self.practices.get(
            TranslationStatus.OUTDATED, 0
        )

    @property
    def practices_outdated(self) -> int:
        return self.practices.get(TranslationStatus.OUTDATED, 0)

    @property
    def practices_draft(self) -> int:
        return self.practices.get(TranslationStatus.DRAFT, 0)

    @property
    def practices_missing(self) -> int:
        return self.practices.get(TranslationStatus.MISSING, 0)

    @property
    def percent(self) -> int:
        """Practices translated, in whole per cent (0 when there is nothing to translate)."""
        total = self.practices_total
        return round(100 * self.practices_translated / total) if total else 0


def _taxonomy_counts(model: type[Model]) -> tuple[dict[str, int], int]:
    rows = model._default_manager.values("locale__language_code").annotate(n=Count("pk")).order_by()
    per_language = {row["locale__language_code"]: row["n"] for row in rows}
    return per_language, per_language.get(default_content_language(), 0)


def coverage_summary() -> list[LanguageCoverage]:
    """Every target language's coverage: one query per language, two for the taxonomy."""
    topics, all_topics = _taxonomy_counts(Topic)
    cities, all_cities = _taxonomy_counts(City)
    summary = []
    for code, name in target_languages():
        rows = practice_coverage(code).values("status").annotate(n=Count("pk")).order_by()
        summary.append(
            LanguageCoverage(
                code,
                name,
                practices={row["status"]: row["n"] for row in rows},
                topics=(topics.get(code, 0), all_topics),
                cities=(cities.get(code, 0), all_cities),
            )
        )
    return summary


def translate_url(instance: Model) -> str | None:
    """Where an editor starts translating ``instance`` (a page or a snippet): the
    translation workflow the site has, or ``None`` without one."""
    if isinstance(instance, Page):
        names, args = ("submit_page_translation",), [instance.pk]
    else:
        meta = instance._meta
        names, args = (
            ("submit_snippet_translation",),
            [
                meta.app_label,
                meta.model_name,
                quote(instance.pk),
            ],
        )
    for app, namespace in (
        ("wagtail_localize", "wagtail_localize"),
        ("wagtail.contrib.simple_translation", "simple_translation"),
    ):
        if apps.is_installed(app):
            try:
                return reverse(f"{namespace}:{names[0]}", args=args)
            except NoReverseMatch:
                continue
    return None


def _localize_sources(keys: list) -> dict:
    """wagtail-localize's source record of each of these practices, by translation key
    (one query; none without wagtail-localize)."""
    if not keys or not apps.is_installed("wagtail_localize"):
        return {}
    from wagtail_localize.models import TranslationSource

    rows = TranslationSource.objects.filter(
        object_id__in=keys, locale__language_code=default_content_language()
    ).values_list("object_id", "pk")
    return dict(rows)


def next_step(practice: PracticePage, localize_source: int | None = None) -> tuple[str, str | None]:
    """The label and address of what to do next for a row of the report
    (``localize_source``: wagtail-localize's source record of the practice, if any)."""
    status = practice.status
    if status == TranslationStatus.MISSING:
        return str(_("Translate")), translate_url(practice)
    edit = reverse("wagtailadmin_pages:edit", args=[practice.translation_id])
    if status == TranslationStatus.OUTDATED:
        if localize_source is not None:
            try:
                sync = reverse("wagtail_localize:update_translations", args=[localize_source])
                return str(_("Sync and update")), sync
            except NoReverseMatch:
                pass
        return str(_("Update the translation")), edit
    if status == TranslationStatus.DRAFT:
        return str(_("Finish and publish")), edit
    return str(_("Open the translation")), edit


class LanguageFilter(django_filters.ChoiceFilter):
    """The report's language: the view reads it; it narrows nothing itself."""

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        return qs


class CoverageFilterSet(WagtailFilterSet):
    language = LanguageFilter(label=_("Language"), choices=target_languages, empty_label=None)
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=TranslationStatus.choices, empty_label=_("All")
    )
    title = django_filters.CharFilter(label=_("Title contains"), lookup_expr="icontains")

    class Meta:
        model = PracticePage
        fields: list[str] = []


def _status_label(value: str) -> str:
    try:
        return str(TranslationStatus(value).label)
    except ValueError:
        return value


class TranslationCoverageView(ReportView):
    page_title = _("Translation coverage")
    header_icon = "globe"
    template_name = "icc_practices/admin/translation_coverage.html"
    index_url_name = "icc_practices_translation_coverage"
    index_results_url_name = "icc_practices_translation_coverage_results"
    filterset_class = CoverageFilterSet
    default_ordering = "status"
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "status", "text_changed_at", "translation_published_at", "url_path"]
    export_headings = {
        "title": _("Practice"),
        "status": _("State"),
        "text_changed_at": _("Text changed"),
        "translation_published_at": _("Translation published"),
        "url_path": _("Path"),
    }
    custom_field_preprocess = {
        "status": {"csv": _status_label, "xlsx": _status_label},
    }

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "title",
                label=_("Practice"),
                url_name="wagtailadmin_pages:edit",
                sort_key="title",
                width="34%",
            ),
            Column("status_label", label=_("State"), sort_key="status", width="12%"),
            DateColumn(
                "text_changed_at",
                label=_("Text changed"),
                sort_key="text_changed_at",
                width="14%",
            ),
            DateColumn(
                "translation_published_at",
                label=_("Translation published"),
                sort_key="translation_published_at",
                width="16%",
            ),
            TitleColumn(
                "next_label",
                label=_("Next step"),
                get_url=lambda practice: practice.next_url,
                width="24%",
            ),
        ]

    def get_filename(self) -> str:
        return f"translation-coverage-{self.language}"

    @cached_property
    def language(self) -> str:
        """The chosen target language, else the first (unknown values are ignored)."""
        languages = [code for code, _name in target_languages()]
        chosen = self.request.GET.get("language", "")
        if chosen in languages:
            return chosen
        return languages[0] if languages else default_content_language()

    def get_filterset_kwargs(self) -> dict:
        """The request's filters with the language as the report uses it: an unknown one
        would invalidate the form and drop the other filters (an export of everything)."""
        kwargs = super().get_filterset_kwargs()
        data = kwargs["data"]
        if data.get("language") not in (None, self.language):
            data = data.copy()
            data["language"] = self.language
            kwargs["data"] = data
        return kwargs

    def get_base_queryset(self) -> QuerySet[PracticePage]:
        """The practices this editor may add to, change or publish (as Wagtail's own
        page reports), with their state in the chosen language."""
        allowed = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, self.any_permission_required
        )
        return practice_coverage(self.language).filter(pk__in=allowed.values("pk"))

    def order_queryset(self, queryset: QuerySet) -> QuerySet:
        """The chosen column, then the title and id: a stable order for paging."""
        ordered = super().order_queryset(queryset)
        return ordered.order_by(*ordered.query.order_by, "title", "pk")

    def decorate_paginated_queryset(self, object_list):
        sources = _localize_sources([practice.translation_key for practice in object_list])
        for practice in object_list:
            practice.status_label = _status_label(practice.status)
            practice.next_label, practice.next_url = next_step(
                practice, sources.get(practice.translation_key)
            )
        return object_list

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.results_only:
            context["summary"] = coverage_summary()
            context["report_url"] = reverse(self.index_url_name)
            context["topics_url"] = _listing_url(Topic)
            context["cities_url"] = _listing_url(City)
        return context


def _listing_url(model: type[Model]) -> str | None:
    try:
        return reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:list")
    except NoReverseMatch:
        return None


def urlpatterns() -> list:
    view = TranslationCoverageView.as_view()
    results = TranslationCoverageView.as_view(results_only=True)
    return [
        path("icc-practices/translations/", view, name="icc_practices_translation_coverage"),
        path(
            "icc-practices/translations/results/",
            results,
            name="icc_practices_translation_coverage_results",
        ),
    ]


def coverage_url() -> str:
    return reverse("icc_practices_translation_coverage")


def is_shown(request: HttpRequest) -> bool:
    """The report is offered on multilingual sites, to editors who may open it."""
    view = TranslationCoverageView
    return len(get_content_languages()) > 1 and view.permission_policy.user_has_any_permission(
        request.user, view.any_permission_required
    )
