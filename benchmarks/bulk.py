"""Create many practices fast, for benchmarks only.

Wagtail's ``add_child`` plus publishing costs about 0.25 s a page, hours for 50,000. Here
page rows are inserted in bulk with tree paths computed up front, then the practice rows
and relations. The result is what publishing would leave behind, minus revisions and
search-index entries (these are built separately, when a benchmark needs search).
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page

from icc_practices.demo import content
from icc_practices.models import City, Country, PracticePage, Topic

BATCH = 1000


def published_page_row(
    parent: Page, number: int, title: str, slug: str, content_type, published
) -> Page:
    """An unsaved ``Page`` row as publishing leaves it, the ``number``-th child of
    ``parent`` (tree path computed here, so rows can be inserted in bulk)."""
    return Page(
        title=title,
        draft_title=title,
        slug=slug,
        path=Page._get_path(parent.path, parent.depth + 1, number),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        content_type=content_type,
        live=True,
        has_unpublished_changes=False,
        first_published_at=published,
        last_published_at=published,
        locale_id=parent.locale_id,
        translation_key=uuid.uuid4(),
    )


@transaction.atomic
def bulk_practices(index: Page, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    topics = list(Topic.objects.filter(locale=index.locale))
    countries = {country.code.code: country for country in Country.objects.all()}
    cities: dict[str, list[City]] = {}
    for city in City.objects.filter(locale=index.locale).select_related("country"):
        cities.setdefault(city.country.code.code, []).append(city)
    codes = sorted(cities)
    content_type = ContentType.objects.get_for_model(PracticePage)
    start = index.numchild
    fields = PracticePage._meta.local_concrete_fields

    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        pages, plans = [], []
        for number in range(start + offset + 1, start + offset + size + 1):
            code = rng.choice(codes)
            # Some countries have one city only (the demo's partner cities abroad).
            wanted = rng.choice((0, 1, 1, 2))
            chosen = rng.sample(cities[code], k=min(wanted, len(cities[code])))
            title = rng.choice(content.PRACTICE_TITLE_PATTERNS).format(
                city=chosen[0].name if chosen else code
            )
            slug = f"bench-{number}"
            year = rng.randint(2015, 2024)
            published = datetime.datetime(year, rng.randint(1, 12), 1, tzinfo=datetime.UTC)
            pages.append(published_page_row(index, number, title, slug, content_type, published))
            plans.append((code, chosen, year, rng.sample(topics, k=rng.choice((1, 2, 3)))))
        Page.objects.bulk_create(pages)
        practices = []
        for page, (code, _chosen, year, _topics) in zip(pages, plans, strict=True):
            practice = PracticePage(page_ptr_id=page.pk, country=countries[code], year=year)
            practice.summary = rng.choice(content.SUMMARY_SENTENCES).format(city=code)
            practice.purpose = f"<p>{rng.choice(content.PURPOSE_PARAGRAPHS).format(city=code)}</p>"
            practices.append(practice)
        PracticePage._base_manager._insert(practices, fields=fields)
        topic_links = PracticePage.topics.through
        city_links = PracticePage.cities.through
        topic_links.objects.bulk_create(
            topic_links(practicepage_id=page.pk, topic_id=topic.pk)
            for page, plan in zip(pages, plans, strict=True)
            for topic in plan[3]
        )
        city_links.objects.bulk_create(
            city_links(practicepage_id=page.pk, city_id=city.pk)
            for page, plan in zip(pages, plans, strict=True)
            for city in plan[1]
        )
    Page.objects.filter(pk=index.pk).update(numchild=start + count)
