"""The filters of the "Good practices" listing: named for people, with counts.

Each option shows how many practices it would list: among those the editor may edit, with
the other filters applied but not its own (the disjunctive rule of the public index), in
the language shown. Counts take one grouped query per filter, whatever the number of rows.
The facet filters are the registered facets of the public index.
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
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, PageViewRestriction
from wagtail.models.i18n import get_content_languages

from icc_practices.search.facets import Facet, registered_facets
from icc_practices.search.taxonomy import load_taxonomy

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
            for other in model_admin.get_list_filter(request)
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


class FacetListFilter(CountedListFilter):
    """A registered facet (``icc_practices.search.facets``) as a filter of the listing,
    with the public index's parameter and values: ``?topic=education``. Options are
    labelled in the editor's language; a facet that lists its whole vocabulary on the
    index lists it here, the others list the values the rows have."""

    facet: Facet

    @classmethod
    def chosen(cls, value: str | None) -> tuple[str, ...]:
        """The value asked for, if the facet accepts it (as the public index parses it)."""
        vocabulary = load_taxonomy(translation.get_language()).vocabulary((cls.facet,))
        return cls.facet.clean([value] if value else [], vocabulary)

    @classmethod
    def apply(cls, queryset, value, request):
        values = cls.chosen(value)
        if not values:
            return queryset
        if cls.facet.many:  # a join would list a practice once per matching value
            matching = queryset.model.objects.filter(cls.facet.q(values)).values("pk")
            return queryset.filter(pk__in=matching)
        return queryset.filter(cls.facet.q(values))

    def lookups(self, request, model_admin):
        counts = self.facet.value_counts(self.base_queryset(request, model_admin))
        if not self.facet.whole_vocabulary:  # the values of every row the editor may see
            every = (
                model_admin.get_queryset(request)
                .order_by()
                .values_list(self.facet.field, flat=True)
            )
            present = {self.facet.value_of(stored) for stored in every.distinct()}
            counts.update((value, 0) for value in present - counts.keys() if value is not None)
        taxonomy = load_taxonomy(translation.get_language())
        selected = self.chosen(self.value())
        return [
            (value, counted(label, counts.get(value, 0)))
            for value, label in self.facet.options(taxonomy, counts.keys(), selected)
        ]


def facet_list_filters() -> list[type[FacetListFilter]]:
    """A listing filter for each registered facet, in the registry's order."""
    return [
        type(
            f"{facet.name.title()}ListFilter",
            (FacetListFilter,),
            {
                "facet": facet,
                "title": facet.verbose_name or facet.label,
                "parameter_name": facet.name,
            },
        )
        for facet in registered_facets()
        if facet.in_editors_listing
    ]


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
