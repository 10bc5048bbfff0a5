"""When a practice's translatable text last changed, for the translators' report.

A translation is out of date when its source's text changed after the translation was
last published. Publishing is not enough to tell: publishing a new topic reaches every
translation by itself (``icc_practices.sync``) and leaves nothing to translate. So each
publication records a fingerprint of the text translators work on, and the time it last
changed. The record lives beside the page, not on it: a page's fields travel in its
revisions, and publishing an older revision would bring back an older record.
"""

from __future__ import annotations

import hashlib
import json

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The fields translators translate (docs/translation.md); the rest is shared.
TRANSLATED_TEXT = (
    "title",
    "summary",
    "purpose",
    "rationale",
    "process",
    "impact",
    "period",
    "lead_organisation",
    "partners",
    "seo_title",
    "search_description",
)


def text_fingerprint(page: models.Model) -> str:
    """A digest of the translatable text of a practice, its further material included."""
    body = page._meta.get_field("body").get_prep_value(page.body)  # type: ignore[union-attr,attr-defined]
    text = [str(getattr(page, name) or "") for name in TRANSLATED_TEXT]
    return hashlib.sha256(json.dumps([text, body], default=str).encode()).hexdigest()


class PracticeTextChange(models.Model):
    page = models.OneToOneField(
        "icc_practices.PracticePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="text_change",
    )
    fingerprint = models.CharField(max_length=64)
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("practice text change")
        verbose_name_plural = _("practice text changes")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.changed_at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(cls, page: models.Model) -> None:
        """Note a publication: the change time moves only when the text changed."""
        fingerprint = text_fingerprint(page)
        existing = cls.objects.filter(page_id=page.pk).first()
        if existing is None:
            # First seen (a new practice, or one published before this record existed):
            # its text is as old as its first publication, not as this one.
            since = getattr(page, "first_published_at", None) or timezone.now()
            cls.objects.get_or_create(
                page_id=page.pk, defaults={"fingerprint": fingerprint, "changed_at": since}
            )
        elif existing.fingerprint != fingerprint:
            existing.fingerprint = fingerprint
            existing.changed_at = timezone.now()
            existing.save(update_fields=["fingerprint", "changed_at"])
