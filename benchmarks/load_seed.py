"""Seed the load test's site through Wagtail's page API, as editors would have built it.

    DJANGO_SETTINGS_MODULE=benchmarks.load_settings ICC_LOAD_SEEDING=1 \\
        python -m benchmarks.load_seed --practices 10000

Run by ``benchmarks/load_fault.py`` against an empty database; it prints one JSON line of
timings at the end. What it makes:

- the example site's home page as the site root, with ordinary Wagtail pages around it
  (about, city services, news, each with child pages), each created, revised and published;
- a practice index that accepts proposals;
- the ICC taxonomy (``load_icc_taxonomy``), the demo cities and 24 photographs;
- ``--practices`` practices from the demo generator (``icc_practices.demo.builder``), each
  with ``add_child``, ``save_revision`` and ``publish``: a page row, a revision, log
  entries, topics, cities, keywords and, on every fourth, a photograph as hero image.

What is done differently from an editor clicking "Publish" 10,000 times, and why the
result is the same:
- ``--workers`` processes (2) add practices at once. Each practice is added as a draft in
  a short transaction that locks the index row (it numbers the new page's tree path), then
  revised and published in a second one; ``--transactions batch`` puts a whole batch in
  one transaction instead, which serialises the workers (every publish rewrites the
  package's cache generation row and adding a child locks the index row until commit), so
  it only suits one worker. Commits are not flushed to disk one by one
  (``synchronous_commit off``), as in a bulk import;
- the tasks a publish queues (search index and reference index updates) are collected and
  run once per ``--batch`` by the process that queued them, the search index with
  ``add_bulk`` on related fields prefetched as ``update_index`` does; the worker would run
  the same updates one task at a time;
- PDFs are not rendered on publish (``ICC_PRACTICES_PDF_RENDER_ON_PUBLISH = False``): the
  load test measures what visitors get when a PDF is not there yet.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import queue
import sys
import time
from collections import defaultdict

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.load_settings")

# Bump when what the seed creates changes: the script then rebuilds its template database.
SEED_VERSION = 2
DEMO_SEED = 2018
PHOTOS = 24  # photographs (2400 x 1600 JPEG, about 1 MB), the hero image of every 4th practice
PHOTO_TITLE = "Load test photo"
ORDINARY_SECTIONS = {
    "about": ("About the city", 6),
    "services": ("City services", 12),
    "news": ("News", 30),
}


def run_collected_tasks(stats: dict[str, float]) -> int:
    """Run the tasks the dummy backend collected since the last call; how many ran.

    Search index updates for the batch go to each backend in one ``add_bulk`` per model;
    every other task (reference index, anything the package queues) runs as the worker
    would run it, once per distinct call."""
    from django.apps import apps
    from django.db import transaction
    from django_tasks import task_backends
    from modelsearch.backends import get_search_backends

    collected = []
    for backend in task_backends.all():
        results = getattr(backend, "results", None)
        if results:
            collected.extend(results)
            backend.clear()
    to_index: dict[type, set[str]] = defaultdict(set)
    others: dict[tuple, object] = {}
    for result in collected:
        task = result.task
        if task.module_path.endswith("insert_or_update_object_task"):
            app_label, model_name, pk = result.args
            to_index[apps.get_model(app_label, model_name)].add(pk)
        else:
            key = (task.module_path, json.dumps(result.args), json.dumps(result.kwargs))
            others.setdefault(key, result)

    started = time.perf_counter()
    with transaction.atomic():
        by_class: dict[type, list] = defaultdict(list)
        for model, pks in to_index.items():
            # As ``update_index`` reads them: related fields prefetched, one query each.
            for instance in model.get_indexed_objects().filter(pk__in=pks):
                indexed = instance.get_indexed_instance()
                if indexed is not None:
                    by_class[type(indexed)].append(indexed)
        for backend in get_search_backends(with_auto_update=True):
            for model, objects in by_class.items():
                backend.add_bulk(model, objects)
    stats["search_index_s"] += time.perf_counter() - started

    started = time.perf_counter()
    for result in others.values():
        result.task.call(*result.args, **result.kwargs)
    stats["other_tasks_s"] += time.perf_counter() - started
    return sum(len(pks) for pks in to_index.values()) + len(others)


def publish(parent, page) -> None:
    parent.add_child(instance=page)
    page.save_revision().publish()


def build_site():
    """Home page as the site root, ordinary pages, the practice index; returns the index."""
    from django.db import transaction
    from home.models import HomePage
    from wagtail.models import Page, Site

    with transaction.atomic():
        site = Site.objects.get(is_default_site=True)
        welcome = site.root_page
        home = HomePage(
            title="Intercultural City",
            slug="home-page",
            intro="<p>This city builds its policies on the acknowledgement that diversity "
            "is a resource. Here is what we and other cities have learnt.</p>",
        )
        publish(Page.get_first_root_node(), home)
        site.root_page = home
        site.site_name = "Intercultural City"
        site.save()
        if welcome.specific_class is Page and not welcome.get_children().exists():
            welcome.delete()
        index = add_sections_and_index(home, Page)
    add_photos()
    return index


def add_sections_and_index(home, page_class):
    """The ordinary sections (``page_class`` pages, each with children) and the practice
    index under ``home``, each created, revised and published; returns the index."""
    from icc_practices.models import PracticeIndexPage

    for slug, (title, children) in ORDINARY_SECTIONS.items():
        section = page_class(title=title, slug=slug)
        publish(home, section)
        for number in range(1, children + 1):
            publish(section, page_class(title=f"{title}: item {number}", slug=f"{slug}-{number}"))
    index = PracticeIndexPage(
        title="Good practices",
        slug="practices",
        show_in_menus=True,
        accept_submissions=True,
        intro="<p>Examples of intercultural approaches that cities share: how to manage "
        "diversity, address conflicts and benefit from the diversity advantage.</p>",
    )
    publish(home, index)
    return index


def add_photos() -> None:
    """Photographs as editors upload them, for the practices' hero images."""
    import random

    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model

    from benchmarks.pdf_benchmark import photo

    rng = random.Random(DEMO_SEED)
    image_model = get_image_model()
    for number in range(PHOTOS):
        image = image_model(title=f"{PHOTO_TITLE} {number}")
        image.file.save(f"load-photo-{number}.jpg", ContentFile(photo(rng)), save=False)
        image.width, image.height = 2400, 1600  # photo()'s size
        image.save()


def new_practice(spec, *, topics, cities, countries):
    """An unsaved draft practice page from a demo spec, as the demo builder makes it."""
    from icc_practices.demo.builder import practice_page

    page = practice_page(spec, topics=topics, cities=cities, countries=countries)
    page.live = False  # a draft until it is published, as the admin creates pages
    return page


def seed_worker(
    index_pk: int, count: int, worker: int, workers: int, batch: int, transaction_mode: str, out
) -> None:
    """Create every ``workers``-th practice from ``worker`` on. Each practice: add the draft
    under the index (a short transaction holding the index row, which numbers the new
    page's tree path), then revise and publish it; the collected tasks run per batch."""
    from django.db import connection, transaction
    from wagtail.images import get_image_model
    from wagtail.models import Locale

    from icc_practices.demo.builder import ensure_cities, practice_specs
    from icc_practices.models import Country, PracticeIndexPage, PracticePage, Topic

    with connection.cursor() as cursor:
        # A bulk import does not need each commit flushed to disk before the next one.
        cursor.execute("SET synchronous_commit TO off")
    stats: dict[str, float] = defaultdict(float)
    locale = Locale.get_default()
    topics = {topic.slug: topic for topic in Topic.objects.filter(locale=locale)}
    cities = ensure_cities(locale)
    countries = {country.code.code: country for country in Country.objects.all()}
    photos = list(get_image_model().objects.filter(title__startswith=PHOTO_TITLE).order_by("pk"))
    mine = [
        (number, spec)
        for number, spec in enumerate(practice_specs(count, DEMO_SEED, sorted(topics)))
        if number % workers == worker
    ]
    # One transaction per practice (two, in fact: the draft, then its publication), or
    # one per batch. Batches serialise the workers: every publish rewrites the package's
    # cache generation row, and adding a child locks the index row, until commit.
    per_practice = transaction.atomic if transaction_mode == "practice" else contextlib.nullcontext
    per_batch = transaction.atomic if transaction_mode == "batch" else contextlib.nullcontext
    for first in range(0, len(mine), batch):
        with per_batch():
            for number, spec in mine[first : first + batch]:
                started = time.perf_counter()
                page = new_practice(spec, topics=topics, cities=cities, countries=countries)
                if photos and number % 4 == 1:
                    page.hero_image = photos[number % len(photos)]
                with per_practice():
                    index = PracticeIndexPage.objects.select_for_update().get(pk=index_pk)
                    index.add_child(instance=page)
                added = time.perf_counter()
                stats["add_child_s"] += added - started
                with per_practice():
                    page.save_revision().publish()
                    PracticePage.objects.filter(pk=page.pk).update(
                        first_published_at=spec.published, last_published_at=spec.published
                    )
                stats["publish_s"] += time.perf_counter() - added
                stats["practices"] += 1
            run_collected_tasks(stats)
        if worker == 0:
            done = min(first + batch, len(mine)) * workers
            print(f"  {min(done, count)}/{count} practices", file=sys.stderr, flush=True)
    out.put(dict(stats))


def seed_practices(
    index, count: int, batch: int, workers: int, transaction_mode: str, stats: dict[str, float]
) -> None:
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each worker opens its own
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    processes = [
        context.Process(
            target=seed_worker, args=(index.pk, count, n, workers, batch, transaction_mode, out)
        )
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    results = []
    try:
        while len(results) < workers:
            try:
                results.append(out.get(timeout=2))
            except queue.Empty:
                if any(process.exitcode for process in processes):
                    raise RuntimeError("a seed worker failed (its error is above)") from None
    finally:
        for process in processes:
            if process.is_alive() and len(results) < workers:
                process.terminate()
            process.join()
    for result in results:
        for key, value in result.items():
            stats[key] += value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2, help="processes adding practices")
    parser.add_argument(
        "--transactions",
        choices=["practice", "batch"],
        default="practice",
        help="one transaction per practice (the default, fastest with 2 workers) or per batch",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    stats: dict[str, float] = defaultdict(float)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    stats["migrate_s"] = time.perf_counter() - started

    phase = time.perf_counter()
    call_command("load_icc_taxonomy", stdout=io.StringIO())
    from wagtail.models import Locale

    from icc_practices.demo.builder import ensure_cities

    ensure_cities(Locale.get_default())  # before the workers start, which only read them
    index = build_site()
    run_collected_tasks(stats)
    stats["site_s"] = time.perf_counter() - phase

    phase = time.perf_counter()
    seed_practices(index, args.practices, args.batch, args.workers, args.transactions, stats)
    stats["practices_s"] = time.perf_counter() - phase

    phase = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    stats["analyze_s"] = time.perf_counter() - phase
    stats["total_s"] = time.perf_counter() - started
    print(json.dumps({key: round(value, 2) for key, value in stats.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
