"""The "Good practices" admin menu: every practice page across the tree in one
filterable, exportable table, whose rows open the page editor."""

from __future__ import annotations

import datetime

from django.contrib.admin import display
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models.i18n import get_content_languages
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_modeladmin.helpers import PageButtonHelper, PagePermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from icc_practices.admin.filters import (
    LanguageListFilter,
    StatusListFilter,
    facet_list_filters,
    with_restriction,
)
from icc_practices.conf import settings
from icc_practices.models import City, PracticePage, Topic


def editable_practices(user) -> QuerySet[PracticePage]:
    """Practices the user may edit or publish, following Wagtail's page permissions."""
    practices = PracticePage.objects.all()
    if user.is_active and user.is_superuser:
        return practices
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    return practices.filter(pk__in=editable.values("pk"))


# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Text that a spreadsheet would run as a formula, prefixed with ``'`` (as OWASP advises)
    so that it shows as text; anything else unchanged.

    Practice titles and summaries come from editors and, through proposals, from the public:
    ``=HYPERLINK(...)`` in an exported CSV would run on the computer of whoever opens it.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class PracticeIndexView(IndexView):
    """The listing: rows that say which languages a practice exists in, CSV cells that
    cannot be formulas, and dates in UTC in both exports.

    The XLSX export needs nothing against formulas: it stores each cell's type, and
    wagtail-modeladmin already writes text that openpyxl would take for a formula as a
    string. It writes dates as UTC without a zone (Excel has none), so both exports say
    "(UTC)" in the heading and the CSV writes ISO 8601 with the offset.
    """

    page_title = _("Good practices")
    DATE_FIELDS = ("first_published_at", "last_published_at")

    def get_queryset(self, request=None):
        # wagtail-modeladmin asks twice per request; the filters count once.
        if not hasattr(self, "_practices"):
            self._practices = super().get_queryset(request)
        return self._practices

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        annotate_other_languages(list(context["object_list"]))
        return context

    def get_heading(self, queryset, field: str) -> str:
        heading = super().get_heading(queryset, field)
        return f"{heading} (UTC)" if field in self.DATE_FIELDS else heading

    def preprocess_field_value(self, field: str, value: object, export_format: str) -> object:
        """wagtail-modeladmin's value for a cell, neutralised when it goes to a CSV file."""
        if export_format == self.FORMAT_CSV and isinstance(value, datetime.datetime):
            return value.astimezone(datetime.UTC).isoformat()
        value = super().preprocess_field_value(field, value, export_format)
        if export_format != self.FORMAT_CSV:
            return value
        if value == self.model_admin.get_empty_value_display(field):
            return value  # the listing's own "-" for an empty cell, not a formula
        return neutralise_formula(value)


def annotate_other_languages(practices: list[PracticePage]) -> None:
    """Give each practice ``other_languages``: the names of the languages its translations
    are in (one query for the page of rows)."""
    keys = {practice.translation_key for practice in practices}
    found: dict = {}
    rows = PracticePage.objects.filter(translation_key__in=keys).values_list(
        "pk", "translation_key", "locale__language_code"
    )
    for pk, key, code in rows:
        found.setdefault(key, []).append((pk, code))
    languages = get_content_languages()
    for practice in practices:
        practice.other_languages = sorted(
            str(languages.get(code, code))
            for pk, code in found.get(practice.translation_key, [])
            if pk != practice.pk
        )


class PracticePermissionHelper(PagePermissionHelper):
    """Show the listing only to users who can edit at least one practice.

    wagtail-modeladmin lists every page to every admin user by default, which would
    reveal draft titles to editors of unrelated sections of a municipal site.
    """

    def user_can_list(self, user) -> bool:
        return editable_practices(user).exists()


class PracticeButtonHelper(PageButtonHelper):
    """Only "edit" per row. Copy, unpublish and delete stay in the page explorer: checking
    them costs several queries per row (locks, workflows, schedules)."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        exclude = [*(exclude or []), "copy", "unpublish", "delete"]
        return super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)


class PracticeAdmin(ModelAdmin):
    model = PracticePage
    menu_label = _("Good practices")
    menu_icon = "list-ul"
    add_to_admin_menu = True
    list_display = ("title", "country_name", "year", "topic_names", "status", "translations")

    def get_list_filter(self, request):
        """The registered facets, then publication status and language."""
        return (*facet_list_filters(), StatusListFilter, LanguageListFilter)

    search_fields = ("title", "summary", "lead_organisation")
    ordering = ("-year", "title")
    list_per_page = 50
    list_export = (
        "title",
        "country_name",
        "city_names",
        "year",
        "period",
        "topic_names",
        "keywords",
        "lead_organisation",
        "summary",
        "status",
        "language",
        "public_url",
        "first_published_at",
        "last_published_at",
    )
    export_filename = "good-practices"
    inspect_view_enabled = False
    index_view_class = PracticeIndexView
    button_helper_class = PracticeButtonHelper
    permission_helper_class = PracticePermissionHelper

    def get_menu_order(self) -> int:
        return settings.ADMIN_MENU_ORDER

    def get_queryset(self, request):
        # One query per relation for the whole page, not one per row.
        editable = editable_practices(request.user).values("pk")
        return with_restriction(
            super()
            .get_queryset(request)
            .filter(pk__in=editable)
            .select_related("country", "locale")
            .prefetch_related(
                Prefetch("topics", queryset=Topic.objects.order_by("sort_order", "name")),
                Prefetch("cities", queryset=City.objects.order_by("name")),
                "tags",
            )
        )

    @display(description=_("country"), ordering="country__code")
    def country_name(self, obj: PracticePage) -> str:
        return obj.country.name

    @display(description=_("cities"))
    def city_names(self, obj: PracticePage) -> str:
        return ", ".join(city.name for city in obj.cities.all())

    @display(description=_("topics"))
    def topic_names(self, obj: PracticePage) -> str:
        return ", ".join(topic.name for topic in obj.topics.all())

    @display(description=_("keywords"))
    def keywords(self, obj: PracticePage) -> str:
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    @display(description=_("status"), ordering="live")
    def status(self, obj: PracticePage) -> str:
        # From stored flags: Page.status_string costs two queries per row.
        if not obj.live:
            status = _("draft")
        elif obj.has_unpublished_changes:
            status = _("live + draft")
        else:
            status = _("live")
        if getattr(obj, "restricted", False):
            return str(_("%(status)s, private") % {"status": status})
        return str(status)

    @display(description=_("language"), ordering="locale__language_code")
    def language(self, obj: PracticePage) -> str:
        return obj.locale.language_code

    @display(description=_("translations"))
    def translations(self, obj: PracticePage) -> str:
        return ", ".join(getattr(obj, "other_languages", ())) or "-"

    @display(description=_("public address"))
    def public_url(self, obj: PracticePage) -> str:
        return obj.full_url or ""
