"""The admin's import screen: upload a file, read the dry run's report, confirm.

Editors import into the practice indexes where they may add pages (and publish only
where they may publish). The upload is checked at once for what needs no database (size,
format); the dry run and the import itself run as tasks (``icc_practices.transfer.tasks``)
and the status page refreshes itself (a ``<meta>`` refresh: no JavaScript needed).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.models import Page

from icc_practices.conf import settings
from icc_practices.models import PracticeImport, PracticeIndexPage
from icc_practices.submissions.admin_views import IndexChoiceField, indexes_for
from icc_practices.transfer.formats import FORMATS, FileProblem, format_of, xlsx_available
from icc_practices.transfer.importer import STATUS_LABELS
from icc_practices.transfer.tasks import progress_of, run_practice_import

PREVIEW_ROWS = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (UTF-8), JSON or XLSX, with the columns of an export or of the template."
        ),
    )
    index = IndexChoiceField(
        queryset=PracticeIndexPage.objects.none(),
        label=gettext_lazy("Import into"),
        empty_label=None,
    )
    images = forms.FileField(
        label=gettext_lazy("Images (optional)"),
        required=False,
        help_text=gettext_lazy("A ZIP archive of the images the file names."),
    )
    create_cities = forms.BooleanField(
        label=gettext_lazy("Create the cities this site does not have yet"),
        required=False,
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publish what is imported (otherwise new practices are drafts)"),
        required=False,
    )

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field = cast(IndexChoiceField, self.fields["index"])
        field.queryset = PracticeIndexPage.objects.filter(
            pk__in=[index.pk for index in indexes_for(user)]
        ).select_related("locale")

    def _checked_size(self, upload) -> None:
        if upload is not None and upload.size > settings.IMPORT_MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(limit)s MB can be imported at once.")
                % {
                    "size": round(upload.size / 1e6, 1),
                    "limit": round(settings.IMPORT_MAX_FILE_SIZE / 1e6, 1),
                }
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self._checked_size(upload)
        try:
            file_format = format_of(upload.name)
        except FileProblem as problem:
            raise forms.ValidationError(problem.problems) from None
        if file_format == "xlsx" and not xlsx_available():
            raise forms.ValidationError(_("XLSX needs openpyxl on the server: use CSV or JSON."))
        return upload

    def clean_images(self):
        upload = self.cleaned_data.get("images")
        self._checked_size(upload)
        if upload is not None and not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(_("Give the images as one ZIP archive."))
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        index = cleaned.get("index")
        if index is not None and cleaned.get("publish"):
            permissions = Page.objects.get(pk=index.pk).permissions_for_user(self.user)
            if not permissions.can_publish_subpage():
                self.add_error("publish", _("You may not publish pages under this index."))
        return cleaned


def _own(request: HttpRequest, pk) -> PracticeImport:
    job = get_object_or_404(PracticeImport.objects.select_related("index"), pk=pk)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied
    return job


def upload(request: HttpRequest) -> HttpResponse:
    if not indexes_for(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = PracticeImport.objects.create(
            user_id=request.user.pk,
            index=data["index"],
            file_name=data["file"].name[:255],
            file_format=format_of(data["file"].name),
            data=data["file"].read(),
            images=data["images"].read() if data.get("images") else None,
            publish=data["publish"],
            create_cities=data["create_cities"],
        )
        run_practice_import.enqueue(str(job.pk), True)
        return redirect("icc_practices_import_status", pk=job.pk)
    return TemplateResponse(
        request,
        "icc_practices/admin/import_upload.html",
        {
            "form": form,
            "formats": ", ".join(FORMATS),
            "recent": PracticeImport.objects.filter(user__pk=cast(int, request.user.pk)).defer(
                "data", "images"
            )[:10],
        },
    )


def status(request: HttpRequest, pk) -> HttpResponse:
    job = _own(request, pk)
    report = job.report or {}
    rows = [
        {**row, "label": STATUS_LABELS.get(row["status"], row["status"])}
        for row in report.get("rows", [])
    ]
    failed = [row for row in rows if row["status"] == "failed"]
    running = job.status in (PracticeImport.Status.CHECKING, PracticeImport.Status.IMPORTING)
    return TemplateResponse(
        request,
        "icc_practices/admin/import_status.html",
        {
            "job": job,
            "running": running,
            "progress": progress_of(job) if running else None,
            "report": report,
            "failed": failed,
            "warned": [row for row in rows if row.get("warnings") and row["status"] != "failed"],
            "preview": rows[:PREVIEW_ROWS],
            "more_rows": max(0, len(rows) - PREVIEW_ROWS),
            "can_confirm": job.status == PracticeImport.Status.CHECKED
            and report.get("counts", {}).get("created", 0)
            + report.get("counts", {}).get("updated", 0)
            > 0,
        },
    )


@require_POST
def confirm(request: HttpRequest, pk) -> HttpResponse:
    job = _own(request, pk)
    if job.status != PracticeImport.Status.CHECKED:
        messages.error(request, _("This import is not waiting for confirmation."))
        return redirect("icc_practices_import_status", pk=job.pk)
    if job.index_id not in {index.pk for index in indexes_for(request.user)}:
        raise PermissionDenied
    updated = PracticeImport.objects.filter(pk=job.pk, status=PracticeImport.Status.CHECKED).update(
        status=PracticeImport.Status.IMPORTING
    )
    if updated:  # not confirmed twice (two tabs, a double click)
        run_practice_import.enqueue(str(job.pk), False)
    return redirect("icc_practices_import_status", pk=job.pk)


@require_POST
def cancel(request: HttpRequest, pk) -> HttpResponse:
    job = _own(request, pk)
    if job.status in (PracticeImport.Status.CHECKED, PracticeImport.Status.REFUSED):
        job.delete()
        messages.success(request, _("The import was cancelled; nothing was changed."))
    return redirect("icc_practices_import")


def urlpatterns() -> list:
    return [
        path("icc-practices/import/", upload, name="icc_practices_import"),
        path("icc-practices/import/<uuid:pk>/", status, name="icc_practices_import_status"),
        path(
            "icc-practices/import/<uuid:pk>/confirm/", confirm, name="icc_practices_import_confirm"
        ),
        path("icc-practices/import/<uuid:pk>/cancel/", cancel, name="icc_practices_import_cancel"),
    ]


def import_url() -> str:
    return reverse("icc_practices_import")
