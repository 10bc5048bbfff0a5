"""From a proposal to a draft practice page, in one step and never published."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import linebreaks
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Locale

from icc_practices.models import (
    City,
    Country,
    PracticeIndexPage,
    PracticeLink,
    PracticePage,
    PracticeSubmission,
)
from icc_practices.submissions import audit
from icc_practices.submissions.display import plain_paragraphs


@dataclass(frozen=True)
class Conversion:
    practice: PracticePage
    unmatched_cities: tuple[str, ...]  # typed by the submitter, not in the taxonomy
    unreadable_files: tuple[str, ...] = ()  # attachments whose file is gone


def as_rich_text(text: str) -> str:
    """Plain text to rich text, as the admin shows the proposal: Django's ``linebreaks``
    (blank lines part paragraphs, everything escaped)."""
    if not text.strip():
        return ""
    return linebreaks(plain_paragraphs(text), autoescape=True).replace("\n\n", "")


def _cities(submission: PracticeSubmission, country: Country) -> tuple[list[City], list[str]]:
    candidates = City.objects.filter(locale=Locale.get_default(), country=country)
    by_key = {}
    for city in candidates:
        by_key[city.slug] = city
        by_key[slugify(city.name)] = city
    found: list[City] = []
    missing: list[str] = []
    for name in submission.city_names:
        match = by_key.get(slugify(name))
        if match is None:
            missing.append(name)
        elif match not in found:
            found.append(match)
    return found, missing


def keywords_of(submission: PracticeSubmission) -> list[str]:
    """The proposal's comma-separated keywords as tag names: trimmed, at most 90 characters
    (taggit's slugs hold 100 and may grow a suffix), one per slug, none without letters."""
    by_slug: dict[str, str] = {}
    for word in submission.keywords.split(","):
        name = word.strip()[:90].strip()
        slug = slugify(name)
        if slug and slug not in by_slug:
            by_slug[slug] = name
    return sorted(by_slug.values())


@transaction.atomic
def _attachments_as_blocks(submission: PracticeSubmission, user) -> tuple[list[dict], list[str]]:
    """The proposal's files as Wagtail images and documents, in "further material" blocks
    (images without alt text: the editor writes it before publishing, which Wagtail's
    image block requires). Returns the blocks and the names of files that could not be
    read."""
    blocks: list[dict] = []
    missing: list[str] = []
    for attachment in submission.attachments.all():
        try:
            with attachment.file.open("rb") as handle:
                content = handle.read()
        except OSError:
            missing.append(attachment.name)
            continue
        title = attachment.name.rsplit(".", 1)[0][:255]
        if attachment.kind == attachment.Kind.IMAGE:
            image = get_image_model()(
                title=title,
                uploaded_by_user=user,
                file=ImageFile(io.BytesIO(content), name=attachment.name),
            )
            image.save()
            value = {"image": image.pk, "decorative": False, "alt_text": ""}
            blocks.append({"type": "image", "value": {"image": value, "caption": ""}})
        else:
            document = get_document_model()(title=title, uploaded_by_user=user)
            document.file.save(attachment.name, ContentFile(content), save=False)
            document.save()
            blocks.append({"type": "document", "value": {"document": document.pk, "title": ""}})
    return blocks, missing


def create_draft_practice(
    submission: PracticeSubmission, index: PracticeIndexPage, user
) -> Conversion:
    """A draft PracticePage under ``index`` with every field of the proposal, linked to it.

    Topics are the proposal's own (chosen from the taxonomy); the country is matched by
    code (and added to the taxonomy if new); cities are matched by name or slug within
    that country, and those that do not match are reported back to the editor.
    """
    country, _created = Country.objects.get_or_create(code=str(submission.country))
    cities, unmatched = _cities(submission, country)
    practice = PracticePage(
        title=submission.title[:255],
        slug=find_available_slug(index, slugify(submission.title)[:80] or "practice"),
        live=False,
        owner=user,
        country=country,
        year=submission.year,
        period=submission.period,
        summary=submission.summary,
        purpose=as_rich_text(submission.purpose),
        rationale=as_rich_text(submission.rationale),
        process=as_rich_text(submission.process),
        impact=as_rich_text(submission.impact),
        lead_organisation=submission.organisation,
        partners=submission.partners,
        contact_name=submission.contact_name,
        # Not the submitter's address: the form promises it is never published, and the
        # page shows its contact e-mail. Editors add a public address if there is one.
        contact_email="",
    )
    carried, missing = _attachments_as_blocks(submission, user)
    practice.body = carried
    practice.topics = list(submission.topics.all())
    practice.cities = cities
    practice.tags.add(*keywords_of(submission))
    practice.links = [PracticeLink(title=url[:255], url=url) for url in submission.link_list]
    index.add_child(instance=practice)
    practice.save_revision(user=user, log_action=True)

    submission.practice = practice
    submission.status = PracticeSubmission.Status.ACCEPTED
    submission.save(update_fields=["practice", "status"])
    log(
        instance=submission,
        action=audit.CONVERT,
        user=user,
        data={"page_id": practice.pk, "page_title": practice.title},
    )
    return Conversion(practice, tuple(unmatched), tuple(missing))
