"""Benchmark ``import_practices`` in a host site as a city has it (issue 16's goal:
10,000 rows in at most 60 s on SQLite).

    make import-benchmark
    python -m benchmarks.import_benchmark --database sqlite --rows 10000
    python -m benchmarks.import_benchmark --database postgres

The host is the ``wagtail start`` project of ``benchmarks.host_benchmark`` (the README's
installation step, its production settings), built the same way: migrated, the ICC
taxonomy, the demo cities, ordinary pages around the home page and the practice index.
The file is made from the demo collection's practices (``icc_practices.demo.builder``):
every column filled, four rich-text sections, keywords, links, one to three topics, cities
by name and country, each row's own key. It is written as CSV and imported with
``--publish`` by the management command in this process, three times:

- **into the empty index** (every row created);
- **the same file again** (every row unchanged: no revision);
- **with 1 row in 100 edited** (those updated with a new published revision).

Wall-clock time of the command (reading the file included), rows per second and the
number of SQL statements. Tasks (the card warm-up after the import) are collected, not
run, as a worker would run them after the command returned.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from pathlib import Path

from benchmarks.host_benchmark import RESULTS, prepare_database, prepare_host

CSV_PATH = RESULTS / "import-bench.csv"


def write_file(rows: int, seed: int, path: Path) -> None:
    """The demo collection's practices as an import file (CSV, every column)."""
    from django.utils.text import slugify

    from icc_practices.demo import content
    from icc_practices.demo.builder import practice_specs
    from icc_practices.models import Topic
    from icc_practices.transfer.formats import csv_chunks

    topics = sorted(Topic.objects.values_list("slug", flat=True))
    country_of = {name: code for code, cities in content.CITIES.items() for name, *_ in cities}
    country_of.update({name: code for name, code, *_ in content.PARTNER_CITY_PLACES})

    def row(number: int, spec) -> dict:
        return {
            "key": f"BENCH-{number:06d}",
            "language": "en",
            "title": spec.title,
            "slug": f"{slugify(spec.title)[:60]}-{number}",
            "summary": spec.summary,
            "year": "" if spec.year is None else str(spec.year),
            "period": spec.period,
            "country": spec.country,
            "other_countries": list(spec.other_countries),
            "cities": [f"{name} ({country_of[name]})" for name in spec.cities],
            "partner_cities": [f"{name} ({country_of[name]})" for name in spec.partner_cities],
            "topics": list(spec.topics),
            "keywords": list(spec.keywords),
            "purpose": spec.purpose,
            "rationale": spec.rationale,
            "process": spec.process,
            "impact": spec.impact,
            "lead_organisation": spec.lead_organisation,
            "partners": "\n".join(spec.partners),
            "contact_name": "",
            "contact_email": "intercultural@example.org",
            "links": [{"title": text, "url": url} for text, url in spec.links],
            "hero_image": "",
            "body": [],
            "seo_title": "",
            "search_description": "",
            "first_published_at": spec.published.isoformat(),
            "url": "",
        }

    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(
            csv_chunks(row(n, spec) for n, spec in enumerate(practice_specs(rows, seed, topics)))
        )


def edit_every_hundredth(source: Path, target: Path) -> int:
    text = source.read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    for number, record in enumerate(records):
        if number % 100 == 0:
            record["summary"] = record["summary"] + " Updated."
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    return len(records) // 100 + (1 if len(records) % 100 else 0)


def run(path: Path, index_id: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    out = io.StringIO()
    statements = [0]

    def count(execute, sql, params, many, context):
        statements[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        call_command(
            "import_practices",
            str(path),
            "--publish",
            "--index",
            str(index_id),
            stdout=out,
            stderr=io.StringIO(),
        )
        seconds = time.perf_counter() - started
    report = out.getvalue().strip()
    return {"seconds": round(seconds, 1), "queries": statements[0], "report": report}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--host", choices=["wagtail-start", "example"], default="wagtail-start")
    parser.add_argument("--new-host", action="store_true")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    prepare_database(args.database)
    prepare_host(args.host, new=args.new_host)

    import django

    django.setup()
    from benchmarks.host_benchmark import build_site
    from icc_practices.models import PracticePage

    started = time.perf_counter()
    index = build_site(args.host)
    build_seconds = time.perf_counter() - started
    write_file(args.rows, args.seed, CSV_PATH)
    size_mb = CSV_PATH.stat().st_size / 1e6
    results = {"first": run(CSV_PATH, index.pk), "again": run(CSV_PATH, index.pk)}
    edited = CSV_PATH.with_name("import-bench-edited.csv")
    changed = edit_every_hundredth(CSV_PATH, edited)
    results["edited"] = run(edited, index.pk)
    live = PracticePage.objects.live().child_of(index).count()
    if live != args.rows:
        print(f"Expected {args.rows} live practices, found {live}", file=sys.stderr)
        return 1
    labels = {
        "first": "into the empty index",
        "again": "the same file again",
        "edited": f"{changed} rows edited",
    }
    print(
        f"\n### Import, {args.rows:,} rows ({size_mb:.1f} MB of CSV), {args.database}, "
        f"{args.host} host (site built in {build_seconds:.0f} s)\n"
    )
    print("| import | seconds | rows per second | SQL statements | report |")
    print("|---|---:|---:|---:|---|")
    for name, result in results.items():
        rate = args.rows / result["seconds"] if result["seconds"] else 0
        summary = result["report"].splitlines()[-1]
        print(
            f"| {labels[name]} | {result['seconds']} | {rate:,.0f} | {result['queries']:,} "
            f"| {summary} |"
        )
    (RESULTS / f"import-{args.database}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
