"""Practices that cities propose through the public form, awaiting moderation.

Everything a visitor typed is stored as plain text and only ever rendered escaped; the
draft page made from a submission turns paragraphs into escaped ``<p>`` elements.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from icc_practices.conf import settings
from icc_practices.models.sections import SECTION_HELP, SECTION_LABELS
from icc_practices.models.taxonomy import Topic, default_locale_choices
from icc_practices.models.validators import validate_practice_year

MAX_LINKS = 10


def validate_links(value: str) -> None:
    """One web address (http or https) per line, at most ``MAX_LINKS``."""
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise ValidationError(
            _("Give at most %(maximum)s links."),
            code="too_many_links",
            params={"maximum": MAX_LINKS},
        )
    check = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            check(line)
        except ValidationError as error:
            raise ValidationError(
                _("“%(line)s” is not a web address (it should start with https://)."),
                code="invalid_link",
                params={"line": line[:100]},
            ) from error


def section_text(key: str) -> models.TextField:
    """One of the ICC template's sections, as the plain text a visitor types."""
    return models.TextField(
        SECTION_LABELS[key], max_length=5000, blank=True, help_text=SECTION_HELP[key]
    )


class PracticeSubmission(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_REVIEW = "in_review", _("in review")
        NEEDS_INFO = "needs_info", _("needs more information")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    notes = models.TextField(
        _("editors' notes"), max_length=5000, blank=True, help_text=_("Not shown to the public.")
    )
    # Who proposes it
    contact_name = models.CharField(_("contact person"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    contact_email = models.EmailField(_("e-mail"), max_length=254)
    # The practice, in the ICC template's terms
    title = models.CharField(_("title of the practice"), max_length=255)
    country = CountryField(_("country"))
    cities = models.CharField(
        _("city or cities"),
        max_length=500,
        blank=True,
        help_text=_("Separate several cities with commas. Leave empty for a national practice."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[validate_practice_year], help_text=_("The year it started.")
    )
    period = models.CharField(
        _("period"), max_length=100, blank=True, help_text=_('Optional, e.g. "2019 - ongoing".')
    )
    topics = models.ManyToManyField(
        Topic,
        verbose_name=_("topics"),
        related_name="+",
        limit_choices_to=default_locale_choices,
    )
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("Two or three sentences: what and where.")
    )
    purpose = section_text("purpose")
    rationale = section_text("rationale")
    process = section_text("process")
    impact = section_text("impact")
    keywords = models.CharField(
        _("keywords"),
        max_length=255,
        blank=True,
        help_text=_("Optional words that help people find it, separated by commas."),
    )
    partners = models.TextField(_("partners"), max_length=2000, blank=True)
    links = models.TextField(
        _("links"),
        max_length=2000,
        blank=True,
        validators=[validate_links],
        help_text=_("Web pages about the practice, one address per line."),
    )
    consent = models.BooleanField(
        _("consent to publish"),
        default=False,
        help_text=_(
            "I agree that this information, except my e-mail address, may be published "
            "on this site."
        ),
    )
    # Where it came from, and what became of it
    language = models.CharField(_("language"), max_length=16, editable=False)
    index_page = models.ForeignKey(
        "icc_practices.PracticeIndexPage",
        verbose_name=_("proposed on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    practice = models.ForeignKey(
        "icc_practices.PracticePage",
        verbose_name=_("draft practice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
        editable=False,
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    # The author's last status e-mail: the editors' message in it, and whether the
    # "accepted" e-mail waits for the practice to go live (sent by the publication).
    message_to_author = models.TextField(
        _("message to the author"),
        max_length=2000,
        blank=True,
        help_text=_("Optional. Added to the e-mail; the author sees it as you write it."),
    )
    acceptance_pending = models.BooleanField(default=False, editable=False)

    # What the visitor sends, in the form's order (the form and the inspect view use it).
    SUBMITTED_FIELDS = (
        "title",
        "country",
        "cities",
        "year",
        "period",
        "topics",
        "summary",
        "keywords",
        "purpose",
        "rationale",
        "process",
        "impact",
        "partners",
        "links",
        "contact_name",
        "organisation",
        "contact_email",
        "consent",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("practice proposal")
        verbose_name_plural = _("practice proposals")

    def __str__(self) -> str:
        return self.title

    @property
    def city_names(self) -> list[str]:
        return [name.strip() for name in self.cities.split(",") if name.strip()]

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


def attachment_storage() -> Storage:
    """``ICC_PRACTICES_ATTACHMENT_STORAGE``, or a private folder beside ``MEDIA_ROOT``
    (``icc-practices-private``) that no URL serves."""
    alias = settings.ATTACHMENT_STORAGE
    if alias:
        return storages[alias]
    media = Path(str(getattr(django_settings, "MEDIA_ROOT", "") or "media")).resolve()
    return FileSystemStorage(location=media.parent / "icc-practices-private")


class ProposalAttachment(models.Model):
    """A file sent with a proposal, checked and stored privately
    (``icc_practices.submissions.attachments``); editors download it in the admin."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("image")
        DOCUMENT = "document", _("document")

    submission = models.ForeignKey(
        PracticeSubmission, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(storage=attachment_storage, max_length=255)
    name = models.CharField(_("file name"), max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
