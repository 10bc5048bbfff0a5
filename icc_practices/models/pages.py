"""The two page types: the practice index and the practice itself."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from types import ModuleType
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from icc_practices.conf import settings
from icc_practices.models.blocks import RICH_TEXT_FEATURES, PracticeStreamBlock
from icc_practices.models.localize import synchronized
from icc_practices.models.sections import SECTION_HELP, SECTION_LABELS, section_heading
from icc_practices.models.taxonomy import (
    City,
    Country,
    TaxonomyQuerySet,
    Topic,
    default_content_language,
    default_locale_choices,
    sort_key,
)
from icc_practices.models.validators import (
    default_results_per_page,
    validate_practice_year,
    validate_results_per_page,
)

# The seam between page models and the code that serves them. Pages are views in
# Wagtail's design, but serving them needs the query layer, caches and PDFs, which import
# the models: the module is looked up when a page is served, never imported here.
PAGE_VIEWS = "icc_practices.public.pages"


def page_views() -> ModuleType:
    """The module that serves the package's pages (``icc_practices.public.pages``)."""
    return import_module(PAGE_VIEWS)


def cities_outside_country(
    country: Any, cities: Any, other_countries: Any = ()
) -> ValidationError | None:
    """The error for cities that lie in none of the practice's countries, or None.
    (Cities elsewhere that the practice works with are its partner cities.)"""
    allowed = {country.pk, *(other.pk for other in other_countries)}
    foreign = sorted(city.name for city in cities if city.country_id not in allowed)
    if not foreign:
        return None
    return ValidationError(
        _(
            "These cities are in none of the practice's countries: %(cities)s. Add their "
            "country to the further countries, or list them as partner cities."
        )
        % {"cities": ", ".join(foreign)},
        code="city_outside_country",
    )


class PackageTemplateMixin:
    """Give the package's templates the host's base template name."""

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)  # type: ignore[misc]
        context["icc_practices_base_template"] = settings.BASE_TEMPLATE
        return context


class SitemapMixin:
    """Sitemap entries with the page's translations as ``hreflang`` alternates and, for
    an index, its latest practice's publication (``icc_practices.public.sitemaps``)."""

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        return page_views().sitemap_urls(self, request)


class PracticeIndexPage(SitemapMixin, RoutablePageMixin, PackageTemplateMixin, Page):
    """Lists the practices below it. Listing logic lives in ``icc_practices.search.listing``."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
    )
    results_per_page = models.PositiveSmallIntegerField(
        _("results per page"),
        default=default_results_per_page,
        validators=[MinValueValidator(1), validate_results_per_page],
        help_text=_("How many practices each page of results shows."),
    )

    accept_submissions = models.BooleanField(
        _("accept proposals"),
        default=True,
        help_text=_(
            "Offer visitors a form to propose a practice (address: this page's address "
            "followed by propose/). Proposals wait in Practice proposals."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("results_per_page"),
        FieldPanel("accept_submissions"),
    ]

    subpage_types = ["icc_practices.PracticePage"]
    template = "icc_practices/practice_index_page.html"
    # Newest first in the page explorer: after publishing, the editor lands on this
    # listing and sees the practice at the top, not on the last of many pages.
    admin_default_ordering = "-latest_revision_created_at"

    class Meta:
        verbose_name = _("practice index page")
        verbose_name_plural = _("practice index pages")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        return page_views().index_context(self, request, context)

    def serve(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse] | None = None,
        args: list[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> HttpResponse:
        return page_views().serve_index(self, request, view, args, kwargs, super().serve)

    @property
    def propose_url(self) -> str:
        """The proposal form's address (relative, like ``page.url``)."""
        return (self.url or "/") + self.reverse_subpage("propose")

    @path("propose/", name="propose")
    def propose(self, request: HttpRequest) -> HttpResponse:
        """The public form for proposing a practice (``icc_practices.submissions``)."""
        return page_views().propose(request, self)

    @path("propose/update/<str:token>/", name="propose_update")
    def propose_update(self, request: HttpRequest, token: str) -> HttpResponse:
        """The author's private link to complete a proposal editors asked about."""
        return page_views().proposal_update(request, self, token)

    @path("propose/thanks/", name="propose_thanks")
    def propose_thanks(self, request: HttpRequest) -> HttpResponse:
        return page_views().proposal_received(request, self)

    @path("alerts/", name="alerts")
    def alerts(self, request: HttpRequest) -> HttpResponse:
        """ "Get new practices by e-mail" for the filter in the query string
        (``icc_practices.alerts``)."""
        return page_views().alert_signup(request, self)

    @path("alerts/sent/", name="alerts_sent")
    def alerts_sent(self, request: HttpRequest) -> HttpResponse:
        return page_views().alert_sent(request, self)

    @path("alerts/confirm/<str:token>/", name="alerts_confirm")
    def alerts_confirm(self, request: HttpRequest, token: str) -> HttpResponse:
        return page_views().alert_confirm(request, self, token)

    @path("alerts/manage/<str:token>/", name="alerts_manage")
    def alerts_manage(self, request: HttpRequest, token: str) -> HttpResponse:
        return page_views().alert_manage(request, self, token)

    def alerts_url(self) -> str:
        """Where visitors subscribe (relative; add the filter's query string)."""
        return (self.url or "/") + self.reverse_subpage("alerts")

    @path("download/<str:file_format>/", name="download")
    def download(self, request: HttpRequest, file_format: str) -> HttpResponseBase:
        """The results of the request's filter as a file (``icc_practices.public.downloads``)."""
        return page_views().download(request, self, file_format)

    @path("template/<str:file_format>/", name="template")
    def collection_template(self, request: HttpRequest, file_format: str) -> HttpResponse:
        """The ICC template for collecting practices, as CSV or XLSX."""
        return page_views().collection_template(request, self, file_format)

    @path("dossier/", name="dossier")
    def results_dossier(self, request: HttpRequest) -> HttpResponse:
        """The request's filter as one PDF (``icc_practices.pdf.dossier``)."""
        return page_views().index_dossier(request, self)

    def dossier_url(self) -> str:
        """Where the results are downloaded as one PDF (relative; add the query string)."""
        return (self.url or "/") + self.reverse_subpage("dossier")

    @path("map/", name="map")
    def results_map(self, request: HttpRequest) -> HttpResponse:
        """The request's filter on a map (``icc_practices.maps``)."""
        return page_views().index_map(request, self)

    def map_url(self) -> str:
        """Where the results are shown on a map (relative; add the filter's query string)."""
        return (self.url or "/") + self.reverse_subpage("map")

    @path("feed/", name="feed")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        """RSS 2.0 of the request's filter (``icc_practices.public.feeds``)."""
        return page_views().feed(request, self, "rss")

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        """Atom 1.0 of the request's filter."""
        return page_views().feed(request, self, "atom")

    def feed_url(self, kind: str = "rss") -> str:
        """Where the feed is (relative; add the filter's query string)."""
        return (self.url or "/") + self.reverse_subpage("atom_feed" if kind == "atom" else "feed")

    def download_url(self, file_format: str) -> str:
        """Where the results are downloaded (relative; add the filter's query string)."""
        return (self.url or "/") + self.reverse_subpage("download", args=[file_format])

    def template_url(self, file_format: str) -> str:
        return (self.url or "/") + self.reverse_subpage("template", args=[file_format])


class PracticePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "icc_practices.PracticePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("practice keyword")
        verbose_name_plural = _("practice keywords")


def section_field(key: str) -> RichTextField:
    """One of the ICC template's sections, as rich text."""
    return RichTextField(
        SECTION_LABELS[key], blank=True, features=RICH_TEXT_FEATURES, help_text=SECTION_HELP[key]
    )


class PracticeLink(Orderable):
    page = ParentalKey("icc_practices.PracticePage", on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("link text"), max_length=255)
    url = models.URLField(_("address"), max_length=500)

    panels = [FieldRowPanel([FieldPanel("title"), FieldPanel("url")])]

    class Meta(Orderable.Meta):
        verbose_name = _("external link")
        verbose_name_plural = _("external links")

    def __str__(self) -> str:
        return self.title


class PracticePage(SitemapMixin, RoutablePageMixin, PackageTemplateMixin, Page):
    """One good practice, structured as in the ICC template: purpose, stimulus,
    process, impact."""

    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="practices",
        help_text=_("Required: some practices are national rather than local."),
    )
    other_countries = ParentalManyToManyField(
        Country,
        verbose_name=_("further countries"),
        blank=True,
        related_name="shared_practices",
        help_text=_(
            "For cross-border practices and networks: visitors find the practice under "
            "each of these countries too."
        ),
    )
    cities = ParentalManyToManyField(
        City,
        verbose_name=_("cities"),
        blank=True,
        related_name="practices",
        limit_choices_to=default_locale_choices,
        help_text=_(
            "Where the practice happens. Leave empty for a country-level practice. Cities "
            "must be in the practice's countries."
        ),
    )
    partner_cities = ParentalManyToManyField(
        City,
        verbose_name=_("partner cities"),
        blank=True,
        related_name="partner_practices",
        limit_choices_to=default_locale_choices,
        help_text=_("Cities in any country that the practice works with."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[validate_practice_year],
        db_index=True,
        help_text=_(
            "The year visitors filter by, shown under the title. Leave empty when none is "
            'stated: visitors find the practice under "Not stated".'
        ),
    )
    period = models.CharField(
        _("period"),
        max_length=100,
        blank=True,
        help_text=_('Optional, shown instead of the year, e.g. "2010 - ongoing".'),
    )
    topics = ParentalManyToManyField(
        Topic,
        verbose_name=_("topics"),
        related_name="practices",
        limit_choices_to=default_locale_choices,
        help_text=_("One or more: visitors narrow the practices by topic."),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("keywords"),
        through=PracticePageTag,
        blank=True,
        help_text=_("Free keywords that help search; separate them with commas."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_(
            "Plain text shown in listings and under the title. It is also the description "
            "for search engines, unless the Promote tab's meta description is filled in."
        ),
    )
    purpose = section_field("purpose")
    rationale = section_field("rationale")
    process = section_field("process")
    impact = section_field("impact")
    body = StreamField(
        PracticeStreamBlock(),
        verbose_name=_("further material"),
        blank=True,
        help_text=_("Optional headings, text, images, quotes, videos and documents."),
    )
    hero_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_organisation = models.CharField(
        _("lead organisation"),
        max_length=255,
        blank=True,
        help_text=_("Who runs the practice, e.g. the city council's department of education."),
    )
    partners = models.TextField(
        _("partners"),
        max_length=2000,
        blank=True,
        help_text=_("Other organisations involved, one per line or separated by commas."),
    )
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    parent_page_types = ["icc_practices.PracticeIndexPage"]
    subpage_types: list[str] = []
    override_translatable_fields = synchronized(
        "slug",
        "year",
        "country",
        "other_countries",
        "topics",
        "cities",
        "partner_cities",
        "contact_name",
        "contact_email",
        "hero_image",
    )
    template = "icc_practices/practice_page.html"
    # base_form_class: icc_practices.admin.forms.PracticePageForm, set when the app is
    # ready (as Wagtail's admin sets Page's), so the model does not import admin code.

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("purpose"),
        index.SearchField("rationale"),
        index.SearchField("process"),
        index.SearchField("impact"),
        index.SearchField("body"),
        index.SearchField("lead_organisation"),
        index.SearchField("partners"),
        index.RelatedFields("cities", [index.SearchField("name")]),
        index.RelatedFields("partner_cities", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("year"),
        index.FilterField("country"),
    ]

    classification_panels = [
        MultiFieldPanel(
            [
                FieldPanel("country"),
                FieldPanel("other_countries"),
                FieldPanel("cities"),
                FieldPanel("partner_cities"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("year"), FieldPanel("period")])], heading=_("When")
        ),
        MultiFieldPanel(
            [FieldPanel("topics", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading=_("Topics and keywords"),
        ),
    ]
    # The classification is required, so it sits on the first tab, where the first save's
    # errors are seen, between the summary and the sections.
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        *classification_panels,
        FieldPanel("hero_image"),
        FieldPanel("purpose"),
        FieldPanel("rationale"),
        FieldPanel("process"),
        FieldPanel("impact"),
        FieldPanel("body"),
    ]
    facts_panels = [
        FieldPanel("lead_organisation"),
        FieldPanel("partners"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")])],
            heading=_("Contact"),
        ),
        InlinePanel("links", label=_("external link"), heading=_("External links")),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel(
                    "search_description",
                    help_text=_(
                        "Leave empty to use the summary. When filled in, this text replaces "
                        "the summary for search engines and link previews (not in listings)."
                    ),
                ),
            ],
            heading=_("For search engines"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("For site menus")),
        MultiFieldPanel(
            [
                InlinePanel(
                    "pinned_related",
                    label=_("practice shown first"),
                    heading=_("Show first"),
                    help_text=_(
                        "Shown before the practices found by shared topics and places, in "
                        "this order, as long as they are published."
                    ),
                ),
                InlinePanel(
                    "excluded_related",
                    label=_("practice never shown"),
                    heading=_("Never show"),
                    help_text=_("Never listed as related to this practice."),
                ),
            ],
            heading=_("Related practices"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(facts_panels, heading=_("Practical facts")),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def clean(self) -> None:
        """The cities rule, for pages saved in code. The editor's form checks it itself
        (``PracticePageForm.clean``) and says so: there the cities being saved are not on
        the page yet, and the stored ones would give a false error after a change of
        country."""
        super().clean()
        if self.country_id is None or getattr(self, "cities_checked_by_form", False):
            return
        if self.takes_classification_from_source():
            return  # publishing copies the source's (valid) classification: icc_practices.sync
        error = cities_outside_country(
            self.country, self._related("cities"), self._related("other_countries")
        )
        if error is not None:
            raise ValidationError({"cities": error})

    def takes_classification_from_source(self) -> bool:
        """Whether this page is a translation of a default-language practice, whose
        classification (and keywords) publishing copies here (``icc_practices.sync``).
        Asked once per instance: a rendering asks for keywords, meta and the PDF's."""
        if "_takes_classification" not in self.__dict__:
            self._takes_classification = self._has_default_language_source()
        return self._takes_classification

    def _has_default_language_source(self) -> bool:
        if self.locale_id is None or self.translation_key is None:
            return False
        default = default_content_language()
        return (
            PracticePage.objects.filter(
                translation_key=self.translation_key, locale__language_code=default
            )
            .exclude(pk=self.pk)
            .exclude(locale_id=self.locale_id)
            .exists()
        )

    def shown_keywords(self) -> list[Any]:
        """The keywords to show visitors: a translation carries its source's keywords for
        search, in the source's language, and does not show them (``icc_practices.sync``)."""
        if self.takes_classification_from_source():
            return []
        return list(self.tags.all())

    def _related(self, name: str) -> Any:
        """A many-to-many relation as assigned in memory, or as stored."""
        assigned = getattr(self, "_cluster_related_objects", {}).get(name)
        return assigned if assigned is not None else getattr(self, name).all()

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        back_url = kwargs.pop("back_url", None)
        context = super().get_context(request, *args, **kwargs)
        return page_views().practice_context(self, request, context, back_url)

    def serve(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse] | None = None,
        args: list[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> HttpResponse:
        return page_views().serve_practice(self, request, view, args, kwargs, super().serve)

    @path("pdf/", name="pdf")
    def pdf(self, request: HttpRequest) -> HttpResponse:
        """The practice as a tagged PDF (see ``icc_practices.pdf``)."""
        return page_views().pdf(request, self)

    @path("cite/<str:citation_format>/", name="cite")
    def cite(self, request: HttpRequest, citation_format: str) -> HttpResponse:
        """The reference as BibTeX or CSL-JSON (``icc_practices.public.citation``)."""
        return page_views().citation(request, self, citation_format)

    def get_pdf_url(self, request: HttpRequest | None = None) -> str | None:
        """Where this page's PDF is; the page tools show a PDF link for any page that
        has this method and returns an address."""
        return page_views().pdf_url(request, self)

    def get_cached_paths(self) -> list[str]:
        """Paths Wagtail's frontend cache purges on publish: the page and its PDF."""
        return ["/", "/" + self.reverse_subpage("pdf")]

    @property
    def preview_modes(self) -> list[tuple[str, str]]:
        return [*super().preview_modes, ("pdf", _("PDF"))]

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        """Editors can preview the draft as a PDF; previews are never cached."""
        if mode_name == "pdf":
            return page_views().pdf(request, self, preview=True)
        return super().serve_preview(request, mode_name)

    @property
    def localised_topics(self) -> list[Topic]:
        """Topics with ``label`` in the active language (see ``Topic.label``)."""
        return self._localised("topics", ("sort_order", "name"))

    @property
    def localised_cities(self) -> list[City]:
        """Cities with ``label`` in the active language."""
        return self._localised("cities", ("name",))

    @property
    def localised_partner_cities(self) -> list[City]:
        """Partner cities with ``label`` in the active language."""
        return self._localised("partner_cities", ("name",))

    @property
    def countries(self) -> list[Country]:
        """The lead country, then the further countries by name in the active language."""
        further = sorted(self.other_countries.all(), key=lambda country: sort_key(country.name))
        return [self.country, *further]

    def _localised(self, relation: str, ordering: tuple[str, ...]) -> list:
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get(relation)
        if prefetched is not None:  # with_listing_data() labelled them already
            return list(prefetched)
        rows = getattr(self, relation).all()
        if isinstance(rows, TaxonomyQuerySet):
            return list(rows.with_labels().order_by(*ordering))
        return list(rows)  # an unsaved preview's in-memory relation: own names

    @property
    def section_items(self) -> list[tuple[str, str, str]]:
        """(field name, heading, rich text) of the ICC template's sections that have
        content, in order."""
        return [
            (key, section_heading(key), getattr(self, key))
            for key in SECTION_LABELS
            if getattr(self, key)
        ]

    @property
    def sections(self) -> list[tuple[str, str]]:
        """(heading, rich text) of the sections that have content, for templates."""
        return [(heading, text) for _key, heading, text in self.section_items]

    def get_meta_description(self) -> str:
        return self.search_description or self.summary
