"""Invalidate cached listings whenever what visitors may see changes."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from icc_practices.cache import CONTENT, STRUCTURE, invalidate
from icc_practices.models import City, Country, PracticeIndexPage, PracticePage, Topic

LISTED_PAGES = (PracticePage, PracticeIndexPage)


@receiver(page_published)
@receiver(page_unpublished)
def practice_visibility_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, LISTED_PAGES):
        invalidate(CONTENT)


@receiver(post_save, sender=PracticePage)
@receiver(post_delete, sender=PracticePage)
def practice_saved_or_deleted(sender, instance, **kwargs) -> None:
    # Also catches pages created or changed in code without a publish signal.
    invalidate(CONTENT)


@receiver(post_page_move)
def page_moved(sender, **kwargs) -> None:
    # Any move can carry practices into or out of an index or a restricted section.
    invalidate(CONTENT, STRUCTURE)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, **kwargs) -> None:
    invalidate(CONTENT, STRUCTURE)


@receiver(post_save, sender=Topic)
@receiver(post_delete, sender=Topic)
@receiver(post_save, sender=City)
@receiver(post_delete, sender=City)
@receiver(post_save, sender=Country)
@receiver(post_delete, sender=Country)
def taxonomy_changed(sender, **kwargs) -> None:
    invalidate(CONTENT, STRUCTURE)
