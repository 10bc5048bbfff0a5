"""Benchmark the practice index at growing sizes, on SQLite or PostgreSQL.

    python -m benchmarks.index_benchmark --database sqlite --sizes 1000 10000 50000
    python -m benchmarks.index_benchmark --database postgres --sizes 1000 10000 50000

For each size it serves the index through Django's test client (full Wagtail routing and
template rendering) and reports, per scenario:
- queries: total for the request, Wagtail's for a plain page (the baseline), and ours;
- median latency cold (cache cleared before every request) and warm (cache filled);
- the same page built naively (``live().specific()`` with topics read per item), and the
  ratio of its time to ours.
It prints a Markdown table (paste it into docs/performance.md) and writes JSON next to it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/icc_practices_bench"
SCENARIOS = {
    "unfiltered": "",
    "2 topics + 2 countries + year": "?topic=education&topic=roma&country=es&country=it&year=2019",
    "search + topic": "?q=mediators&topic=education",
    "page 40": "?page=40",
}


def prepare_database(kind: str) -> None:
    if kind == "postgres":
        import psycopg

        os.environ["DATABASE_URL"] = POSTGRES_URL
        server = "postgresql://postgres@127.0.0.1:5432/postgres"
        with psycopg.connect(server, autocommit=True) as db:
            db.execute("DROP DATABASE IF EXISTS icc_practices_bench")
            db.execute("CREATE DATABASE icc_practices_bench")
    else:
        import tempfile

        path = Path(tempfile.gettempdir()) / "icc-practices-bench.sqlite3"
        path.unlink(missing_ok=True)


def refresh_planner_statistics() -> None:
    """Give the query planner the statistics a live database has.

    Bulk loading thousands of rows and querying a second later measures a planner that
    still believes the tables are empty (PostgreSQL chose nested loops over 10,000 rows:
    126 ms instead of 81 ms). On a running site autovacuum keeps them current; here we
    ask for it, on both databases.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def save_results(name: str, data) -> None:
    """Write a run's figures as JSON to benchmarks/results/ (not committed)."""
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    (results / f"{name}.json").write_text(json.dumps(data, indent=2, default=str))


def median_ms(function, runs: int, before=None) -> float:
    samples = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def count_queries(function) -> int:
    from django.db import connection

    counter = [0]

    def wrapper(execute, sql, params, many, context):
        counter[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        function()
    return counter[0]


def naive_listing(index, per_page: int = 12) -> None:
    """What a first version would write: no query layer, no prefetching."""
    from django.core.paginator import Paginator

    from icc_practices.models import PracticePage

    practices = PracticePage.objects.child_of(index).live().public().specific().order_by("-year")
    page = Paginator(practices, per_page).get_page(1)
    for practice in page.object_list:
        [topic.name for topic in practice.topics.all()]
        [city.name for city in practice.cities.all()]
        practice.country.name  # noqa: B018
    counts = {}
    for practice in practices:
        for topic in practice.topics.all():
            counts[topic.slug] = counts.get(topic.slug, 0) + 1


def create_site():
    """Migrate, load the taxonomy and cities, and add an index and a plain page."""
    from django.core.management import call_command
    from wagtail.models import Locale, Page, Site

    from icc_practices.demo.builder import ensure_cities
    from icc_practices.models import PracticeIndexPage

    call_command("migrate", verbosity=0)
    call_command("load_icc_taxonomy", stdout=io.StringIO())
    ensure_cities(Locale.get_default())
    root = Site.objects.get(is_default_site=True).root_page
    index = PracticeIndexPage(title="Practices", slug="practices", results_per_page=12)
    root.add_child(instance=index)
    plain = Page(title="Plain", slug="plain")
    root.add_child(instance=plain)
    return index, plain


def grow_collection(index, size: int, existing: int) -> float:
    """Bulk-create practices up to ``size``, index them for search; seconds taken."""
    from wagtail.search.backends import get_search_backend

    from benchmarks.bulk import bulk_practices
    from icc_practices.models import PracticePage

    started = time.perf_counter()
    bulk_practices(index, size - existing, seed=size)
    index.refresh_from_db()
    get_search_backend().add_bulk(PracticePage, list(PracticePage.objects.child_of(index)))
    refresh_planner_statistics()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--naive-max", type=int, default=10000, help="skip naive above this")
    args = parser.parse_args()

    prepare_database(args.database)
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from icc_practices.search.cache import CONTENT, invalidate

    index, plain = create_site()
    client = Client()
    rows, created = [], 0
    for size in sorted(args.sizes):
        build_s = grow_collection(index, size, created)
        created = size
        client.get(plain.url)  # warm Wagtail's own site-root cache first
        baseline = count_queries(lambda: client.get(plain.url))
        plain_ms = median_ms(lambda: client.get(plain.url), args.runs)
        for name, query in SCENARIOS.items():
            url = index.url + query

            def get(url=url):
                response = client.get(url)
                assert response.status_code == 200, response.status_code

            def after_publish():
                invalidate(CONTENT)

            cache.clear()
            empty_queries = count_queries(get)
            after_publish()
            cold_queries = count_queries(get)
            warm_queries = count_queries(get)
            empty = median_ms(get, args.runs, before=cache.clear)
            cold = median_ms(get, args.runs, before=after_publish)
            get()
            warm = median_ms(get, args.runs * 2)
            naive = None
            if name == "unfiltered" and size <= args.naive_max:
                naive = median_ms(lambda: naive_listing(index), max(3, args.runs // 5))
            rows.append(
                {
                    "database": args.database,
                    "practices": size,
                    "scenario": name,
                    "queries_empty_cache": empty_queries,
                    "ours_empty_cache": empty_queries - baseline,
                    "empty_cache_ms": round(empty, 1),
                    "plain_page_ms": round(plain_ms, 1),
                    "queries_cold": cold_queries,
                    "queries_warm": warm_queries,
                    "wagtail_baseline": baseline,
                    "ours_cold": cold_queries - baseline,
                    "ours_warm": warm_queries - baseline,
                    "cold_ms": round(cold, 1),
                    "warm_ms": round(warm, 1),
                    "naive_ms": round(naive, 1) if naive else None,
                    "naive_ratio_cold": round(naive / cold, 1) if naive else None,
                    "build_s": round(build_s, 1),
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr)

    print(
        "| db | practices | scenario | our queries: empty cache / cold / warm "
        "| median: empty cache / cold / warm | plain Wagtail page | naive | naive ÷ cold |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        naive = f"{row['naive_ms']} ms" if row["naive_ms"] else "–"
        ratio = f"{row['naive_ratio_cold']}×" if row["naive_ratio_cold"] else "–"
        print(
            f"| {row['database']} | {row['practices']:,} | {row['scenario']} "
            f"| {row['ours_empty_cache']} / {row['ours_cold']} / {row['ours_warm']} "
            f"| {row['empty_cache_ms']} / {row['cold_ms']} / {row['warm_ms']} ms "
            f"| {row['plain_page_ms']} ms, {row['wagtail_baseline']} queries "
            f"| {naive} | {ratio} |"
        )
    save_results(f"index-{args.database}", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
