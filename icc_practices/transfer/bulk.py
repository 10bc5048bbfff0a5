"""New practices from an import, created in batches.

Creating a page through Wagtail's page API costs about 150 queries and 250 ms: the tree
insert, three saves, a revision, publishing, a search-index update after each save and a
reference-index update. An import of 10,000 practices that way took most of an hour.
Here a batch of new practices becomes a handful of statements: the tree paths are worked
out in memory (treebeard's own encoding), the page rows, their revisions, their
relations and their audit-log entries are inserted in bulk, and the search index is
updated once for the batch. What the page API would also do is done once per import
(new cache generations). The reference index (the admin's usage counts) is not written
for them: ``manage.py rebuild_references_index`` does it.

Validation is the editor's, minus what needs the database per page: each row's fields
are cleaned by their model fields, the cities rule is checked in memory, and slugs are
made unique among the index's children before anything is written. If a batch fails
all the same (a constraint), the caller imports its rows one by one.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelsearch.backends import get_search_backends
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, Revision

from icc_practices.models import PracticeIndexPage, PracticeLink, PracticePage, PracticePageTag
from icc_practices.models.pages import cities_outside_country

# The fields a row fills in; every other field is the tree's or Wagtail's.
ROW_FIELDS = (
    *("title", "slug", "seo_title", "search_description", "summary", "year", "period"),
    *("purpose", "rationale", "process", "impact", "lead_organisation", "partners"),
    *("contact_name", "contact_email"),
)
RELATIONS = ("topics", "cities", "partner_cities", "other_countries")


def check(page: PracticePage) -> None:
    """The editor's checks of a new practice that need no query: its fields, and the
    cities rule (``ValidationError``)."""
    exclude = [field.name for field in PracticePage._meta.fields if field.name not in ROW_FIELDS]
    page.clean_fields(exclude=exclude)
    error = cities_outside_country(page.country, page.cities.all(), page.other_countries.all())
    if error is not None:
        raise ValidationError({"cities": error})


def create_practices(
    parent: PracticeIndexPage,
    pages: Sequence[PracticePage],
    *,
    publish: bool,
    first_published: Sequence[datetime.datetime | None],
    user: Any = None,
) -> None:
    """Insert these new, checked practices (relations assigned in memory) as children of
    ``parent``, each with a revision, published when asked."""
    if not pages:
        return
    now = timezone.now()
    locked = Page.objects.select_for_update().get(pk=parent.pk)
    last = locked.get_last_child() if locked.numchild else None
    step = last._get_lastpos_in_path() + 1 if last is not None else 1
    content_type = ContentType.objects.get_for_model(PracticePage)
    base_content_type = ContentType.objects.get_for_model(Page)
    for offset, page in enumerate(pages):
        page.depth = locked.depth + 1
        page.path = Page._get_path(locked.path, page.depth, step + offset)
        page.numchild = 0
        page.url_path = f"{locked.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = locked.locale_id
        page.draft_title = page.title
        page.live = publish
        page.has_unpublished_changes = not publish
        page.latest_revision_created_at = now
        page.owner = user
        if publish:
            page.first_published_at = first_published[offset] or now
            page.last_published_at = now
    # The page rows, then the practice rows that extend them (bulk_create refuses a
    # model with a parent table: its two inserts are made here one after the other).
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    PracticePage._base_manager._insert(
        pages, fields=PracticePage._meta.local_concrete_fields, using=Page.objects.db
    )
    Page.objects.filter(pk=locked.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild = locked.numchild + len(pages)

    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(page.pk),
            created_at=now,
            user=user,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in pages
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.live_revision = revision if publish else None
    # One statement: each page's revision, found by its object id (indexed).
    revision_of_page = Revision.objects.filter(
        base_content_type=base_content_type, object_id=Cast(OuterRef("pk"), CharField())
    ).values("pk")[:1]
    links = {"latest_revision": Subquery(revision_of_page)}
    if publish:
        links["live_revision"] = Subquery(revision_of_page)
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(**links)
    _relations(pages)
    _log(pages, content_type, now, publish, user)
    _index(pages)


def _relations(pages: Sequence[PracticePage]) -> None:
    for name in RELATIONS:
        field = PracticePage._meta.get_field(name)
        through: Any = field.remote_field.through
        source = field.m2m_field_name() + "_id"
        target = field.m2m_reverse_field_name() + "_id"
        through.objects.bulk_create(
            through(**{source: page.pk, target: related.pk})
            for page in pages
            for related in getattr(page, name).all()
        )
    names = {tag.name for page in pages for tag in page.tags.all()}
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(names - tags.keys()):
        tags[name] = Tag.objects.get_or_create(name=name)[0]  # taggit makes a unique slug
    PracticePageTag.objects.bulk_create(
        PracticePageTag(content_object_id=page.pk, tag_id=tags[tag.name].pk)
        for page in pages
        for tag in page.tags.all()
    )
    PracticeLink.objects.bulk_create(
        PracticeLink(page_id=page.pk, title=link.title, url=link.url, sort_order=order)
        for page in pages
        for order, link in enumerate(page.links.all())
    )


def _log(pages: Sequence[PracticePage], content_type, now, publish: bool, user: Any) -> None:
    """The audit log the page API writes: created, and published."""
    actions = ["wagtail.create", *(["wagtail.publish"] if publish else [])]
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type=content_type,
            page_id=page.pk,
            label=page.get_admin_display_title(),
            action=action,
            timestamp=now,
            user=user,
            revision=page.latest_revision if action == "wagtail.publish" else None,
            content_changed=True,
            data={"source": "import"},
        )
        for page in pages
        for action in actions
    )


def _index(pages: Sequence[PracticePage]) -> None:
    """The batch in every search backend that updates itself on save: the pages as they
    are in memory, relations included (reading them back cost a second per 500)."""
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(PracticePage, list(pages))
