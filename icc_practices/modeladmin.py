"""The "Good practices" admin menu: every practice page across the tree in one
filterable, exportable table, whose rows open the page editor."""

from __future__ import annotations

from django.contrib.admin import SimpleListFilter, display
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_modeladmin.helpers import PageButtonHelper, PagePermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from icc_practices.conf import settings
from icc_practices.models import City, PracticePage, Topic


class YearListFilter(SimpleListFilter):
    """Only the years that practices actually have, newest first."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = PracticePage.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(year=int(value))
        return queryset


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
    """The listing, with CSV cells that cannot be formulas.

    The XLSX export needs nothing: it stores each cell's type, and wagtail-modeladmin
    already writes text that openpyxl would take for a formula as a string.
    """

    def preprocess_field_value(self, field: str, value: object, export_format: str) -> object:
        """wagtail-modeladmin's value for a cell, neutralised when it goes to a CSV file."""
        value = super().preprocess_field_value(field, value, export_format)
        if export_format != self.FORMAT_CSV:
            return value
        if value == self.model_admin.get_empty_value_display(field):
            return value  # the listing's own "-" for an empty cell, not a formula
        return neutralise_formula(value)


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
    list_display = ("title", "country_name", "year", "topic_names", "status")
    list_filter = ("topics", "country", YearListFilter, "live", "locale")
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
        return (
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
            return str(_("draft"))
        if obj.has_unpublished_changes:
            return str(_("live + draft"))
        return str(_("live"))

    @display(description=_("public address"))
    def public_url(self, obj: PracticePage) -> str:
        return obj.full_url or ""
