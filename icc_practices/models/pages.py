"""The two page types: the practice index and the practice itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
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

from icc_practices.blocks import RICH_TEXT_FEATURES, PracticeStreamBlock
from icc_practices.conf import settings
from icc_practices.forms import PracticePageForm, cities_outside_country
from icc_practices.models.localize import synchronized
from icc_practices.models.sections import SECTION_HELP, SECTION_LABELS, section_heading
from icc_practices.models.taxonomy import (
    City,
    Country,
    TaxonomyQuerySet,
    Topic,
    default_locale_choices,
)
from icc_practices.response_cache import is_page_view, serve_shared
from icc_practices.validators import (
    default_results_per_page,
    validate_practice_year,
    validate_results_per_page,
)


class PackageTemplateMixin:
    """Give the package's templates the host's base template name."""

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)  # type: ignore[misc]
        context["icc_practices_base_template"] = settings.BASE_TEMPLATE
        return context


class PracticeIndexPage(RoutablePageMixin, PackageTemplateMixin, Page):
    """Lists the practices below it. Listing logic lives in ``icc_practices.listing``."""

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
        from icc_practices.query import search_practices

        context = super().get_context(request, *args, **kwargs)
        context["results"] = search_practices(self, request.GET, self.results_per_page)
        return context

    def serve(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse] | None = None,
        args: list[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> HttpResponse:
        from icc_practices.query import canonical_query

        if not is_page_view(view):  # the proposal form and its thanks page
            return super().serve(request, view, args, kwargs)
        query = canonical_query(request.GET)
        return serve_shared(
            request,
            "index",
            (self.pk, self.live_revision_id, self.last_published_at, query),
            lambda: self._serve_results(request, view, args, kwargs),
            keep=query is not None,
        )

    def _serve_results(self, request: HttpRequest, *route: Any) -> HttpResponse:
        from icc_practices.host_template import add_head_links

        response = super().serve(request, *route)
        results = getattr(response, "context_data", {}).get("results")
        if results is not None:
            state = results.state
            if state.is_filtered:
                # Filtered views are endless permutations of one collection: keep them out
                # of search engines (the canonical link points at the unfiltered index).
                response["X-Robots-Tag"] = "noindex, follow"
            canonical = self.full_url or ""
            if not state.is_filtered and results.page.number > 1:
                canonical += f"?page={results.page.number}"
            add_head_links(response, request, self, canonical, state.query_string(page=False))
        return response

    @property
    def propose_url(self) -> str:
        """The proposal form's address (relative, like ``page.url``)."""
        return (self.url or "/") + self.reverse_subpage("propose")

    @path("propose/", name="propose")
    def propose(self, request: HttpRequest) -> HttpResponse:
        """The public form for proposing a practice (``icc_practices.submissions``)."""
        from icc_practices.submissions.views import propose_practice

        return propose_practice(request, self)

    @path("propose/thanks/", name="propose_thanks")
    def propose_thanks(self, request: HttpRequest) -> HttpResponse:
        from icc_practices.submissions.views import proposal_received

        return proposal_received(request, self)


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


class PracticePage(RoutablePageMixin, PackageTemplateMixin, Page):
    """One good practice, structured as in the ICC template: purpose, stimulus,
    process, impact."""

    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="practices",
        help_text=_("Required: some practices are national rather than local."),
    )
    cities = ParentalManyToManyField(
        City,
        verbose_name=_("cities"),
        blank=True,
        related_name="practices",
        limit_choices_to=default_locale_choices,
        help_text=_("Leave empty for a country-level practice. Cities must be in the country."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[validate_practice_year],
        db_index=True,
        help_text=_("The year visitors filter by, shown under the title."),
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
        "slug", "year", "country", "topics", "cities", "contact_name"
    )
    template = "icc_practices/practice_page.html"
    base_form_class = PracticePageForm

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
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("year"),
        index.FilterField("country"),
    ]

    classification_panels = [
        MultiFieldPanel([FieldPanel("country"), FieldPanel("cities")], heading=_("Where")),
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
        assigned = getattr(self, "_cluster_related_objects", {}).get("cities")
        cities = assigned if assigned is not None else self.cities.all()
        error = cities_outside_country(self.country, cities)
        if error is not None:
            raise ValidationError({"cities": error})

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from icc_practices.back_link import back_to_results_url

        back_url = kwargs.pop("back_url", None)
        context = super().get_context(request, *args, **kwargs)
        context["back_url"] = back_url or back_to_results_url(request, self.get_parent())
        return context

    def serve(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse] | None = None,
        args: list[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> HttpResponse:
        from icc_practices.back_link import back_to_results_url

        if not is_page_view(view):  # the PDF
            return super().serve(request, view, args, kwargs)
        # The page depends on where the visitor came from (the "Back to results" link).
        back_url = back_to_results_url(request, self.get_parent())
        kwargs = {**(kwargs or {}), "back_url": back_url}
        return serve_shared(
            request,
            "practice",
            (self.pk, self.live_revision_id, self.last_published_at, back_url),
            lambda: self._serve_page(request, view, args, kwargs),
            keep=not request.GET,  # the page reads no parameters: ?utm_source= and the like
        )

    def _serve_page(self, request: HttpRequest, *route: Any) -> HttpResponse:
        from icc_practices.host_template import add_head_links

        response = super().serve(request, *route)
        add_head_links(response, request, self, None, "")
        back_url = getattr(response, "context_data", {}).get("back_url", "")
        if "?" in back_url:
            # The page now depends on where the visitor came from: shared caches must not
            # hand this back link (with its search words) to anyone else.
            patch_vary_headers(response, ["Referer"])
        return response

    @path("pdf/", name="pdf")
    def pdf(self, request: HttpRequest) -> HttpResponse:
        """The practice as a tagged PDF (see ``icc_practices.pdf``)."""
        from icc_practices.pdf import practice_pdf_response

        return practice_pdf_response(request, self)

    def get_pdf_url(self, request: HttpRequest | None = None) -> str | None:
        """Where this page's PDF is; the page tools show a PDF link for any page that
        has this method and returns an address."""
        from icc_practices.checks import pdf_renderer_problem

        if not self.live or pdf_renderer_problem():
            return None
        url = self.get_url(request)
        return url + self.reverse_subpage("pdf") if url else None

    def get_cached_paths(self) -> list[str]:
        """Paths Wagtail's frontend cache purges on publish: the page and its PDF."""
        return ["/", "/" + self.reverse_subpage("pdf")]

    @property
    def preview_modes(self) -> list[tuple[str, str]]:
        return [*super().preview_modes, ("pdf", _("PDF"))]

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        """Editors can preview the draft as a PDF; previews are never cached."""
        if mode_name == "pdf":
            from icc_practices.pdf import practice_pdf_response

            return practice_pdf_response(request, self, preview=True)
        return super().serve_preview(request, mode_name)

    @property
    def localised_topics(self) -> list[Topic]:
        """Topics with ``label`` in the active language (see ``Topic.label``)."""
        return self._localised("topics", ("sort_order", "name"))

    @property
    def localised_cities(self) -> list[City]:
        """Cities with ``label`` in the active language."""
        return self._localised("cities", ("name",))

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
