"""The proposals' admin screens: the proposal read where it is handled (edit and inspect
views), the step that turns it into a draft practice, and the listing's link to that draft."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.views.snippets import InspectView

from icc_practices.models import PracticeIndexPage, PracticeSubmission, ProposalAttachment
from icc_practices.submissions.conversion import create_draft_practice
from icc_practices.submissions.display import (
    RECEIPT_FIELDS,
    display_value,
    field_label,
    shown_fields,
)

CHANGE_PERMISSION = "icc_practices.change_practicesubmission"
VIEW_PERMISSION = "icc_practices.view_practicesubmission"


def indexes_for(user) -> list[PracticeIndexPage]:
    """Practice indexes where ``user`` may add pages: one query, through Wagtail's page
    permission policy (the index always allows practice pages below it)."""
    addable = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
    indexes = PracticeIndexPage.objects.filter(pk__in=addable.values("pk"))
    return list(indexes.order_by("path").select_related("locale"))


class IndexChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.locale.language_code})"


class ConversionForm(forms.Form):
    index = IndexChoiceField(
        queryset=PracticeIndexPage.objects.none(),
        label=gettext_lazy("Create the draft under"),
        empty_label=None,
    )

    def __init__(self, *args, user, initial_index=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = indexes_for(user)
        field = cast(IndexChoiceField, self.fields["index"])
        field.queryset = PracticeIndexPage.objects.filter(pk__in=[i.pk for i in self.allowed])
        if initial_index is not None and initial_index in self.allowed:
            field.initial = initial_index.pk


def convert_submission(request, pk: int):
    """GET: choose the index (the proposal's own is preselected). POST: create the draft
    and open it in the page editor."""
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    submission = get_object_or_404(PracticeSubmission, pk=pk)
    if submission.practice_id:
        messages.warning(request, _("This proposal already has a draft practice."))
        return redirect("wagtailadmin_pages:edit", submission.practice_id)
    form = ConversionForm(
        request.POST or None, user=request.user, initial_index=submission.index_page
    )
    if not form.allowed:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        index = form.cleaned_data["index"].specific
        if not Page.objects.get(pk=index.pk).permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        conversion = create_draft_practice(submission, index, request.user)
        messages.success(
            request,
            _("Draft practice created from the proposal. Review it, then submit or publish it."),
        )
        if conversion.unreadable_files:
            messages.warning(
                request,
                _("These attachments could not be read and were left out: %(files)s")
                % {"files": ", ".join(conversion.unreadable_files)},
            )
        if conversion.unmatched_cities:
            messages.warning(
                request,
                _("Cities not found in the taxonomy, add them and link them: %(cities)s")
                % {"cities": ", ".join(conversion.unmatched_cities)},
            )
        return redirect("wagtailadmin_pages:edit", conversion.practice.pk)
    return TemplateResponse(
        request,
        "icc_practices/admin/convert_submission.html",
        {
            "submission": submission,
            "form": form,
            # Not "action_url": Wagtail's header would turn that into a nameless "+" link.
            "form_url": convert_url(pk),
            "cancel_url": edit_url(pk),
        },
    )


def submission_listing_buttons(snippet, user, next_url=None):
    """ "Create draft practice" on each proposal that has none yet, for those allowed (the
    "Draft practice" column links to the drafts that exist)."""
    if not isinstance(snippet, PracticeSubmission) or snippet.practice_id:
        return
    if user.has_perm(CHANGE_PERMISSION):
        yield ListingButton(
            _("Create draft practice"),
            convert_url(snippet.pk),
            icon_name="doc-full-inverse",
            priority=5,
        )


def convert_url(pk: int) -> str:
    return reverse("wagtailsnippets_icc_practices_practicesubmission:convert", args=[pk])


def attachment_url(pk: int) -> str:
    return reverse("wagtailsnippets_icc_practices_practicesubmission:attachment", args=[pk])


def attachments_of(submission: PracticeSubmission) -> list[dict]:
    return [
        {"name": attachment.name, "size": attachment.size, "url": attachment_url(attachment.pk)}
        for attachment in submission.attachments.all()
    ]


def download_attachment(request, pk: int):
    """An attachment, for editors who may see proposals: as a download, never rendered
    by the browser in the admin's origin."""
    if not (request.user.has_perm(VIEW_PERMISSION) or request.user.has_perm(CHANGE_PERMISSION)):
        raise PermissionDenied
    attachment = get_object_or_404(ProposalAttachment, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def edit_url(pk: int) -> str:
    return reverse("wagtailsnippets_icc_practices_practicesubmission:edit", args=[pk])


def practice_edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def draft_action(submission: PracticeSubmission, user) -> dict:
    """What the proposal's screens offer about its draft practice: to open it once it
    exists, else to create it (for those who may change proposals and add practices)."""
    practice = submission.practice if submission.practice_id else None
    if practice is not None:
        return {
            "practice": practice,
            "practice_url": practice_edit_url(practice.pk)
            if practice.permissions_for_user(user).can_edit()
            else "",
        }
    if not user.has_perm(CHANGE_PERMISSION):
        return {}
    if not indexes_for(user):
        return {"cannot_convert": True}
    return {"convert_url": convert_url(submission.pk)}


# The proposal's edit view --------------------------------------------------------------


class ProposalPanel(Panel):
    """The proposal as sent, read-only and formatted, with the action on its draft."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "icc_practices/admin/proposal_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["fields"] = shown_fields(
                self.instance, (*PracticeSubmission.SUBMITTED_FIELDS, *RECEIPT_FIELDS)
            )
            context["action"] = draft_action(self.instance, self.request.user)
            context["attachments"] = attachments_of(self.instance)
            return context


class ProposalAdminForm(WagtailAdminModelForm):
    """The status, with the choice to tell the author (and an optional message)."""

    notify_author = forms.BooleanField(
        label=gettext_lazy("Tell the author by e-mail"),
        required=False,
        help_text=gettext_lazy(
            "The e-mail of the status you save: accepted (sent when the practice goes "
            "live, with its address), rejected, or needs more information (with a private "
            "link to complete the proposal). In the author's language."
        ),
    )

    def save(self, commit: bool = True):
        instance = super().save(commit=commit)
        instance._icc_notify_author = self.cleaned_data.get("notify_author", False)
        return instance


def proposal_panels() -> list[Panel]:
    """What the proposal's edit view shows: its status first (seen without scrolling), with
    the e-mail to the author, the proposal, then the editors' notes."""
    return [
        FieldPanel("status"),
        FieldPanel("notify_author"),
        FieldPanel("message_to_author"),
        ProposalPanel(heading=gettext_lazy("Proposal")),
        FieldPanel("notes"),
    ]


# The inspect view ----------------------------------------------------------------------


class ProposalInspectView(InspectView):
    """Fields formatted as in the edit view (paragraphs, links), with the draft's action."""

    template_name = "icc_practices/admin/proposal_inspect.html"
    formatted_fields = ("notes", *PracticeSubmission.SUBMITTED_FIELDS, *RECEIPT_FIELDS)

    @cached_property
    def action(self) -> dict:
        return draft_action(self.object, self.request.user)

    def get_field_display_value(self, field_name, field):
        if field_name == "practice":
            practice = self.action.get("practice")
            if practice is None:
                return _("None yet")
            if self.action["practice_url"]:
                return format_html('<a href="{}">{}</a>', self.action["practice_url"], practice)
            return str(practice)
        if field_name in self.formatted_fields:
            return display_value(self.object, field_name)
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action"] = self.action
        context["attachments"] = attachments_of(self.object)
        return context


# The listing ---------------------------------------------------------------------------


class DraftPracticeColumn(Column):
    """A link to the draft practice made from the proposal (its id is enough: no query)."""

    cell_template_name = "icc_practices/admin/draft_practice_cell.html"

    def __init__(self, **kwargs):
        super().__init__(
            "practice", label=field_label("practice"), accessor="practice_id", **kwargs
        )

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["practice_url"] = (
            practice_edit_url(instance.practice_id) if instance.practice_id else ""
        )
        return context
