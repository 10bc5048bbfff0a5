"""The facets: one class for each way of narrowing practices, and the registry of them.

A facet is defined once, here or in a host site: its parameter name, its label, the
values it accepts, where the facet index reads a practice's values, how its options are
labelled and ordered, and whether it lists its whole vocabulary or only the values that
practices have. Parsing, counting, the page of results, the chips, the index template,
the language switcher, both APIs and the editors' listing all iterate the registry.

The registry is the facets named by ``ICC_PRACTICES_FACETS`` (by default the four below)
followed by those the ``register_icc_practices_facet`` hook returns, in order of
``Facet.order`` (docs/how-to/add-a-facet.md).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Count, ManyToManyField, Model, Q, QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from icc_practices.conf import BUILT_IN_FACETS, settings
from icc_practices.models.taxonomy import translated_language_name
from icc_practices.search.params import MAX_VALUES_PER_FACET, Vocabulary

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

    from icc_practices.search.taxonomy import Taxonomy

__all__ = ["BUILT_IN_FACETS", "Facet", "ChoiceFacet", "registered_facets"]

HOOK = "register_icc_practices_facet"
# Parameters the index and the APIs read for themselves: no facet may take these names.
RESERVED_NAMES = frozenset(
    (
        *("q", "sort", "page", "page_size", "locale", "index", "facets", "format", "version"),
        # The editors' listing (wagtail-modeladmin's own parameters and its other filters).
        *("p", "o", "e", "export", "status", "language"),
    )
)
NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


class Facet:
    """One way to narrow practices. Subclass it, set the class attributes, and say how
    values are labelled (:meth:`choices`); register the class in ``ICC_PRACTICES_FACETS``
    or return it from a ``register_icc_practices_facet`` hook.

    Values are strings everywhere (they are query parameters): a year is ``"2018"``.
    """

    #: The query parameter, and the key of the facet's counts in the API.
    name: ClassVar[str] = ""
    #: What visitors and editors read above the options.
    label: ClassVar[_StrOrPromise] = ""
    #: The name in running text, lower-case as Django's ``verbose_name`` (the editors'
    #: listing says "By topic"); by default the label.
    verbose_name: ClassVar[_StrOrPromise] = ""
    #: The parameter's description in the API's OpenAPI document.
    description: ClassVar[str] = ""
    #: The lookup from ``PracticePage`` to a practice's value(s), as in ``filter()``:
    #: ``"year"``, ``"country__code"``, ``"topics__slug"``, or a field of a subclass:
    #: ``"urbactpracticepage__city_size"``.
    field: ClassVar[str] = ""
    #: Whether a practice may have several values (the lookup crosses a many-to-many).
    many: ClassVar[bool] = False
    #: List every value of the vocabulary (those no practice has, at 0), or only the
    #: values practices have.
    whole_vocabulary: ClassVar[bool] = False
    #: Position among the facets (the built-in ones are 10, 20, 30, 40).
    order: ClassVar[int] = 100
    #: Shown unfolded in the filter form even when nothing is selected.
    open: ClassVar[bool] = False
    #: Offered as a filter in the editors' listing too.
    in_editors_listing: ClassVar[bool] = True
    #: The template of the facet in the filter form (overridable per facet).
    template_name: ClassVar[str] = "icc_practices/includes/facet.html"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    # Equal when they are the same definition, so that a hook returning a new instance on
    # every call still finds the registry it built before.
    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.identity() == other.identity()

    def __hash__(self) -> int:
        return hash((type(self), self.identity()))

    def identity(self) -> tuple[object, ...]:
        """What makes two facets the same, and what cached entries depend on."""
        return (
            type(self).__module__,
            type(self).__qualname__,
            self.name,
            self.field,
            self.many,
            self.whole_vocabulary,
            self.order,
        )

    # Values -------------------------------------------------------------------------

    def normalise(self, raw: str) -> str:
        """A requested value in the facet's canonical spelling (country codes lower-case)."""
        return raw

    def value_of(self, stored: object) -> str | None:
        """The facet value of a value stored in the database, or ``None`` for none."""
        return None if stored is None or stored == "" else str(stored)

    def stored(self, value: str) -> object:
        """The database value of a facet value (the inverse of :meth:`value_of`)."""
        return value

    def ordered(self, values: Iterable[str]) -> tuple[str, ...]:
        """Values in their canonical order in addresses and cache keys."""
        return tuple(sorted(values))

    def clean(self, values: Iterable[str], vocabulary: Vocabulary) -> tuple[str, ...]:
        """The requested values this facet accepts, canonical and bounded; the rest is
        dropped (a shared link with a stale value still shows results)."""
        accepted = vocabulary.accepted.get(self.name, frozenset())
        found = {self.normalise(value) for value in values} & accepted
        return self.ordered(found)[:MAX_VALUES_PER_FACET]

    # Vocabulary and labels ----------------------------------------------------------

    def choices(self, taxonomy: Taxonomy) -> Sequence[tuple[str, str]]:
        """(value, label) of every value the facet knows, labelled in the active
        language, in the order the filter form shows them."""
        raise NotImplementedError(f"{type(self).__name__} must define choices()")

    def accepted_values(self, taxonomy: Taxonomy) -> frozenset[str]:
        """The values parsing keeps."""
        return frozenset(value for value, _label in self.choices(taxonomy))

    def options(
        self, taxonomy: Taxonomy, present: Collection[str], selected: Collection[str]
    ) -> list[tuple[str, str]]:
        """(value, label) of the options to show: the whole vocabulary, or the values
        practices have and those selected."""
        choices = self.choices(taxonomy)
        if self.whole_vocabulary:
            return list(choices)
        return [(value, label) for value, label in choices if value in present or value in selected]

    def enum(self) -> list[str] | None:
        """The values to state in the OpenAPI document, when they are fixed in code (not
        taxonomy that editors change)."""
        return None

    # Reading the database -----------------------------------------------------------

    def pairs(self, practices: QuerySet) -> Iterable[tuple[int, object]]:
        """(practice id, stored value) of a many-valued facet for these practices, in one
        query: through the many-to-many table itself where the lookup allows."""
        model = practices.model
        first, _sep, rest = self.field.partition("__")
        chosen = practices.order_by().values("pk")
        try:
            relation = model._meta.get_field(first)
        except FieldDoesNotExist:
            relation = None
        if isinstance(relation, ManyToManyField) and rest:
            through: Any = relation.remote_field.through
            source = relation.m2m_field_name() + "_id"
            target = f"{relation.m2m_reverse_field_name()}__{rest}"
            links = through.objects.filter(**{f"{source}__in": chosen})
            return links.values_list(source, target)
        return model.objects.filter(pk__in=chosen).values_list("pk", self.field)

    def q(self, values: Iterable[str]) -> Q:
        """The practices that have any of these values, as a ``Q`` for querysets that
        are not the facet index (the editors' listing)."""
        return Q(**{f"{self.field}__in": [self.stored(value) for value in values]})

    def value_counts(self, practices: QuerySet) -> dict[str, int]:
        """How many of these practices have each value (one grouped query), for the
        editors' listing."""
        counts: dict[str, int] = {}
        rows = practices.order_by().values_list(self.field).annotate(n=Count("pk", distinct=True))
        for stored, number in rows:
            value = self.value_of(stored)
            if value is not None:
                counts[value] = counts.get(value, 0) + number
        return counts


class TopicFacet(Facet):
    name = "topic"
    label = _("Topic")
    verbose_name = _("topic")
    description = "Topic slugs; several combine with OR."
    field = "topics__slug"
    many = True
    whole_vocabulary = True
    order = 10
    open = True

    def choices(self, taxonomy: Taxonomy) -> Sequence[tuple[str, str]]:
        return taxonomy.topics


class CountryFacet(Facet):
    """A practice's lead country and its further countries (``other_countries``): a
    cross-border practice is found, and counted, under each of them."""

    name = "country"
    label = _("Country")
    verbose_name = _("country")
    description = (
        "ISO 3166-1 alpha-2 codes, any case; several combine with OR. A practice is found "
        "under its country and each of its further countries."
    )
    field = "country__code"
    #: The further countries' lookup, read beside ``field``.
    further_field = "other_countries__code"
    many = True
    whole_vocabulary = True
    order = 20

    def identity(self) -> tuple[object, ...]:
        return (*super().identity(), self.further_field)

    def pairs(self, practices: QuerySet) -> Iterable[tuple[int, object]]:
        """Lead and further countries, in one statement (a ``UNION``)."""
        chosen = practices.order_by().values("pk")
        model = practices.model
        lead = model.objects.filter(pk__in=chosen).values_list("pk", self.field)
        relation, _sep, rest = self.further_field.partition("__")
        through: Any = model._meta.get_field(relation).remote_field.through
        source = model._meta.get_field(relation).m2m_field_name() + "_id"
        target = f"{model._meta.get_field(relation).m2m_reverse_field_name()}__{rest}"
        further = through.objects.filter(**{f"{source}__in": chosen}).values_list(source, target)
        return lead.order_by().union(further.order_by(), all=True)

    def q(self, values: Iterable[str]) -> Q:
        stored = [self.stored(value) for value in values]
        return Q(**{f"{self.field}__in": stored}) | Q(**{f"{self.further_field}__in": stored})

    def value_counts(self, practices: QuerySet) -> dict[str, int]:
        """Each practice once per country, lead or further (one query)."""
        counts: dict[str, int] = {}
        for _pk, stored in set(self.pairs(practices)):
            value = self.value_of(stored)
            if value is not None:
                counts[value] = counts.get(value, 0) + 1
        return counts

    def normalise(self, raw: str) -> str:
        return raw.lower()

    def value_of(self, stored: object) -> str | None:
        return str(stored).lower() if stored else None

    def stored(self, value: str) -> object:
        return value.upper()

    def choices(self, taxonomy: Taxonomy) -> Sequence[tuple[str, str]]:
        return taxonomy.localised_countries()

    def accepted_values(self, taxonomy: Taxonomy) -> frozenset[str]:
        return frozenset(taxonomy.country_codes)  # parsing needs no names


class YearFacet(Facet):
    """Any year between ``ICC_PRACTICES_MIN_YEAR`` and ``MAX_YEAR``; the options are the
    years practices have, newest first."""

    name = "year"
    label = _("Year")
    verbose_name = _("year")
    description = (
        "Years, or `none` for practices that state no year; values that are not a year "
        "are ignored; several combine with OR."
    )
    field = "year"
    order = 30
    #: The value of practices that state no year (an ongoing practice, or none given).
    NOT_STATED = "none"

    def value_of(self, stored: object) -> str | None:
        return self.NOT_STATED if stored is None or stored == "" else str(stored)

    def stored(self, value: str) -> object:
        return None if value == self.NOT_STATED else int(value)

    def q(self, values: Iterable[str]) -> Q:
        years = [int(value) for value in values if value != self.NOT_STATED]
        query = Q(**{f"{self.field}__in": years})
        if self.NOT_STATED in values:
            query |= Q(**{f"{self.field}__isnull": True})
        return query

    def ordered(self, values: Iterable[str]) -> tuple[str, ...]:
        """Newest first, then "not stated"; anything else (never from the database, but
        a damaged snapshot must not cost an error page) after them."""
        return tuple(
            sorted(
                values,
                key=lambda value: (
                    value.isdigit(),
                    value == self.NOT_STATED,
                    len(value),
                    value,
                ),
                reverse=True,
            )
        )

    def clean(self, values: Iterable[str], vocabulary: Vocabulary) -> tuple[str, ...]:
        values = list(values)
        years = {
            str(int(value))
            for value in values
            if value.isascii() and value.isdigit() and len(value) <= 4
            if vocabulary.min_year <= int(value) <= vocabulary.max_year
        }
        if self.NOT_STATED in values:
            years.add(self.NOT_STATED)
        return self.ordered(years)[:MAX_VALUES_PER_FACET]

    def choices(self, taxonomy: Taxonomy) -> Sequence[tuple[str, str]]:
        return ()  # any year in the range: see clean() and options()

    def options(
        self, taxonomy: Taxonomy, present: Collection[str], selected: Collection[str]
    ) -> list[tuple[str, str]]:
        return [(year, self.label_of(year)) for year in self.ordered({*present, *selected})]

    def label_of(self, value: str) -> str:
        """The option's label: the year, or "Not stated"."""
        return str(_("Not stated")) if value == self.NOT_STATED else value


class CityFacet(Facet):
    name = "city"
    label = _("City")
    verbose_name = _("city")
    description = "City slugs; several combine with OR."
    field = "cities__slug"
    many = True
    order = 40

    def choices(self, taxonomy: Taxonomy) -> Sequence[tuple[str, str]]:
        return taxonomy.sorted_cities()

    def accepted_values(self, taxonomy: Taxonomy) -> frozenset[str]:
        return frozenset(taxonomy.city_names)  # parsing needs no order


class LanguageFacet(Facet):
    """The language a practice is written in. An index lists the practices that have no
    translation in its language too (``ICC_PRACTICES_LIST_UNTRANSLATED``): this narrows
    them to those a visitor can read. Shown only where content exists in several
    languages."""

    name = "lang"
    label = _("Language of the practice")
    verbose_name = _("language of the practice")
    description = "Language codes of the practices' own language; several combine with OR."
    field = "locale__language_code"
    order = 50
    in_editors_listing = False  # the listing has its own language filter

    def choices(self, taxonomy: Taxonomy) -> Sequence[tuple[str, str]]:
        from wagtail.coreutils import get_content_languages

        languages = list(get_content_languages())
        if len(languages) < 2:
            return ()
        return [(code, translated_language_name(code)) for code in languages]


class ChoiceFacet(Facet):
    """A facet on a model field that has ``choices`` (a ``TextChoices``, for example):
    the choices are its vocabulary, labels and order, and the OpenAPI enum."""

    def field_choices(self) -> list[tuple[str, _StrOrPromise]]:
        """The choices of the field at the end of ``field``."""
        model: type[Model] = apps.get_model("icc_practices", "PracticePage")
        parts = self.field.split("__")
        for part in parts[:-1]:
            model = model._meta.get_field(part).related_model  # type: ignore[assignment]
        field = model._meta.get_field(parts[-1])
        return [(str(value), label) for value, label in getattr(field, "flatchoices", [])]

    def choices(self, taxonomy: Taxonomy) -> Sequence[tuple[str, str]]:
        return [(value, str(label)) for value, label in self.field_choices()]

    def accepted_values(self, taxonomy: Taxonomy) -> frozenset[str]:
        return frozenset(value for value, _label in self.field_choices())

    def enum(self) -> list[str] | None:
        return [value for value, _label in self.field_choices()]


def registered_facets() -> tuple[Facet, ...]:
    """The registry: the facets of ``ICC_PRACTICES_FACETS`` and of the hook, by ``order``.

    Read when asked, so that ``override_settings`` and hooks registered late take effect
    in the HTML index, the v2 endpoint and the editors' listing (the v3 API's document and
    parameters are fixed when the app is ready); built once for each combination."""
    hooked: list[Any] = []
    for hook in hooks.get_hooks(HOOK):
        found = hook()
        hooked.extend(found if isinstance(found, list | tuple) else [found])
    return _build_registry(tuple(settings.FACETS), tuple(hooked))


@functools.lru_cache(maxsize=16)
def _build_registry(paths: tuple[Any, ...], hooked: tuple[Any, ...]) -> tuple[Facet, ...]:
    facets: list[Facet] = []
    for entry in (*paths, *hooked):
        found = import_string(entry) if isinstance(entry, str) else entry
        facet = found() if isinstance(found, type) else found
        if not isinstance(facet, Facet):
            raise ImproperlyConfigured(f"{entry!r} is not an icc_practices Facet.")
        facets.append(facet)
    names = [facet.name for facet in facets]
    for facet in facets:
        if not NAME.fullmatch(facet.name) or facet.name in RESERVED_NAMES:
            raise ImproperlyConfigured(
                f"{facet!r}: a facet's name is lower-case letters, digits and _, starts "
                f"with a letter, and is none of {', '.join(sorted(RESERVED_NAMES))}."
            )
        if names.count(facet.name) > 1:
            raise ImproperlyConfigured(f"Two facets are named {facet.name!r}.")
        if not facet.field:
            raise ImproperlyConfigured(f"{facet!r} names no field.")
        if crosses_many(facet.field) and not facet.many:
            raise ImproperlyConfigured(
                f"{facet!r}: {facet.field!r} can give a practice several values; set many = True."
            )
    return tuple(sorted(facets, key=lambda facet: facet.order))


def crosses_many(lookup: str) -> bool:
    """Whether a lookup from ``PracticePage`` passes a to-many relation (many-to-many or a
    reverse foreign key), so that a practice may have several values."""
    model: Any = apps.get_model("icc_practices", "PracticePage")
    for part in lookup.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a transform or lookup (``__year``): no relation beyond
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def registry_fingerprint() -> str:
    """A short digest of the registered facets' definitions: cached entries that show
    facets (the facet index, the filter form, whole pages) are keyed by it, so a deploy
    that changes the facets never serves the old ones."""
    return _fingerprint(registered_facets())


@functools.lru_cache(maxsize=16)
def _fingerprint(facets: tuple[Facet, ...]) -> str:
    identities = repr([facet.identity() for facet in facets]).encode()
    return hashlib.sha256(identities).hexdigest()[:12]
