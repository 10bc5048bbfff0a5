"""Benchmark the practice index in a host site as a city has it, beside the usual listing
and a plain Wagtail page measured in the same run.

    make benchmark                                     # both databases, 1,000 to 100,000
    python -m benchmarks.host_benchmark --database sqlite --sizes 1000 10000 100000
    python -m benchmarks.host_benchmark --database postgres --host example

The host (``--host``) is, by default, a project made by ``wagtail start`` (kept in the
temporary directory; ``--new-host`` makes it again) with the package installed as the
README says and nothing else changed: its production settings (``DEBUG = False``,
``ManifestStaticFilesStorage``, static files collected as a deploy does), its per-process
cache (``LocMemCache``), its ``base.html`` and its one page type, ``home.HomePage``. With
``--host example`` it is the example site, whose design adds a menu, language links and a
footer to every page. Requests go through Django's test client in this process: middleware,
Wagtail's routing and serving, the host's templates and the package's, nothing skipped
(``benchmarks/host_settings.py``).

The site is built as editors build it (``benchmarks/load_seed.py``): the home page with
ordinary pages around it (about, city services, news, each with children), the ICC
taxonomy, 24 photographs, and practices created through Wagtail's page API (``add_child``,
``save_revision``, ``publish``), their search-index entries written as the task worker
writes them. Past ``--page-api`` practices (1,000 by default) the page API would take
hours (about 0.05-0.1 s a practice: up to 3 hours for 100,000), so the rest are written in
bulk with every row a publication leaves: the page and practice, their topics and cities,
a revision (the content of a page-API revision, with this page's fields) set as latest and
live revision, the "created" and "published" log entries, and the search-index entry. Each
practice comes with one ordinary page (news items, plain ``Page`` rows), also revised, so
the tree holds as many other pages as practices.

Measured at each size, for the index with one topic and one country selected:

- **empty cache**: every cache emptied before the request (server processes restarted,
  the cache flushed or its server replaced); a deploy that runs ``migrate`` also starts
  new generations, which makes its first request the next case until the warm-up task ran;
- **after a publish**: a practice is revised and published through the page API (not
  timed), then the request;
- **new filter state**: a filter combination not asked before, on an otherwise warm site
  (what most visitors' requests are): after the publications above, the site first
  answers 200 other random filter states, not measured, as it would visitors;
- **warm**: the same address again;
- the **usual listing**: ``PracticePage.objects.child_of(index).live().public()`` filtered,
  paginated with ``select_related``/``prefetch_related``, one ``COUNT`` per facet option,
  rendered by one template, nothing cached. It is called directly, without Wagtail's
  routing or a base template, which flatters it;
- a **plain Wagtail page** (``/about/``: in a ``wagtail start`` host a ``HomePage``, its
  only page type, served with its template; in the example site a ``Page`` in its design).

For each: the median, the number of queries, and the split of the median request's time
between SQL, template rendering (minus the SQL run inside templates) and the rest (Python).
The filter form (``filters_panel.html``, about 150 options) and the 12 result cards
(``practice_list.html``) are timed on their own on a request that renders them.

It prints Markdown tables (docs/performance.md holds the last run's) and writes JSON to
``benchmarks/results/``. On a 2-core machine a run up to 100,000 takes about 8 minutes on
SQLite and 20 on PostgreSQL, most of it building the sites; the build times are in the
output.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.host_settings"

POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_DATABASE = "icc_practices_host_bench"
# In this checkout (ignored by git), not a shared temporary directory where another user
# could leave a project for the benchmark to run.
RESULTS = Path(__file__).resolve().parent / "results"
SQLITE_PATH = RESULTS / "host-bench.sqlite3"
# The ``wagtail start`` project, made once and kept while its stamp (Wagtail's version,
# the apps added) matches; ``--new-host`` makes it again.
HOST_DIR = RESULTS / "wagtail-start-host"
HOST_PROJECT = "benchhost"
# The README's installation step: these apps after "search" in INSTALLED_APPS.
README_APPS = ("icc_practices", "wagtail_modeladmin", "django_countries")
PLAIN_URL = "/about/"
BATCH = 1000
# Filter states asked (not measured) between the last publication and the measurement of
# new ones: a site is "otherwise warm" when it has answered visitors since a change.
WARM_UP_STATES = 200


def prepare_database(kind: str) -> None:
    if kind == "postgres":
        import psycopg

        with psycopg.connect(POSTGRES_SERVER, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
            db.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{POSTGRES_DATABASE}"
    else:
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        SQLITE_PATH.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"


def prepare_host(kind: str, new: bool = False) -> None:
    """Put the host's project on the path for ``benchmarks.host_settings``.

    ``wagtail-start``: a project made by ``wagtail start`` with nothing changed but the
    README's installation step (the three apps added to ``INSTALLED_APPS``); its production
    settings are used as they are, with the database, secret key and tasks backend the
    benchmark needs. ``example``: the example site, with its own design (menu, language
    links, footer)."""
    os.environ["ICC_BENCHMARK_HOST"] = kind
    if kind == "example":
        sys.path.insert(0, str(REPO / "example_site"))
        return
    import wagtail

    stamp = json.dumps({"wagtail": wagtail.__version__, "apps": README_APPS})
    made = HOST_DIR / "benchmark-stamp.json"
    if new or not made.exists() or made.read_text() != stamp:
        shutil.rmtree(HOST_DIR, ignore_errors=True)
        making = HOST_DIR.with_name(HOST_DIR.name + ".new")
        shutil.rmtree(making, ignore_errors=True)
        making.mkdir(parents=True)
        command = shutil.which("wagtail", path=str(Path(sys.executable).parent)) or "wagtail"
        # Its messages go to stderr: stdout is the report (make benchmark keeps it).
        subprocess.run(  # noqa: S603 (our own paths)
            [command, "start", HOST_PROJECT, str(making)], check=True, stdout=sys.stderr
        )
        base = making / HOST_PROJECT / "settings" / "base.py"
        settings = base.read_text()
        added = "".join(f'    "{app}",\n' for app in README_APPS)
        installed = settings.replace('    "search",\n', '    "search",\n' + added, 1)
        if installed == settings:
            raise SystemExit(f"{base}: no 'search' app to add the package's apps after")
        base.write_text(installed)
        (making / made.name).write_text(stamp)
        making.rename(HOST_DIR)
    sys.path.insert(0, str(HOST_DIR))


# -- building the site ------------------------------------------------------------------


def build_site(host: str):
    """Migrate; taxonomy, cities, home page, ordinary pages, the index; returns the index."""
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Locale

    from benchmarks.load_seed import build_site as build_example_pages
    from benchmarks.load_seed import run_collected_tasks
    from icc_practices.demo.builder import ensure_cities

    call_command("migrate", verbosity=0, interactive=False)
    if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]:
        call_command("collectstatic", verbosity=0, interactive=False)  # as a deploy does
    call_command("load_icc_taxonomy", stdout=io.StringIO())
    ensure_cities(Locale.get_default())
    index = build_example_pages() if host == "example" else build_wagtail_start_pages()
    run_collected_tasks(defaultdict(float))
    return index


def build_wagtail_start_pages():
    """The project's own home page stays the root; ordinary pages of its one page type
    (``home.HomePage``) and the index go around it as editors would add them."""
    from django.db import transaction
    from home.models import HomePage
    from wagtail.models import Site

    from benchmarks.load_seed import add_photos, add_sections_and_index

    with transaction.atomic():
        home = Site.objects.get(is_default_site=True).root_page.specific
        index = add_sections_and_index(home, HomePage)
    add_photos()
    return index


def publish_through_page_api(index, first: int, last: int) -> None:
    """Practices ``first`` to ``last`` of the demo generator, each added, revised and
    published as an editor's "Publish" does; search-index tasks run once per 100."""
    from django.db import transaction
    from wagtail.images import get_image_model
    from wagtail.models import Locale

    from benchmarks.load_seed import DEMO_SEED, new_practice, run_collected_tasks
    from icc_practices.demo.builder import ensure_cities, practice_specs
    from icc_practices.models import Country, Topic

    locale = Locale.get_default()
    topics = {topic.slug: topic for topic in Topic.objects.filter(locale=locale)}
    cities = ensure_cities(locale)
    countries = {country.code.code: country for country in Country.objects.all()}
    photos = list(get_image_model().objects.order_by("pk"))
    specs = list(practice_specs(last, DEMO_SEED, sorted(topics)))[first:last]
    stats: dict[str, float] = defaultdict(float)
    for number, spec in enumerate(specs, start=first):
        page = new_practice(spec, topics=topics, cities=cities, countries=countries)
        if photos and number % 4 == 1:
            page.hero_image = photos[number % len(photos)]
        with transaction.atomic():
            index.add_child(instance=page)
            page.save_revision().publish()
            type(page).objects.filter(pk=page.pk).update(
                first_published_at=spec.published, last_published_at=spec.published
            )
        if number % 100 == 99:
            run_collected_tasks(stats)
    run_collected_tasks(stats)
    index.refresh_from_db()


def _revised(pages, template: dict, content_type, base_content_type, extra: Callable) -> None:
    """Give bulk-created pages what a publication leaves: a revision (``template``'s content
    with each page's own fields) as latest and live revision, and two log entries."""
    from wagtail.models import Page, PageLogEntry, Revision

    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(page.pk),
            created_at=page.last_published_at,
            object_str=page.title,
            content={
                **template,
                "pk": page.pk,
                "title": page.title,
                "draft_title": page.title,
                "slug": page.slug,
                "path": page.path,
                "url_path": page.url_path,
                "translation_key": str(page.translation_key),
                **extra(page),
            },
        )
        for page in pages
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = revision.pk
        page.live_revision_id = revision.pk
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"])
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type=content_type,
            label=page.title,
            action=action,
            data={},
            timestamp=page.last_published_at,
            revision=revision if action == "wagtail.publish" else None,
            content_changed=True,
            page_id=page.pk,
        )
        for page, revision in zip(pages, revisions, strict=True)
        for action in ("wagtail.create", "wagtail.publish")
    )


def publish_in_bulk(index, count: int, seed: int) -> None:
    """``count`` more practices with every row publishing them would leave (see the module
    docstring), and as many ordinary pages."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from benchmarks.bulk import bulk_practices
    from icc_practices.models import PracticePage

    template = PracticePage.objects.live().child_of(index).first().latest_revision.content
    existing = set(PracticePage.objects.child_of(index).values_list("pk", flat=True))
    bulk_practices(index, count, seed=seed)
    index.refresh_from_db()
    practice_type = ContentType.objects.get_for_model(PracticePage)
    page_type = ContentType.objects.get_for_model(Page)
    backend = get_search_backend()
    new = PracticePage.objects.child_of(index).exclude(pk__in=existing).order_by("pk")
    pks = list(new.values_list("pk", flat=True))
    for first in range(0, len(pks), BATCH):
        with transaction.atomic():
            practices = list(
                PracticePage.objects.filter(pk__in=pks[first : first + BATCH])
                .select_related("country")
                .prefetch_related("topics", "cities")
            )
            _revised(
                practices,
                template,
                practice_type,
                page_type,
                lambda page: {
                    "year": page.year,
                    "country": page.country_id,
                    "summary": page.summary,
                    "purpose": page.purpose,
                    "topics": [topic.pk for topic in page.topics.all()],
                    "cities": [city.pk for city in page.cities.all()],
                },
            )
            backend.add_bulk(PracticePage, practices)
    add_ordinary_pages(count, seed)


def add_ordinary_pages(count: int, seed: int) -> None:
    """``count`` news items (plain ``Page``) under the home page's "news" section, with
    revisions and log entries, so the tree holds other pages as a city's site does."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Page

    from benchmarks.bulk import published_page_row

    section = Page.objects.get(slug="news")
    page_type = ContentType.objects.get_for_model(Page)
    template = Page.objects.child_of(section).first().latest_revision.content
    rng = random.Random(seed)
    start = section.numchild
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        pages = []
        for number in range(start + offset + 1, start + offset + size + 1):
            published = datetime.datetime(
                rng.randint(2015, 2025), rng.randint(1, 12), 1, tzinfo=datetime.UTC
            )
            pages.append(
                published_page_row(
                    section,
                    number,
                    f"News: item {number}",
                    f"news-item-{number}",
                    page_type,
                    published,
                )
            )
        with transaction.atomic():
            Page.objects.bulk_create(pages)
            _revised(pages, template, page_type, page_type, lambda page: {})
    Page.objects.filter(pk=section.pk).update(numchild=start + count)


def grow(index, size: int, existing: int, page_api: int) -> dict[str, float]:
    """Add practices up to ``size``; seconds taken by each way of adding them."""
    from django.db import connection

    from icc_practices.search.cache import CONTENT, STRUCTURE, invalidate

    timings = {}
    through_api = max(0, min(size, page_api) - existing)
    if through_api:
        started = time.perf_counter()
        publish_through_page_api(index, existing, existing + through_api)
        timings["page_api_s"] = time.perf_counter() - started
        timings["page_api_ms_per_practice"] = timings["page_api_s"] * 1000 / through_api
    in_bulk = size - existing - through_api
    if in_bulk:
        started = time.perf_counter()
        publish_in_bulk(index, in_bulk, seed=size)
        invalidate(CONTENT, STRUCTURE)  # bulk rows send no signals
        timings["bulk_s"] = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would have by the time visitors come
    # SQLite sites have no planner statistics unless someone runs ANALYZE: none here either
    # (with them, SQLite scanned the whole page tree to join an empty table).
    return timings


# -- the usual listing -------------------------------------------------------------------

USUAL_TEMPLATE = """<form>{% for facet in facets %}<fieldset><legend>{{ facet.label }}</legend>
{% for option in facet.options %}<label><input type="checkbox" name="{{ facet.name }}"
 value="{{ option.value }}"{% if option.selected %} checked{% endif %}>
 {{ option.label }} ({{ option.count }})</label>{% endfor %}</fieldset>{% endfor %}</form>
<p>{{ page.paginator.count }} practices</p>
{% for practice in page %}<article><h2><a href="{{ practice.url }}">{{ practice.title }}</a></h2>
<p>{{ practice.summary }}</p><p>{% for topic in practice.topics.all %}{{ topic.name }}
{% endfor %}</p><p>{{ practice.country.name }} {% for city in practice.cities.all %}
{{ city.name }} {% endfor %}{{ practice.year }}</p></article>{% endfor %}"""


def usual_listing(index, selection: dict[str, list[str]]) -> str:
    """The index written the usual way: the ORM on every request, a COUNT per option."""
    from django.core.paginator import Paginator
    from django.db.models import Q
    from django.template import engines

    from icc_practices.models import City, Country, PracticePage, Topic

    base = PracticePage.objects.child_of(index).live().public()
    # A cross-border practice is found under its lead country and its further countries.
    lookups = {
        "topic": ("topics__slug__in",),
        "country": ("country__code__in", "other_countries__code__in"),
        "year": ("year__in",),
        "city": ("cities__slug__in",),
    }

    def any_of(names: tuple[str, ...], value: object) -> Q:
        condition = Q()
        for name in names:
            condition |= Q(**{name: value})
        return condition

    def stored(name: str, values: list[str]) -> list[str]:
        """Values as the database holds them: django-countries stores codes upper-case."""
        return [value.upper() for value in values] if name == "country" else values

    def filtered(without: str | None = None):
        practices = base
        for name, values in selection.items():
            if values and name != without:
                practices = practices.filter(any_of(lookups[name], stored(name, values)))
        many = {"topic", "city", "country"} & set(selection) - {without}
        return practices.distinct() if many else practices

    results = (
        filtered()
        .select_related("country")
        .prefetch_related("topics", "cities")
        .order_by("-first_published_at", "pk")
    )
    page = Paginator(results, 12).get_page(1)

    def facet(name: str, label: str, choices, lookup: tuple[str, ...]) -> dict:
        """A facet's options, each counted by its own query."""
        chosen = selection.get(name, [])
        return {
            "name": name,
            "label": label,
            "options": [
                {
                    "value": value,
                    "label": text,
                    "count": filtered(name).filter(any_of(lookup, item)).distinct().count(),
                    "selected": str(value) in chosen,
                }
                for value, text, item in choices
            ],
        }

    topics = Topic.objects.filter(locale=index.locale).order_by("name")
    cities = City.objects.filter(locale=index.locale).order_by("name")
    years = base.order_by("-year").values_list("year", flat=True).distinct()
    facets = [
        facet("topic", "Topic", ((t.slug, t.name, t) for t in topics), ("topics",)),
        facet(
            "country",
            "Country",
            ((c.code.code.lower(), c.name, c) for c in Country.objects.all()),
            ("country", "other_countries"),
        ),
        facet("year", "Year", ((year, year, year) for year in years), ("year",)),
        facet("city", "City", ((c.slug, c.name, c) for c in cities), ("cities",)),
    ]
    template = engines["django"].from_string(USUAL_TEMPLATE)
    return template.render({"facets": facets, "page": page})


def check_usual_listing(index, selection: dict[str, list[str]]) -> None:
    """The usual listing must find what the index finds, or comparing them means nothing
    (it once matched no practice for any country: codes are stored upper-case)."""
    from icc_practices.search.cache import generation_scope
    from icc_practices.search.query import search_practices

    found = re.search(r"<p>(\d+) practices</p>", usual_listing(index, selection))
    with generation_scope():
        expected = search_practices(index, selection, per_page=12).total
    if found is None or int(found.group(1)) != expected:
        raise SystemExit(f"the usual listing disagrees with the index for {selection}")


# -- measuring ---------------------------------------------------------------------------


class Split:
    """Time spent in SQL and in template rendering during one call, and per template."""

    def __init__(self) -> None:
        self.sql = 0.0
        self.sql_in_templates = 0.0
        self.templates = 0.0
        self.by_template: dict[str, float] = defaultdict(float)
        self.queries = 0
        self._depth = 0
        self._open: set[str] = set()

    @contextmanager
    def recording(self):
        from django.db import connection
        from django.db.models.sql import compiler
        from django.template import base

        original = base.Template.render
        original_iter = compiler.cursor_iter
        split = self

        def fetched(cursor, sentinel, col_count, itersize):
            """Rows fetched in chunks: SQLite runs much of a statement while they are
            read, after ``execute`` returned."""
            chunks = original_iter(cursor, sentinel, col_count, itersize)
            while True:
                started = time.perf_counter()
                try:
                    rows = next(chunks)
                except StopIteration:
                    return
                finally:
                    elapsed = time.perf_counter() - started
                    split.sql += elapsed
                    if split._depth:
                        split.sql_in_templates += elapsed
                yield rows

        def render(template, context):
            name = template.origin.template_name if template.origin else None
            outer, mine = split._depth == 0, name is not None and name not in split._open
            split._depth += 1
            if mine:
                split._open.add(name)
            started = time.perf_counter()
            try:
                return original(template, context)
            finally:
                elapsed = time.perf_counter() - started
                split._depth -= 1
                if mine:
                    split._open.discard(name)
                    split.by_template[str(name)] += elapsed
                if outer:
                    split.templates += elapsed

        def execute(run, sql, params, many, context):
            started = time.perf_counter()
            try:
                return run(sql, params, many, context)
            finally:
                elapsed = time.perf_counter() - started
                split.sql += elapsed
                split.queries += 1
                if split._depth:
                    split.sql_in_templates += elapsed

        base.Template.render = render
        compiler.cursor_iter = fetched
        try:
            with connection.execute_wrapper(execute):
                yield self
        finally:
            base.Template.render = original
            compiler.cursor_iter = original_iter


def measure(call: Callable[[], object], runs: int, before: Callable[[], object] | None = None):
    """Median ms over ``runs`` calls; then, from a few more calls recorded by
    :class:`Split` (which slows them a little), the query count and the SQL / template /
    Python split of the median one."""
    timings = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    recorded = []
    for _ in range(max(3, runs // 3)):
        if before:
            before()
        split = Split()
        with split.recording():
            started = time.perf_counter()
            call()
            total = time.perf_counter() - started
        recorded.append((total, split))
    recorded.sort(key=lambda sample: sample[0])
    total, split = recorded[len(recorded) // 2]
    templates = split.templates - split.sql_in_templates
    return {
        "ms": round(statistics.median(timings) * 1000, 1),
        "queries": split.queries,
        "sql_ms": round(split.sql * 1000, 1),
        "template_ms": round(templates * 1000, 1),
        "python_ms": round((total - split.sql - templates) * 1000, 1),
        "by_template_ms": {
            name: round(seconds * 1000, 2) for name, seconds in split.by_template.items()
        },
    }


def filter_states(rng: random.Random, vocabulary: dict[str, list[str]], count: int):
    """``count`` distinct random filter states (1-2 topics, 0-2 countries, 0-1 year)."""
    seen, states = set(), []
    while len(states) < count:
        state = {
            "topic": sorted(rng.sample(vocabulary["topic"], rng.randint(1, 2))),
            "country": sorted(rng.sample(vocabulary["country"], rng.randint(0, 2))),
            "year": sorted(rng.sample(vocabulary["year"], rng.randint(0, 1))),
        }
        key = json.dumps(state, sort_keys=True)
        if key not in seen:
            seen.add(key)
            states.append({name: values for name, values in state.items() if values})
    return states


def forget_everything() -> None:
    """Empty every cache this process has: the shared cache and the package's own."""
    from django.core.cache import caches

    from icc_practices.search.cache import forget_in_process

    for alias in caches:
        caches[alias].clear()
    forget_in_process()


def translate_subset(index, count: int) -> tuple[object, float]:
    """The French index and the first ``count`` practices translated as the demo does
    (``copy_for_translation`` and a publication through the page API each); returns the
    French index and the seconds taken."""
    from wagtail.models import Locale

    from benchmarks.load_seed import DEMO_SEED, run_collected_tasks
    from icc_practices.demo.translation import translate_demo_collection
    from icc_practices.search.cache import CONTENT, STRUCTURE, invalidate

    started = time.perf_counter()
    translated = translate_demo_collection("fr", count, DEMO_SEED)
    run_collected_tasks(defaultdict(float))
    invalidate(CONTENT, STRUCTURE)
    if translated < count:
        raise SystemExit(f"only {translated} of {count} practices could be translated")
    french = index.get_translation(Locale.objects.get(language_code="fr"))
    return french, time.perf_counter() - started


def measure_size(
    index,
    size: int,
    runs: int,
    usual_runs: int,
    rng: random.Random,
    source=None,
) -> dict:
    """Every scenario on ``index``. ``source``: the default language's index, for a
    translation of it that also lists that language's practices; the filter states are
    chosen from everything it lists, and the usual listing is left out (it is
    ``child_of`` one index, one language)."""
    from django.db.models import Count
    from django.test import Client
    from django_tasks import task_backends

    from icc_practices.models import PracticePage, Topic

    client = Client()

    def get(url: str) -> Callable[[], object]:
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return call

    usual = source is None
    practices = PracticePage.objects.child_of(source or index).live()
    # One topic and one country: the most common pair, as in the issue (47 of 10,000).
    topic, country = (
        practices.values_list("topics__slug", "country__code")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()[:2]
    )
    selection = {"topic": [topic], "country": [country.lower()]}
    url = index.url + "?" + urlencode(selection, doseq=True)
    vocabulary = {
        "topic": sorted(Topic.objects.filter(locale=index.locale).values_list("slug", flat=True)),
        "country": sorted(
            code.lower() for code in practices.values_list("country__code", flat=True).distinct()
        ),
        "year": sorted(
            str(year)
            for year in practices.exclude(year=None).values_list("year", flat=True).distinct()
        ),
    }
    if usual:
        for checked in [selection, *filter_states(random.Random(size), vocabulary, 5)]:
            check_usual_listing(index, checked)
    new_states = iter(filter_states(rng, vocabulary, WARM_UP_STATES + runs * 6 + usual_runs * 4))
    in_language = PracticePage.objects.child_of(index).live()
    to_publish = iter(in_language.order_by("?").values_list("pk", flat=True)[: runs * 2 + 2])

    def new_state_url() -> str:
        return index.url + "?" + urlencode(next(new_states), doseq=True)

    def publish_one() -> None:
        page = PracticePage.objects.get(pk=next(to_publish))
        page.summary = page.summary + " "
        page.save_revision().publish()
        for backend in task_backends.all():  # the worker would warm the cards: not yet
            if hasattr(backend, "clear"):
                backend.clear()

    row: dict = {"practices": size}
    get(PLAIN_URL)()
    row["plain_page"] = measure(get(PLAIN_URL), runs * 2)
    row["empty_cache"] = measure(get(url), runs, before=forget_everything)
    row["after_publish"] = measure(get(url), runs, before=publish_one)
    get(url)()
    for _ in range(WARM_UP_STATES):  # visitors since the last publication
        get(new_state_url())()
    pending: list[str] = []

    def new_state() -> None:
        get(pending.pop())()

    row["new_state"] = measure(new_state, runs, before=lambda: pending.append(new_state_url()))
    row["warm"] = measure(get(url), runs * 2)
    if usual:
        row["usual_listing"] = measure(lambda: usual_listing(index, selection), usual_runs)
        row["usual_new_state"] = measure(
            lambda: usual_listing(index, pending.pop()),
            usual_runs,
            before=lambda: pending.append(next(new_states)),
        )
    # The form and the cards, timed on a request that renders them (a new filter state).
    rendered = measure(new_state, runs, before=lambda: pending.append(new_state_url()))
    row["filter_form_ms"] = rendered["by_template_ms"].get(
        "icc_practices/includes/filters_panel.html"
    )
    row["cards_ms"] = rendered["by_template_ms"].get("icc_practices/includes/practice_list.html")
    row["options"] = get(url)().content.count(b'type="checkbox"')
    for scenario in ("plain_page", "empty_cache", "after_publish", "new_state", "warm"):
        row[scenario].pop("by_template_ms")
    row["listed"] = listed_count(index, url)
    if not usual:
        return row
    for scenario in ("usual_listing", "usual_new_state"):
        row[scenario].pop("by_template_ms")
    # What the package adds to a page of the site's design (its routing, base template and
    # menu are the plain page's, and grow with the page tree, not with the practices).
    row["beyond_plain_page"] = {
        scenario: round(row[scenario]["ms"] - row["plain_page"]["ms"], 1)
        for scenario in ("empty_cache", "after_publish", "new_state")
    }
    # The usual listing would be a page of the same site: it would pay what a plain page
    # pays (routing, the base template) on top of what is measured of it here.
    plain = row["plain_page"]["ms"]
    usual, usual_new = row["usual_listing"]["ms"] + plain, row["usual_new_state"]["ms"] + plain
    row["ratios"] = {
        "empty_cache": round(usual / row["empty_cache"]["ms"], 1),
        "after_publish": round(usual / row["after_publish"]["ms"], 1),
        "new_state": round(usual_new / row["new_state"]["ms"], 1),
        "warm": round(usual / row["warm"]["ms"], 1),
    }
    return row


def listed_count(index, url: str) -> int:
    """How many practices the measured filter state lists (a mixed-language index lists
    more than its own language's)."""
    from icc_practices.search.cache import generation_scope
    from icc_practices.search.query import search_practices

    with generation_scope():
        return search_practices(index, dict(parse_qs(urlsplit(url).query)), per_page=12).total


# -- report ------------------------------------------------------------------------------

SCENARIOS = {
    "plain_page": "plain Wagtail page",
    "empty_cache": "index: empty cache",
    "after_publish": "index: first request after a publish",
    "new_state": "index: new filter state, warm site",
    "warm": "index: warm",
    "usual_listing": "usual listing, same filter",
    "usual_new_state": "usual listing, new filter state",
}


def scenario_table(
    database: str,
    rows: list[dict],
    scenarios: dict[str, str],
    note: Callable[[dict, str], str] = lambda row, key: "",
) -> list[str]:
    """The Markdown table of each size's scenarios: median, queries and the time split
    (``note`` adds to a scenario's label)."""
    lines = [
        "",
        f"### {database}",
        "",
        "| practices | scenario | median | queries | SQL / templates / Python |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        for key, label in scenarios.items():
            figures = row[key]
            lines.append(
                f"| {row['practices']:,} | {label}{note(row, key)} | {figures['ms']} ms "
                f"| {figures['queries']} | {figures['sql_ms']} / {figures['template_ms']} / "
                f"{figures['python_ms']} ms |"
            )
    return lines


MIXED_SCENARIOS = {
    key: label.replace("index:", "French index (mixed):")
    for key, label in SCENARIOS.items()
    if not key.startswith("usual")
}


def mixed_report(rows: list[dict]) -> list[str]:
    """The French index of a partly translated collection, measured in the same run."""
    if not rows:
        return []
    first = rows[0]
    return scenario_table(
        f"the same site's French index: {first['translated']:,} practices translated, "
        f"the others listed in English ({first['listed']:,} for the measured filter)",
        rows,
        MIXED_SCENARIOS,
    )


def report(database: str, rows: list[dict], mixed: list[dict] | None = None) -> str:
    lines = scenario_table(database, rows, SCENARIOS)
    lines += [
        "",
        "| practices | usual ÷ empty cache | usual ÷ after publish | usual ÷ new state "
        "| usual ÷ warm | new state beyond the plain page | filter form (options) | 12 cards "
        "| build |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratios, build = row["ratios"], row["build"]
        built = ", ".join(f"{key} {value:.1f}" for key, value in build.items())
        lines.append(
            f"| {row['practices']:,} | {ratios['empty_cache']}x | {ratios['after_publish']}x "
            f"| {ratios['new_state']}x | {ratios['warm']}x "
            f"| {row['beyond_plain_page']['new_state']} ms "
            f"| {row['filter_form_ms']} ms ({row['options']}) | {row['cards_ms']} ms "
            f"| {built} |"
        )
    lines += mixed_report(mixed or [])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--host",
        choices=["wagtail-start", "example"],
        default="wagtail-start",
        help="a new `wagtail start` project, or the example site with its own design",
    )
    parser.add_argument("--new-host", action="store_true", help="run `wagtail start` again")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--usual-runs", type=int, default=5)
    parser.add_argument(
        "--page-api", type=int, default=1000, help="practices made through the page API"
    )
    parser.add_argument(
        "--translated",
        type=int,
        default=0,
        help="also translate this many practices into French (example host; at most "
        "--page-api) and measure the French index, which lists every practice, at each "
        "size that has as many",
    )
    args = parser.parse_args()
    if args.translated and args.host != "example":
        parser.error("--translated needs --host example (a wagtail start host has one language)")
    if args.translated > args.page_api:
        parser.error("--translated counts practices made through the page API: raise --page-api")

    prepare_host(args.host, new=args.new_host)
    prepare_database(args.database)
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    index = build_site(args.host)
    site_s = time.perf_counter() - started
    rows, mixed, existing, french = [], [], 0, None
    rng = random.Random(2018)
    for size in sorted(args.sizes):
        build = grow(index, size, existing, args.page_api)
        existing = size
        if not rows:
            build["site_s"] = site_s
        runs = args.runs
        usual_runs = max(3, args.usual_runs if size <= 10000 else args.usual_runs // 2)
        row = measure_size(index, size, runs, usual_runs, rng)
        row["build"] = {key: round(value, 1) for key, value in build.items()}
        row["database"] = (
            f"{connection.vendor} {connection.Database.sqlite_version}"
            if (connection.vendor == "sqlite")
            else f"PostgreSQL {connection.pg_version // 10000}"
        )
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
        if args.translated and size >= args.translated:
            if french is None:
                french, seconds = translate_subset(index, args.translated)
                row["build"]["translate_s"] = round(seconds, 1)
            french_row = measure_size(french, size, runs, usual_runs, rng, source=index)
            french_row["translated"] = args.translated
            mixed.append(french_row)
            print(json.dumps(french_row), file=sys.stderr, flush=True)
    print(report(f"{rows[0]['database']}, {args.host} host", rows, mixed))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"host-{args.host}-{args.database}.json").write_text(
        json.dumps({"rows": rows, "french": mixed}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
