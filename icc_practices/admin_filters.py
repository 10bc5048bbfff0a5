"""The filters of the "Good practices" listing: named for people, with counts.

Each option shows how many practices it would list: among those the editor may edit, with
the other filters applied but not its own (the disjunctive rule of the public index), in
the language shown. Counts take one grouped query per filter, whatever the number of rows.
Values that are not an option are ignored, never an error.
"""

from __future__ import annotations

import re

from django.contrib.admin import SimpleListFilter
from django.db.models import (
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.lookups import StartsWith
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, PageViewRestriction
from wagtail.models.i18n import get_content_languages

ALL_LANGUAGES = "all"


def with_restriction(queryset: QuerySet) -> QuerySet:
    """Annotate ``restricted``: the page or one of its ancestors limits who may view it
    (password, login or groups), so visitors at large do not see it."""
    if "restricted" in queryset.query.annotations:
        return queryset
    practice_path = ExpressionWrapper(OuterRef("path"), output_field=CharField())
    restrictions = PageViewRestriction.objects.filter(StartsWith(practice_path, F("page__path")))
    return queryset.annotate(restricted=Exists(restrictions))


def as_id(value: str | None) -> int | None:
    """A row id from a parameter: ASCII digits that fit any database's integer, or None
    ("²" is a digit to ``str.isdigit()``; 2**63 overflows SQLite)."""
    if value and re.fullmatch(r"[0-9]{1,9}", value):
        return int(value)
    return None


def default_language(request: HttpRequest) -> str:
    """The default locale's language code, looked up once per request."""
    if not hasattr(request, "_icc_default_language"):
        request._icc_default_language = Locale.get_default().language_code  # type: ignore[attr-defined]
    return request._icc_default_language  # type: ignore[attr-defined]


def chosen_language(value: str | None, request: HttpRequest) -> str:
    """The language the listing shows for ``?language=value``: a content language,
    ``all``, or else the default."""
    if value is not None and (value == ALL_LANGUAGES or value in get_content_languages()):
        return value
    return default_language(request)


def counted(label: object, count: int) -> str:
    return f"{label} ({count})"


class CountedListFilter(SimpleListFilter):
    """A filter whose options carry counts. Subclasses say how a raw value narrows the
    rows (``apply``); the counts apply every other counted filter, this one excepted."""

    @classmethod
    def apply(cls, queryset: QuerySet, value: str | None, request: HttpRequest) -> QuerySet:
        raise NotImplementedError

    def base_queryset(self, request: HttpRequest, model_admin) -> QuerySet:
        queryset = model_admin.get_queryset(request)
        others = [
            other
            for other in model_admin.list_filter
            if isinstance(other, type)
            and issubclass(other, CountedListFilter)
            and other.parameter_name != self.parameter_name
        ]
        for other in others:
            queryset = other.apply(queryset, request.GET.get(str(other.parameter_name)), request)
        return queryset.order_by()

    def queryset(self, request, queryset):
        return self.apply(queryset, self.value(), request)


class LanguageListFilter(CountedListFilter):
    """One language at a time (the default unless the editor picks another), so that a
    practice and its translations are not shown as unrelated rows."""

    title = _("language")
    parameter_name = "language"

    def __init__(self, request, params, model, model_admin) -> None:
        super().__init__(request, params, model, model_admin)
        self.selected = chosen_language(self.value(), request)

    @classmethod
    def apply(cls, queryset, value, request):
        language = chosen_language(value, request)
        if language == ALL_LANGUAGES:
            return queryset
        return queryset.filter(locale__language_code=language)

    def lookups(self, request, model_admin):
        counts = dict(
            self.base_queryset(request, model_admin)
            .values_list("locale__language_code")
            .annotate(n=Count("pk"))
        )
        default = default_language(request)
        options = [
            (code, counted(name, counts.get(code, 0)))
            for code, name in get_content_languages().items()
            if code in counts or code == default
        ]
        options.sort(key=lambda option: option[0] != default)
        return [*options, (ALL_LANGUAGES, counted(_("All languages"), sum(counts.values())))]

    def choices(self, changelist):
        # No "All" of Django's own: the default language is selected when none is asked for.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.selected == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class FieldListFilter(CountedListFilter):
    """A filter on one field holding a row id or a year: ``?<parameter>=<number>``."""

    field = ""

    @classmethod
    def apply(cls, queryset, value, request):
        number = as_id(value)
        return queryset.filter(**{cls.field: number}) if number is not None else queryset

    def counts(self, request, model_admin) -> dict:
        """{value of the field: number of practices} under the other filters."""
        rows = self.base_queryset(request, model_admin).values_list(self.field)
        return dict(rows.annotate(n=Count("pk")))


class TopicListFilter(FieldListFilter):
    title = _("topic")
    parameter_name = "topic"
    field = "topics"

    def lookups(self, request, model_admin):
        from icc_practices.models import Topic

        counts = self.counts(request, model_admin)
        topics = Topic.objects.filter(locale__language_code=default_language(request))
        return [
            (str(topic.pk), counted(topic.name, counts.get(topic.pk, 0)))
            for topic in topics.order_by("sort_order", "name")
        ]


class CountryListFilter(FieldListFilter):
    """Countries that practices have, in order of their name in the editor's language."""

    title = _("country")
    parameter_name = "country"
    field = "country"

    def lookups(self, request, model_admin):
        from icc_practices.models import Country
        from icc_practices.vocabulary import sort_key

        counts = self.counts(request, model_admin)
        used = Country.objects.filter(pk__in=model_admin.get_queryset(request).values("country"))
        return [
            (str(country.pk), counted(country.name, counts.get(country.pk, 0)))
            for country in sorted(used, key=lambda country: sort_key(country.name))
        ]


class YearListFilter(FieldListFilter):
    """Only the years that practices actually have, newest first."""

    title = _("year")
    parameter_name = "year"
    field = "year"

    def lookups(self, request, model_admin):
        counts = self.counts(request, model_admin)
        years = model_admin.get_queryset(request).order_by("-year").values_list("year", flat=True)
        return [(str(year), counted(year, counts.get(year, 0))) for year in years.distinct()]


class StatusListFilter(CountedListFilter):
    """Published, with unpublished changes, draft, and private (restricted to some
    visitors), as editors speak of them."""

    title = _("publication status")
    parameter_name = "status"
    STATES = {
        "live": ({"live": True}, _("published")),
        "changes": ({"live": True, "has_unpublished_changes": True}, _("published, with changes")),
        "draft": ({"live": False}, _("draft")),
        "private": ({"restricted": True}, _("private")),
    }

    @classmethod
    def apply(cls, queryset, value, request):
        state = cls.STATES.get(value or "")
        if state is None:
            return queryset
        return with_restriction(queryset).filter(**state[0])

    def lookups(self, request, model_admin):
        queryset = with_restriction(self.base_queryset(request, model_admin))
        counts = queryset.aggregate(
            **{
                f"n_{key}": Count("pk", filter=Q(**lookup))
                for key, (lookup, _label) in self.STATES.items()
            }
        )
        return [
            (key, counted(label, counts[f"n_{key}"]))
            for key, (_lookup, label) in self.STATES.items()
        ]
