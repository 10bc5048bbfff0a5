"""Invalidate cached listings whenever what visitors may see changes.

The new generation tokens are written in the same transaction as the change
(:func:`icc_practices.search.cache.invalidate`): other processes see them exactly when they can
see the change, never before (they would cache pre-commit data under the new tokens) and
never after (they would serve what is no longer public).
"""

from __future__ import annotations

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from icc_practices.alerts.tasks import dispatch_after_publication
from icc_practices.models import (
    City,
    Country,
    PracticeIndexPage,
    PracticePage,
    PracticeTextChange,
    ProposalAttachment,
    Topic,
)
from icc_practices.pdf.tasks import (
    after_commit,
    delete_practice_pdfs,
    render_on_publish,
    render_practice_pdf,
)
from icc_practices.public.warming import warm_soon
from icc_practices.search.cache import (
    ALL_GENERATIONS,
    CONTENT,
    PAGES,
    STRUCTURE,
    generations_replaced,
    invalidate,
)
from icc_practices.submissions.status_emails import practice_went_live
from icc_practices.sync import sync_classification

LISTED_PAGES = (PracticePage, PracticeIndexPage)
FRONTEND_CACHE = "wagtail.contrib.frontend_cache"
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


@receiver(page_published)
@receiver(page_unpublished)
def listed_page_visibility_changed(sender, instance, **kwargs) -> None:
    # Labels, addresses and restrictions (the structure generation, which names every PDF)
    # do not change by publishing; moves and slug changes are heard below.
    if isinstance(instance, LISTED_PAGES):
        invalidate(CONTENT)


@receiver(page_published)
def practice_published(sender, instance, **kwargs) -> None:
    if isinstance(instance, PracticePage):
        sync_classification(instance)
        PracticeTextChange.record(instance)
        if render_on_publish():
            after_commit(render_practice_pdf, instance.pk, instance.locale.language_code)
        dispatch_after_publication()
        practice_went_live(instance)


@receiver(page_unpublished)
def practice_unpublished(sender, instance, **kwargs) -> None:
    if isinstance(instance, PracticePage):
        after_commit(delete_practice_pdfs, instance.pk)


@receiver(post_save)
def listed_page_saved(sender, instance, update_fields=None, **kwargs) -> None:
    # No sender filter: hosts may subclass PracticePage (multi-table inheritance).
    if not isinstance(instance, LISTED_PAGES):
        return
    if update_fields and EDITING_METADATA.issuperset(update_fields):
        return
    invalidate(CONTENT)


@receiver(post_delete)
def listed_page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, LISTED_PAGES):
        invalidate(CONTENT)
    if isinstance(instance, PracticePage):
        after_commit(delete_practice_pdfs, instance.pk)


@receiver(m2m_changed, sender=PracticePage.topics.through)
@receiver(m2m_changed, sender=PracticePage.cities.through)
def practice_links_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        invalidate(CONTENT)


@receiver(post_page_move)
@receiver(page_slug_changed)
def page_moved_or_renamed(sender, instance, **kwargs) -> None:
    # A move or slug change can carry practices into or out of an index or a restricted
    # section, and changes the addresses in cached cards, forms and PDFs; but only for a
    # page that is, or holds, a listed page or a restriction. Reordering the city's news
    # must not make every PDF and card new.
    if affects_listings(instance):
        invalidate(CONTENT, STRUCTURE)


def affects_listings(page: Page) -> bool:
    """Whether ``page`` or a page below it is listed or carries a view restriction."""
    below = {"path__startswith": page.path}
    return (
        any(model.objects.filter(**below).exists() for model in LISTED_PAGES)
        or PageViewRestriction.objects.filter(page__path__startswith=page.path).exists()
    )


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def restrictions_or_sites_changed(sender, **kwargs) -> None:
    invalidate(CONTENT, STRUCTURE)


@receiver(post_save)
@receiver(post_delete)
def taxonomy_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, TAXONOMY):
        invalidate(CONTENT, STRUCTURE)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(page_slug_changed)
def any_page_changed(sender, instance, **kwargs) -> None:
    # Kept responses show the host's menus and links to other pages around the practices.
    invalidate(PAGES)


@receiver(post_delete)
def any_page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        invalidate(PAGES)


@receiver(post_migrate)
def deployed(sender, app_config, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    # A deploy runs migrate: new code or templates must not meet responses and fragments
    # rendered by the old ones.
    if app_config.label != "icc_practices" or using != DEFAULT_DB_ALIAS:
        return
    from icc_practices.models import CacheGeneration

    # Not after `migrate icc_practices zero`, nor `flush` on a database without the table.
    if CacheGeneration._meta.db_table in connection.introspection.table_names():
        invalidate(*ALL_GENERATIONS)


@receiver(generations_replaced, dispatch_uid="icc_practices.warm_after_changes")
def warm_after_changes(sender, generations: tuple[str, ...], **kwargs) -> None:
    """Queue the rendering of every practice card for the new generations (with a task
    worker; see ``icc_practices.public.warming``)."""
    if CONTENT in generations or STRUCTURE in generations:
        warm_soon()


@receiver(page_published, dispatch_uid="icc_practices.purge_index_on_publish")
@receiver(page_unpublished, dispatch_uid="icc_practices.purge_index_on_unpublish")
def purge_index_from_frontend_cache(sender, instance, **kwargs) -> None:
    """A practice's publication changes its index's listing: Wagtail's frontend cache
    purges the practice itself, and here its index (the unfiltered address and its
    ``get_cached_paths``). Filtered addresses are countless: they are kept at most
    ``ICC_PRACTICES_HTTP_SHARED_MAX_AGE`` seconds. The index's translations list the
    practice too when it has no version in their language: they are purged as well."""
    if not isinstance(instance, PracticePage) or not apps.is_installed(FRONTEND_CACHE):
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

    index = instance.get_parent()
    if index is not None:
        purge_pages_from_cache(
            [index.specific_deferred, *index.get_translations().live().specific(defer=True)]
        )


@receiver(post_delete, sender=ProposalAttachment)
def attachment_deleted(sender, instance, **kwargs) -> None:
    """A deleted proposal (or attachment) takes its file with it, once committed."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)
