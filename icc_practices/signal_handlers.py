"""Invalidate cached listings whenever what visitors may see changes.

Each change invalidates twice: at once, and again when the surrounding transaction commits.
A request that reads between the two would otherwise cache pre-commit data under the new
generation (Wagtail wraps deletes, snippet edits and draft saves in transactions, and
modelcluster commits many-to-many rows after ``post_save``).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from icc_practices.cache import CONTENT, STRUCTURE, invalidate
from icc_practices.models import City, Country, PracticeIndexPage, PracticePage, Topic
from icc_practices.sync import sync_classification

LISTED_PAGES = (PracticePage, PracticeIndexPage)
TAXONOMY = (Topic, City, Country)

# Fields that page saves touch without changing anything visitors see: revisions, drafts,
# locks and workflow bookkeeping (Wagtail 8 autosaves drafts every few seconds).
EDITING_METADATA = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def invalidate_now_and_on_commit(*generations: str) -> None:
    invalidate(*generations)
    transaction.on_commit(lambda: invalidate(*generations))


@receiver(page_published)
@receiver(page_unpublished)
def listed_page_visibility_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, PracticeIndexPage):
        # Index pages' translations and addresses are cached under the structure
        # generation (language links).
        invalidate_now_and_on_commit(CONTENT, STRUCTURE)
    elif isinstance(instance, LISTED_PAGES):
        invalidate_now_and_on_commit(CONTENT)


@receiver(page_published)
def practice_published(sender, instance, **kwargs) -> None:
    if isinstance(instance, PracticePage):
        sync_classification(instance)


@receiver(post_save)
def listed_page_saved(sender, instance, update_fields=None, **kwargs) -> None:
    # No sender filter: hosts may subclass PracticePage (multi-table inheritance).
    if not isinstance(instance, LISTED_PAGES):
        return
    if update_fields and EDITING_METADATA.issuperset(update_fields):
        return
    invalidate_now_and_on_commit(CONTENT)


@receiver(post_delete)
def listed_page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, LISTED_PAGES):
        invalidate_now_and_on_commit(CONTENT)


@receiver(m2m_changed, sender=PracticePage.topics.through)
@receiver(m2m_changed, sender=PracticePage.cities.through)
def practice_links_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        invalidate_now_and_on_commit(CONTENT)


@receiver(post_page_move)
@receiver(page_slug_changed)
def page_moved_or_renamed(sender, **kwargs) -> None:
    # Any move or slug change can carry practices into or out of an index or a restricted
    # section, and changes the addresses in cached rows and forms.
    invalidate_now_and_on_commit(CONTENT, STRUCTURE)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def restrictions_or_sites_changed(sender, **kwargs) -> None:
    invalidate_now_and_on_commit(CONTENT, STRUCTURE)


@receiver(post_save)
@receiver(post_delete)
def taxonomy_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, TAXONOMY):
        invalidate_now_and_on_commit(CONTENT, STRUCTURE)
