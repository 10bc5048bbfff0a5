"""Registers the package's admin screens; the screens themselves live elsewhere."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail_modeladmin.options import modeladmin_register

from icc_practices.admin import imports, previous_translations, translations
from icc_practices.admin.home_panel import PracticesHomePanel
from icc_practices.admin.modeladmin import PracticeAdmin
from icc_practices.admin.viewsets import (
    ProposalPermissionPolicy,
    SubmissionViewSet,
    TaxonomyViewSetGroup,
)
from icc_practices.conf import settings
from icc_practices.models import PracticeSubmission
from icc_practices.submissions import audit
from icc_practices.submissions.admin_views import submission_listing_buttons

# First, before anything asks for the model's policy (Wagtail 8 registers them this way).
register_permission_policy(PracticeSubmission, ProposalPermissionPolicy(PracticeSubmission))
modeladmin_register(PracticeAdmin)


@hooks.register("register_admin_viewset")
def register_taxonomy_viewsets():
    return TaxonomyViewSetGroup()


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet()


hooks.register("register_snippet_listing_buttons", submission_listing_buttons)
hooks.register("register_log_actions", audit.register_log_actions)
hooks.register("before_edit_snippet", audit.remember_status)
hooks.register("after_edit_snippet", audit.log_status_change)
hooks.register("after_edit_snippet", audit.notify_author_of_status)
# Before wagtail-localize's own hooks, which answer with its editor and end the chain.
hooks.register("before_edit_page", previous_translations.show_previous_translations, order=-1)
hooks.register("before_edit_snippet", previous_translations.show_previous_translations, order=-1)


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        """For editors who may add practices somewhere (superusers: no query)."""
        return request.user.is_superuser or bool(imports.indexes_for(request.user))


@hooks.register("register_admin_urls")
def register_import_urls():
    return imports.urlpatterns()


@hooks.register("register_admin_urls")
def register_translation_coverage_urls():
    return translations.urlpatterns()


@hooks.register("register_admin_urls")
def register_previous_translation_urls():
    if not apps.is_installed("wagtail_localize"):
        return []
    return previous_translations.urlpatterns()


class TranslationCoverageMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return translations.is_shown(request)


@hooks.register("register_reports_menu_item")
def register_translation_coverage_menu_item():
    return TranslationCoverageMenuItem(
        _("Translation coverage"),
        translations.coverage_url(),
        name="icc-practices-translation-coverage",
        icon_name="globe",
        order=900,
    )


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import practices"),
        imports.import_url(),
        name="icc-practices-import",
        icon_name="upload",
        order=settings.ADMIN_MENU_ORDER + 1,
    )


@hooks.register("construct_homepage_panels")
def add_practices_panel(request, panels) -> None:
    panels.append(PracticesHomePanel())
