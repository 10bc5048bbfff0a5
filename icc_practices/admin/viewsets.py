"""Admin screens for the taxonomy, as Wagtail snippet viewsets."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from icc_practices.admin.taxonomy import (
    OneLanguageIndexView,
    SharedOrderReorderView,
    TranslatableEditView,
    by_country_name,
)
from icc_practices.models import City, Country, PracticeSubmission, Topic


class TaxonomyViewSet(SnippetViewSet):
    """One language at a time (the default unless the editor picks another), searched
    with the ORM: a few hundred rows, where "Lyo" must find Lyon and slugs are searchable
    without rebuilding a search index."""

    index_view_class = OneLanguageIndexView
    edit_view_class = TranslatableEditView
    copy_view_enabled = False
    search_backend_name = None


class TopicViewSet(TaxonomyViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "slug"]
    sort_order_field = "sort_order"
    reorder_view_class = SharedOrderReorderView


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    menu_label = _("Countries")
    list_display = ["name", "code"]
    list_per_page = 100
    copy_view_enabled = False

    def get_queryset(self, request):
        return by_country_name(Country.objects.all())


class CityViewSet(TaxonomyViewSet):
    model = City
    icon = "site"
    menu_label = _("Cities")
    list_display = ["name", "country", "slug"]
    list_filter = ["country"]
    search_fields = ["name", "slug"]
    ordering = ["name"]

    def get_queryset(self, request):
        return City.objects.select_related("country", "locale")


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Practice taxonomy")
    menu_icon = "folder-open-inverse"
    items = (TopicViewSet, CountryViewSet, CityViewSet)


class ProposalPermissionPolicy(ModelPermissionPolicy):
    """Proposals come from the public form only: nobody adds one in the admin (its edit
    form holds just the status and notes)."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SubmissionViewSet(SnippetViewSet):
    """Proposals from the public form: listed, filtered, searched, inspected; editors read
    the proposal where they change its status and notes, and make a draft practice of it.
    Every change is in the object's history."""

    model = PracticeSubmission
    icon = "mail"
    menu_label = _("Practice proposals")
    menu_order = 260
    add_to_admin_menu = True
    list_filter = ["status", "country"]
    search_fields = ["title", "summary", "contact_name", "organisation", "cities"]
    # Searched with the ORM: proposals hold personal data that has no business in the
    # site's search index.
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "status",
        *PracticeSubmission.SUBMITTED_FIELDS,
        "language",
        "index_page",
        "practice",
        "created_at",
        "notes",
    ]
    copy_view_enabled = False

    @property
    def list_display(self):
        from icc_practices.submissions.admin_views import DraftPracticeColumn

        return [
            "title",
            "country",
            "contact_name",
            "status",
            DraftPracticeColumn(),
            "created_at",
        ]

    @property
    def inspect_view_class(self):
        from icc_practices.submissions.admin_views import ProposalInspectView

        return ProposalInspectView

    def get_edit_handler(self):
        from wagtail.admin.panels import ObjectList

        from icc_practices.submissions.admin_views import ProposalAdminForm, proposal_panels

        return ObjectList(proposal_panels(), base_form_class=ProposalAdminForm).bind_to_model(
            self.model
        )

    def get_urlpatterns(self):
        from icc_practices.submissions.admin_views import convert_submission, download_attachment

        return [
            *super().get_urlpatterns(),
            path("convert/<int:pk>/", convert_submission, name="convert"),
            path("attachment/<int:pk>/", download_attachment, name="attachment"),
        ]
