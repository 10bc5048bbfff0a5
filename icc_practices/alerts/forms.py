"""The sign-up and manage forms of alerts, with the proposal form's honeypot."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from icc_practices.models import AlertSubscription
from icc_practices.submissions.addresses import mailable_address
from icc_practices.submissions.forms import HONEYPOT_FIELD


class FrequencyField(forms.ChoiceField):
    def __init__(self, **kwargs) -> None:
        super().__init__(
            label=_("How often"),
            choices=AlertSubscription.Frequency.choices,
            initial=AlertSubscription.Frequency.WEEKLY,
            widget=forms.RadioSelect,
            **kwargs,
        )


class AlertSignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("Used only to send you these alerts; deleted when you unsubscribe."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = FrequencyField()
    # Hidden from people by the template, filled by bots (as on the proposal form).
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def clean_email(self) -> str:
        return mailable_address(self.cleaned_data["email"])

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


class AlertManageForm(forms.Form):
    frequency = FrequencyField()
