"""Taxonomy: topics, countries and cities.

Identity is language-independent. A topic or city has one row per locale (Wagtail's
``TranslatableMixin``), but its ``slug`` (and, for cities, its country and coordinates)
is shared by every translation: saving any translation copies those fields to the
others. Countries are not translated rows at all; their names come from
django-countries in the active language. See ``docs/architecture.md``.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from icc_practices.models.localize import synchronized


def sort_key(label: str) -> str:
    """Alphabetical order that puts "Évora" with the E's, not after "Zürich"."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def default_locale_choices() -> dict[str, int]:
    """Limit taxonomy choices to the default locale's rows.

    Practices always link to these canonical rows so that a translated practice keeps
    its links unchanged; labels are looked up in the visitor's locale at display time.
    """
    return {"locale_id": Locale.get_default().pk}


def content_language(language: str | None = None) -> str:
    """The Wagtail content language for a UI language (``fr-ca`` -> ``fr``), active by default."""
    try:
        return get_supported_content_language_variant(language or translation.get_language())
    except LookupError:  # an interface language without content of its own
        return default_content_language()


def default_content_language() -> str:
    """The site's default content language (``LANGUAGE_CODE``, as a Wagtail content language)."""
    from django.conf import settings as django_settings

    return get_supported_content_language_variant(django_settings.LANGUAGE_CODE)


def translated_language_name(code: str) -> str:
    """A language's name in the active language ("Anglais" on a French page), or the code
    for a language Django does not know."""
    from django.utils.translation import get_language_info

    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


class TaxonomyQuerySet(models.QuerySet):
    def with_labels(self, language: str | None = None) -> TaxonomyQuerySet:
        """Annotate each row with the name of its translation in ``language`` (one
        subquery, no extra query), read through ``label``. Practices link to the default
        locale's rows; this is how a French page shows French topic names."""
        translations = self.model._default_manager.filter(
            translation_key=OuterRef("translation_key"),
            locale__language_code=content_language(language),
        )
        return self.annotate(translated_name=Subquery(translations.values("name")[:1]))


class LabelMixin:
    name: str

    @property
    def label(self) -> str:
        """The name in the language asked for by ``with_labels()``; without a translation
        (or without ``with_labels()``), the row's own name."""
        return getattr(self, "translated_name", None) or self.name


def shared_slug_field(max_length: int) -> models.SlugField:
    return models.SlugField(
        _("slug"),
        max_length=max_length,
        blank=True,
        help_text=_(
            "Used in filter addresses, identical in every language. "
            "Leave empty to derive it from the name."
        ),
    )


class SharedAcrossTranslationsMixin(models.Model):
    """Keep ``shared_fields`` identical on every translation of a row, and derive an
    empty ``slug`` from ``name``."""

    shared_fields: tuple[str, ...] = ()
    # Fields of the concrete models (and TranslatableMixin), for the type checker.
    name: str
    slug: str
    translation_key: Any

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        values = {name: getattr(self, name) for name in self.shared_fields}
        translations: models.QuerySet = type(self)._default_manager.all()
        translations.filter(translation_key=self.translation_key).exclude(pk=self.pk).update(
            **values
        )

    def clean(self) -> None:
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name)


class Topic(
    LabelMixin, SharedAcrossTranslationsMixin, TranslatableMixin, index.Indexed, models.Model
):
    name = models.CharField(_("name"), max_length=100)
    slug = shared_slug_field(max_length=100)
    description = models.TextField(
        _("short description"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences shown to visitors who browse by topic."),
    )
    sort_order = models.IntegerField(null=True, blank=True, editable=False)

    objects = TaxonomyQuerySet.as_manager()

    shared_fields = ("slug", "sort_order")
    override_translatable_fields = synchronized("slug")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="icc_practices_topic_unique_slug_per_locale"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):  # type: ignore[django-manager-missing]
    """A country that practices can belong to.

    Only the ISO 3166-1 alpha-2 code is stored; the name is django-countries' name in
    the active language, so there is nothing to translate by hand.
    """

    code = CountryField(_("country"), unique=True)

    panels = [FieldPanel("code")]

    class Meta:
        # No default ordering: modelcluster sorts a page's in-memory relations by it, and
        # django-countries' Country values cannot be compared (two further countries
        # could not be saved). Listings order by localised name (``by_country_name``).
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        return str(countries.name(str(self.code)))

    @property
    def slug(self) -> str:
        """The filter value for this country: its lower-case ISO code."""
        return str(self.code).lower()


class City(
    LabelMixin, SharedAcrossTranslationsMixin, TranslatableMixin, index.Indexed, models.Model
):
    name = models.CharField(_("name"), max_length=150)
    slug = shared_slug_field(max_length=150)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="cities",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    objects = TaxonomyQuerySet.as_manager()

    shared_fields = ("slug", "country_id", "latitude", "longitude")
    override_translatable_fields = synchronized("slug", "country", "latitude", "longitude")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("country"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
        index.FilterField("country"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="icc_practices_city_unique_slug_per_locale"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        self._check_practices_stay_in_country()

    def _check_practices_stay_in_country(self) -> None:
        """A city cannot move to another country while practices name it that are not of
        the new country: they would break the rule that a practice's cities lie in its
        countries (partner cities may lie anywhere)."""
        practice_model = apps.get_model("icc_practices", "PracticePage")  # defined after this
        if self.pk is None or self.country_id is None:
            return
        stranded = (
            practice_model.objects.filter(cities__translation_key=self.translation_key)
            .exclude(country_id=self.country_id)
            .exclude(other_countries=self.country_id)
            .distinct()
            .count()
        )
        if stranded:
            raise ValidationError(
                {
                    "country": ngettext(
                        "%(count)d practice of another country names this city: change it first.",
                        "%(count)d practices of another country name this city: change them first.",
                        stranded,
                    )
                    % {"count": stranded}
                }
            )
