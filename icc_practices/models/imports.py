"""An import started in the admin: the uploaded file, its options, and its report.

The file is kept in the database (not in media storage, which is often public) from the
upload until the import is confirmed and run by a task, so every server process and the
task worker read the same one. Once an import has run, its file is dropped and only the
report is kept.
"""

from __future__ import annotations

import uuid

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeImport(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        CHECKED = "checked", _("Checked: waiting for confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Not imported: the file has problems")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    index = models.ForeignKey(
        "icc_practices.PracticeIndexPage",
        verbose_name=_("practice index"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(max_length=10)
    data = models.BinaryField()
    images = models.BinaryField(null=True, blank=True)
    publish = models.BooleanField(_("publish"), default=False)
    create_cities = models.BooleanField(_("create missing cities"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CHECKING
    )
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("practice import")
        verbose_name_plural = _("practice imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
