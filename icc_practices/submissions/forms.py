"""The public proposal form, with a honeypot for bots."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.files.base import ContentFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from icc_practices.conf import settings
from icc_practices.models import PracticeSubmission, ProposalAttachment, Topic
from icc_practices.models.taxonomy import TaxonomyQuerySet
from icc_practices.submissions.addresses import mailable_address
from icc_practices.submissions.attachments import CheckedFile, check_upload, stored_name

HONEYPOT_FIELD = "website"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input (Django's documented pattern); each checked by
    :func:`~icc_practices.submissions.attachments.check_upload` in the form's clean."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        return obj.label


class PracticeSubmissionForm(forms.ModelForm):
    # The groups the template shows; consent and the honeypot come after them.
    FIELDSETS = (
        (
            _("The practice"),
            (
                "title",
                "country",
                "cities",
                "year",
                "period",
                "topics",
                "summary",
                "keywords",
            ),
        ),
        (
            _("How it works"),
            ("purpose", "rationale", "process", "impact", "partners", "links", "attachments"),
        ),
        (_("About you"), ("contact_name", "organisation", "contact_email")),
    )

    # Hidden from people by the template (aria-hidden, visually hidden, no tab stop);
    # bots that fill every field fill it. A filled honeypot is accepted silently and
    # nothing is stored.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    attachments = AttachmentsField(label=_("Images and documents"), required=False)

    class Meta:
        model = PracticeSubmission
        fields = PracticeSubmission.SUBMITTED_FIELDS
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 5}),
            "rationale": forms.Textarea(attrs={"rows": 5}),
            "process": forms.Textarea(attrs={"rows": 5}),
            "impact": forms.Textarea(attrs={"rows": 5}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["topics"])
        self.fields["topics"] = TopicChoiceField(
            queryset=cast(TaxonomyQuerySet, field.queryset)
            .with_labels()
            .order_by("sort_order", "name"),
            widget=forms.CheckboxSelectMultiple,
            label=field.label,
            help_text=_("Choose one or more."),
        )
        self.fields["consent"].required = True
        self.fields["contact_email"].help_text = _(
            "We write to you about your proposal; it is never published."
        )
        autocomplete = {
            "contact_name": "name",
            "organisation": "organization",
            "contact_email": "email",
        }
        for name, token in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        attachments = self.fields["attachments"]
        if settings.ATTACHMENT_MAX_FILES <= 0:
            del self.fields["attachments"]
        else:
            attachments.help_text = _(
                "Optional: up to %(count)s files of at most %(size)s MB each: photographs "
                "(JPEG, PNG, WebP) and documents (PDF, Word, OpenDocument). Only the "
                "editors see them."
            ) % {
                "count": settings.ATTACHMENT_MAX_FILES,
                "size": round(settings.ATTACHMENT_MAX_SIZE / 1_000_000, 1),
            }

    def clean_contact_email(self) -> str:
        return mailable_address(self.cleaned_data["contact_email"])

    def clean_attachments(self) -> list[CheckedFile]:
        files = self.cleaned_data.get("attachments") or []
        already = self.instance.attachments.count() if self.instance.pk else 0
        if len(files) + already > settings.ATTACHMENT_MAX_FILES:
            raise forms.ValidationError(
                _("Attach at most %(count)s files."),
                params={"count": settings.ATTACHMENT_MAX_FILES},
            )
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(check_upload(upload))
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return checked

    def save_attachments(self, submission: PracticeSubmission) -> None:
        """Store the checked files (in the proposal's transaction)."""
        for checked in self.cleaned_data.get("attachments") or []:
            attachment = ProposalAttachment(
                submission=submission,
                name=checked.name,
                kind=checked.kind,
                content_type=checked.content_type,
                size=len(checked.content),
            )
            attachment.file.save(stored_name(checked), ContentFile(checked.content), save=False)
            attachment.save()

    def fieldsets(self) -> list[tuple[str | Promise, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
