"""The filters of the "Good practices" listing: named for people, with counts.

Each option shows how many of the practices the editor may edit it matches (in the
language shown). Counts take one grouped query per filter, whatever the number of rows.
"""

from __future__ import annotations

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


def default_language(request) -> str:
    """The default locale's language code, looked up once per request."""
    if not hasattr(request, "_icc_default_language"):
        request._icc_default_language = Locale.get_default().language_code
    return request._icc_default_language


def counted(label: object, count: int) -> str:
    return f"{label} ({count})"


class CountedListFilter(SimpleListFilter):
    """A filter whose options carry counts, from the listing's queryset before filtering."""

    def base_queryset(self, request, model_admin) -> QuerySet:
        queryset = model_admin.get_queryset(request)
        if self.parameter_name != LanguageListFilter.parameter_name:
            language = request.GET.get("language") or default_language(request)
            queryset = LanguageListFilter.narrow(queryset, language)
        return queryset


class LanguageListFilter(CountedListFilter):
    """One language at a time (the default unless the editor picks another), so that a
    practice and its translations are not shown as unrelated rows."""

    title = _("language")
    parameter_name = "language"

    def __init__(self, request, params, model, model_admin) -> None:
        self.default = default_language(request)
        super().__init__(request, params, model, model_admin)

    @staticmethod
    def narrow(queryset: QuerySet, value: str) -> QuerySet:
        """The rows in language ``value`` (a code, or ``all``); an unknown code shows none."""
        if value == ALL_LANGUAGES:
            return queryset
        return queryset.filter(locale__language_code=value)

    def lookups(self, request, model_admin):
        counts = dict(
            self.base_queryset(request, model_admin)
            .order_by()
            .values_list("locale__language_code")
            .annotate(n=Count("pk"))
        )
        options = [
            (code, counted(name, counts.get(code, 0)))
            for code, name in get_content_languages().items()
            if code in counts or code == self.default
        ]
        options.sort(key=lambda option: option[0] != self.default)
        return [*options, (ALL_LANGUAGES, counted(_("All languages"), sum(counts.values())))]

    def value(self) -> str:
        value = super().value()
        return value if value in get_content_languages() or value == ALL_LANGUAGES else self.default

    def choices(self, changelist):
        # No "All" of Django's own: the default language is selected when none is asked for.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        return self.narrow(queryset, self.value())


class TopicListFilter(CountedListFilter):
    title = _("topic")
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        from icc_practices.models import Topic

        counts = dict(
            self.base_queryset(request, model_admin)
            .order_by()
            .values_list("topics")
            .annotate(n=Count("pk"))
        )
        topics = Topic.objects.filter(locale__language_code=default_language(request)).order_by(
            "sort_order", "name"
        )
        return [(str(topic.pk), counted(topic.name, counts.get(topic.pk, 0))) for topic in topics]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(topics=value) if value and value.isdigit() else queryset


class CountryListFilter(CountedListFilter):
    """Countries that practices have, in order of their name in the editor's language."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        from icc_practices.models import Country
        from icc_practices.vocabulary import sort_key

        counts = dict(
            self.base_queryset(request, model_admin)
            .order_by()
            .values_list("country")
            .annotate(n=Count("pk"))
        )
        countries = sorted(
            Country.objects.filter(pk__in=counts), key=lambda country: sort_key(country.name)
        )
        return [(str(c.pk), counted(c.name, counts[c.pk])) for c in countries]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(country=value) if value and value.isdigit() else queryset


class YearListFilter(CountedListFilter):
    """Only the years that practices actually have, newest first."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        counts = (
            self.base_queryset(request, model_admin)
            .order_by("-year")
            .values_list("year")
            .annotate(n=Count("pk"))
        )
        return [(str(year), counted(year, n)) for year, n in counts]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(year=int(value)) if value and value.isdigit() else queryset


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

    def lookups(self, request, model_admin):
        queryset = with_restriction(self.base_queryset(request, model_admin)).order_by()
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

    def queryset(self, request, queryset):
        state = self.STATES.get(self.value() or "")
        if state is None:
            return queryset
        return with_restriction(queryset).filter(**state[0])
