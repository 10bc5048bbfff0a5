"""Registers the package's admin screens; the screens themselves live elsewhere."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail_modeladmin.options import modeladmin_register

from icc_practices.admin.modeladmin import PracticeAdmin
from icc_practices.admin.viewsets import (
    ProposalPermissionPolicy,
    SubmissionViewSet,
    TaxonomyViewSetGroup,
)
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
