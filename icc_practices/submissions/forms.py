"""The public proposal form, with a honeypot for bots."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from icc_practices.models import PracticeSubmission, Topic
from icc_practices.models.taxonomy import TaxonomyQuerySet

HONEYPOT_FIELD = "website"


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
        (_("How it works"), ("purpose", "rationale", "process", "impact", "partners", "links")),
        (_("About you"), ("contact_name", "organisation", "contact_email")),
    )

    # Hidden from people by the template (aria-hidden, visually hidden, no tab stop);
    # bots that fill every field fill it. A filled honeypot is accepted silently and
    # nothing is stored.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

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

    def fieldsets(self) -> list[tuple[str | Promise, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
