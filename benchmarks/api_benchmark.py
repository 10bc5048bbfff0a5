"""Benchmark the headless API at a given size: list, facets, taxonomy and detail endpoints.

    python -m benchmarks.api_benchmark --database postgres --size 10000

Requests go through Django's test client to Wagtail's v3 API (``/api/v3/practices/...``).
Reports our queries and the median time cold (right after a publish) and warm, like
``index_benchmark``, and writes JSON to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

from benchmarks.index_benchmark import (
    count_queries,
    create_site,
    grow_collection,
    median_ms,
    prepare_database,
    save_results,
)

FILTERS = "topic=education&topic=roma&country=es&country=it&year=2019"
SCENARIOS = {
    "list, unfiltered": "",
    "list, 2 topics + 2 countries + year": "?" + FILTERS,
    "list, 100 per page": "?page_size=100",
    "facets, 2 topics + 2 countries + year": "facets/?" + FILTERS,
    "taxonomy": "taxonomy/",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    prepare_database(args.database)
    import django

    django.setup()
    from django.test import Client

    from icc_practices.models import PracticePage
    from icc_practices.search.cache import CONTENT, invalidate

    index, _plain = create_site()
    grow_collection(index, args.size, 0)
    client = Client()
    practice = PracticePage.objects.child_of(index).order_by("-pk").first()
    scenarios = {**SCENARIOS, "detail": f"{practice.pk}/"}
    rows = []
    for name, path in scenarios.items():
        url = "/api/v3/practices/" + path

        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])

        get()
        invalidate(CONTENT)
        cold_queries = count_queries(get)
        warm_queries = count_queries(get)
        cold = median_ms(get, args.runs, before=lambda: invalidate(CONTENT))
        warm = median_ms(get, args.runs * 2)
        rows.append(
            {
                "database": args.database,
                "practices": args.size,
                "endpoint": name,
                "queries_cold": cold_queries,
                "queries_warm": warm_queries,
                "cold_ms": round(cold, 1),
                "warm_ms": round(warm, 1),
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr)

    print("| db | practices | endpoint | queries: cold / warm | median: cold / warm |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['database']} | {row['practices']:,} | {row['endpoint']} "
            f"| {row['queries_cold']} / {row['queries_warm']} "
            f"| {row['cold_ms']} / {row['warm_ms']} ms |"
        )
    save_results(f"api-{args.database}", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
