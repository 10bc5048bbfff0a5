"""Benchmark the channels that lead visitors on (issue 17) in a host site as a city has it:
a practice page with its related practices, a feed of a filter, a collection of practices,
and the sitemap; beside a plain Wagtail page and the usual way of doing each, in the same
run.

    make discovery-benchmark
    python -m benchmarks.discovery_benchmark --database sqlite --sizes 1000 10000

The host and the site are those of ``benchmarks.host_benchmark`` (a ``wagtail start``
project with the package installed as the README says, ``DEBUG = False``, practices
created through Wagtail's page API and in bulk beside as many ordinary pages). Requests
go through Django's test client: middleware, routing, the host's templates.

Measured at each size:

- **practice page**: a random practice with an empty cache, then the first request after
  another practice was published, then rendered on a warm site (a request with a cookie,
  which the whole-response cache does not serve: the related practices and cards come
  from the cache), then kept whole (an anonymous visitor);
- the **usual related query**: the practices sharing the most topics, counted by the
  database (``annotate(Count)`` over the topics table, ordered, three read with what a card
  shows), as a site without the facet index would run it on every page view;
- **feed**: the RSS of a one-topic filter with an empty cache, then a filter not asked
  before on a warm site, then kept (what a polling reader gets, before its 304);
- **collection**: the ``{% icc_practice_collection %}`` tag for one topic, empty cache and
  warm (rendered in a template, as a host page's block is);
- **sitemap**: the whole ``sitemap.xml`` (every page of the site), called as its view,
  with an empty cache and kept; beside Wagtail's own sitemap view of the same pages
  (one language here, so the same URLs, without alternates).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable

from benchmarks.host_benchmark import (
    PLAIN_URL,
    RESULTS,
    build_site,
    forget_everything,
    grow,
    measure,
    prepare_database,
    prepare_host,
    scenario_table,
)


def usual_related(practice) -> list:
    """Related practices the usual way: shared topics counted by the database."""
    from django.db.models import Count, Q

    from icc_practices.models import PracticePage
    from icc_practices.search.listing import with_listing_data

    topics = list(practice.topics.values_list("pk", flat=True))
    ranked = (
        PracticePage.objects.live()
        .public()
        .child_of(practice.get_parent())
        .exclude(pk=practice.pk)
        .filter(topics__in=topics)
        .annotate(shared=Count("topics", filter=Q(topics__in=topics)))
        .order_by("-shared", "-year", "-pk")
        .values_list("pk", flat=True)[:3]
    )
    return list(with_listing_data(PracticePage.objects.filter(pk__in=list(ranked))))


def measure_size(index, size: int, runs: int, rng: random.Random) -> dict:
    from django.template import Context, Template
    from django.test import Client, RequestFactory
    from django_tasks import task_backends
    from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

    from icc_practices.models import PracticePage, Topic
    from icc_practices.search.cache import generation_scope
    from icc_practices.sitemaps import sitemap

    anonymous, with_cookie = Client(), Client(HTTP_COOKIE="sessionid=benchmark")
    practices = PracticePage.objects.child_of(index).live()
    pks = list(practices.values_list("pk", flat=True))
    topics = list(Topic.objects.filter(locale=index.locale).values_list("slug", flat=True))

    def get(client: Client, url: str) -> Callable[[], object]:
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return call

    def random_practice() -> PracticePage:
        return PracticePage.objects.get(pk=rng.choice(pks))

    def publish_one() -> None:
        page = random_practice()
        page.summary = page.summary + " "
        page.save_revision().publish()
        for backend in task_backends.all():
            if hasattr(backend, "clear"):
                backend.clear()

    practice = random_practice()
    practice_url = practice.url
    row: dict = {"practices": size}
    get(anonymous, PLAIN_URL)()
    row["plain_page"] = measure(get(anonymous, PLAIN_URL), runs * 2)
    row["practice_empty_cache"] = measure(
        get(anonymous, practice_url), runs, before=forget_everything
    )
    row["practice_after_publish"] = measure(get(anonymous, practice_url), runs, before=publish_one)
    get(with_cookie, practice_url)()
    row["practice_rendered_warm"] = measure(get(with_cookie, practice_url), runs * 2)
    get(anonymous, practice_url)()
    row["practice_kept"] = measure(get(anonymous, practice_url), runs * 2)
    row["usual_related"] = measure(lambda: usual_related(practice), runs)

    feed = index.url + "feed/?topic=" + topics[0]
    row["feed_empty_cache"] = measure(get(anonymous, feed), runs, before=forget_everything)
    states = iter(f"{index.url}feed/?topic={a}&topic={b}" for a in topics for b in topics if a < b)
    pending: list[str] = []
    get(anonymous, feed)()
    row["feed_new_filter"] = measure(
        lambda: get(anonymous, pending.pop())(), runs, before=lambda: pending.append(next(states))
    )
    row["feed_kept"] = measure(get(anonymous, feed), runs * 2)

    request = RequestFactory().get("/")
    template = Template(
        "{% load icc_discovery %}{% icc_practice_collection filters heading='Theme' %}"
    )

    def collection() -> str:
        with generation_scope():
            return template.render(Context({"request": request, "filters": "topic=" + topics[1]}))

    row["collection_empty_cache"] = measure(collection, runs, before=forget_everything)
    collection()
    row["collection_warm"] = measure(collection, runs * 2)

    def whole_sitemap() -> None:
        response = sitemap(RequestFactory().get("/sitemap.xml"))
        response.render()

    def wagtails_sitemap() -> None:
        response = wagtail_sitemap(RequestFactory().get("/sitemap.xml"))
        response.render()

    row["sitemap"] = measure(whole_sitemap, max(3, runs // 5), before=forget_everything)
    whole_sitemap()
    row["sitemap_kept"] = measure(whole_sitemap, runs)
    row["wagtail_sitemap"] = measure(wagtails_sitemap, max(3, runs // 5))
    row["sitemap_urls"] = (
        sitemap(RequestFactory().get("/sitemap.xml")).render().content.count(b"<url>")
    )
    for figures in row.values():
        if isinstance(figures, dict):
            figures.pop("by_template_ms", None)
    return row


SCENARIOS = {
    "plain_page": "plain Wagtail page",
    "practice_empty_cache": "practice page: empty cache",
    "practice_after_publish": "practice page: first request after a publish",
    "practice_rendered_warm": "practice page: rendered, warm site",
    "practice_kept": "practice page: kept whole",
    "usual_related": "usual related query (3 practices)",
    "feed_empty_cache": "feed: empty cache",
    "feed_new_filter": "feed: new filter, warm site",
    "feed_kept": "feed: kept",
    "collection_empty_cache": "collection tag: empty cache",
    "collection_warm": "collection tag: warm",
    "sitemap": "sitemap.xml, whole (empty cache)",
    "sitemap_kept": "sitemap.xml, kept",
    "wagtail_sitemap": "Wagtail's own sitemap view, same pages",
}


def report(database: str, rows: list[dict]) -> str:
    def urls(row: dict, key: str) -> str:
        return f" ({row['sitemap_urls']:,} URLs)" if key == "sitemap" else ""

    return "\n".join(scenario_table(database, rows, SCENARIOS, urls))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--host", choices=["wagtail-start", "example"], default="wagtail-start")
    parser.add_argument("--new-host", action="store_true", help="run `wagtail start` again")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--page-api", type=int, default=1000)
    args = parser.parse_args()

    prepare_host(args.host, new=args.new_host)
    prepare_database(args.database)
    import django

    django.setup()
    from django.db import connection

    index = build_site(args.host)
    rows, existing = [], 0
    rng = random.Random(17)
    for size in sorted(args.sizes):
        started = time.perf_counter()
        grow(index, size, existing, args.page_api)
        existing = size
        row = measure_size(index, size, args.runs, rng)
        row["build_s"] = round(time.perf_counter() - started, 1)
        row["database"] = (
            f"SQLite {connection.Database.sqlite_version}"
            if connection.vendor == "sqlite"
            else f"PostgreSQL {connection.pg_version // 10000}"
        )
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    print(report(f"{rows[0]['database']}, {args.host} host", rows))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"discovery-{args.host}-{args.database}.json").write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
