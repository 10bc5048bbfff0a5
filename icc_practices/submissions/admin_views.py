"""The admin step that turns a proposal into a draft practice and opens it in the editor."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page

from icc_practices.models import PracticeIndexPage, PracticeSubmission
from icc_practices.submissions.conversion import create_draft_practice

CHANGE_PERMISSION = "icc_practices.change_practicesubmission"


def indexes_for(user) -> list[PracticeIndexPage]:
    """Practice indexes where ``user`` may add pages."""
    return [
        index
        for index in PracticeIndexPage.objects.order_by("path").select_related("locale")
        if index.permissions_for_user(user).can_add_subpage()
    ]


class ConversionForm(forms.Form):
    index = forms.ModelChoiceField(
        queryset=PracticeIndexPage.objects.none(),
        label=gettext_lazy("Create the draft under"),
        empty_label=None,
    )

    def __init__(self, *args, user, initial_index=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = indexes_for(user)
        field = self.fields["index"]
        field.queryset = PracticeIndexPage.objects.filter(pk__in=[i.pk for i in allowed])
        field.label_from_instance = lambda index: f"{index.title} ({index.locale.language_code})"
        if initial_index is not None and initial_index in allowed:
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
    if not form.fields["index"].queryset.exists():
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
            "action_url": reverse(
                "wagtailsnippets_icc_practices_practicesubmission:convert", args=[pk]
            ),
            "cancel_url": reverse(
                "wagtailsnippets_icc_practices_practicesubmission:inspect", args=[pk]
            ),
        },
    )


def submission_listing_buttons(snippet, user, next_url=None):
    """ "Create draft practice" on each proposal that has none yet, for those allowed."""
    if (
        isinstance(snippet, PracticeSubmission)
        and not snippet.practice_id
        and user.has_perm(CHANGE_PERMISSION)
    ):
        yield ListingButton(
            _("Create draft practice"),
            reverse("wagtailsnippets_icc_practices_practicesubmission:convert", args=[snippet.pk]),
            icon_name="doc-full-inverse",
            priority=5,
        )
