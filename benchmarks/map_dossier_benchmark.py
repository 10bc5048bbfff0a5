"""The results map and the PDF dossier (issue 20) in a city's site: a ``wagtail start``
host, ``DEBUG = False``, practices created through Wagtail's page API beside ordinary
pages (``benchmarks.host_benchmark``), measured beside a plain Wagtail page and the
index's list in the same run.

    python -m benchmarks.map_dossier_benchmark --database sqlite --practices 1000
    python -m benchmarks.map_dossier_benchmark --database postgres --practices 1000

Map: the map view of the whole collection and of random filter states, each with its
caches empty (after a publication) and warm, and the list of the same states. Dossier:
a dossier of 10, 50 and 100 practices rendered by the background task (time, size,
pages), and one of 50 practices that all have photographs, rendered before and after
their print renditions exist.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import time
from urllib.parse import urlencode

from benchmarks.host_benchmark import (
    RESULTS,
    build_site,
    filter_states,
    forget_everything,
    grow,
    measure,
    prepare_database,
    prepare_host,
)


def request(client, url: str, status: int = 200) -> bytes:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content


def map_rows(client, index, runs: int, rng: random.Random) -> list[dict]:
    from wagtail.models import Page

    from icc_practices.search.taxonomy import load_taxonomy

    taxonomy = load_taxonomy("en")
    vocabulary = {
        "topic": [slug for slug, _label in taxonomy.topics],
        "country": list(taxonomy.country_codes),
        "year": [str(year) for year in range(2010, 2024)],
    }
    states = [
        "",
        *("?" + urlencode(state, doseq=True) for state in filter_states(rng, vocabulary, 5)),
    ]
    plain = Page.objects.live().not_type(type(index)).exclude(depth__lte=2).first()
    rows = [
        {"page": "plain Wagtail page", **measure(lambda: request(client, plain.url), runs)},
    ]
    for name, path in (("list", index.url), ("map", index.url + "map/")):
        rows.append(
            {
                "page": f"{name}, caches empty",
                **measure(lambda path=path: request(client, path), runs, before=forget_everything),
            }
        )
        samples = []
        for state in states:
            request(client, path + state)  # warm
            samples.append(measure(lambda url=path + state: request(client, url), runs))
        rows.append(
            {
                "page": f"{name}, warm (median of {len(states)} filter states)",
                "ms": statistics.median(sample["ms"] for sample in samples),
                "queries": max(sample["queries"] for sample in samples),
            }
        )
    size = len(request(client, index.url + "map/"))
    rows.append({"page": "map, HTML bytes (no compression)", "ms": None, "queries": size})
    return rows


def dossier_candidates(index) -> list[tuple[int, dict[str, list[str]]]]:
    """Filter states (a topic, country or year, two of them, or two countries) with their
    result counts, to pick one of the size asked."""
    from itertools import combinations, product

    from icc_practices.search.query import matching_practice_ids
    from icc_practices.search.taxonomy import load_taxonomy

    taxonomy = load_taxonomy("en")
    values = {
        "topic": [slug for slug, _label in taxonomy.topics],
        "country": list(taxonomy.country_codes),
        "year": [str(year) for year in range(2010, 2024)],
    }
    states: list[dict[str, list[str]]] = [
        {name: [value]} for name, choices in values.items() for value in choices
    ]
    for first, second in (("topic", "country"), ("topic", "year"), ("country", "year")):
        states += [
            {first: [one], second: [two]} for one, two in product(values[first], values[second])
        ]
    states += [{"country": list(pair)} for pair in combinations(values["country"], 2)]
    return [(matching_practice_ids(index, params, 0)[1], params) for params in states]


def render_once(index, params: dict[str, list[str]]) -> dict:
    """Render the dossier of ``params`` with the background task, read it, remove it."""
    from django.utils import translation
    from pypdf import PdfReader

    from icc_practices.pdf.dossier import render_dossier
    from icc_practices.pdf.store import pdf_storage, read_stored

    query = "?" + urlencode(params, doseq=True)
    with translation.override("en"):
        started = time.perf_counter()
        name = render_dossier.call(index.pk, query, "en")
        seconds = time.perf_counter() - started
    pdf = (read_stored(name) if name else None) or b""
    if name:
        pdf_storage().delete(name)
    return {
        "render_s": round(seconds, 1),
        "bytes": len(pdf),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages) if pdf else 0,
    }


def dossier_rows(index, sizes: list[int]) -> list[dict]:
    """Render a dossier of each size (the filter state whose result list is closest to
    it) with the background task, then read it back."""
    totals = dossier_candidates(index)
    rows = []
    for size in sizes:
        total, params = min(totals, key=lambda item: (abs(item[0] - size), item[0]))
        rows.append({"practices": total, "filter": params, **render_once(index, params)})
    return rows


def photographed_rows(index, size: int) -> list[dict]:
    """A dossier of ``size`` practices that each have photographs: every practice of the
    filter is revised and published through the page API with a hero image of its own
    and two photographs in its body (2400 x 1600 JPEGs of about 1 MB, from a pool of 20).
    Rendered first while no print rendition exists, then again once they do."""
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model

    from benchmarks.pdf_benchmark import photo
    from icc_practices.models import PracticePage
    from icc_practices.search.query import matching_practice_ids

    total, params = min(dossier_candidates(index), key=lambda item: (abs(item[0] - size), item[0]))
    _state, _total, ids = matching_practice_ids(index, params, total)
    rng = random.Random(size)
    image_model = get_image_model()

    def upload(title: str):
        image = image_model(title=title)
        image.file.save(
            f"{title.lower().replace(' ', '-')}.jpg", ContentFile(photo(rng)), save=False
        )
        image.width, image.height = 2400, 1600
        image.save()
        return image

    pool = [upload(f"Dossier pool {number}") for number in range(20)]
    for number, practice in enumerate(PracticePage.objects.filter(pk__in=ids)):
        practice.hero_image = upload(f"Dossier hero {number}")
        practice.body = [
            ("image", {"image": pool[(2 * number) % 20], "caption": "A photograph"}),
            ("image", {"image": pool[(2 * number + 1) % 20], "caption": "Another one"}),
        ]
        practice.save_revision().publish()
    images = total + 20
    first = render_once(index, params)
    again = render_once(index, params)
    return [
        {"practices": total, "images": images, "case": "renditions made", **first},
        {"practices": total, "images": images, "case": "renditions exist", **again},
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--host", choices=["wagtail-start", "example"], default="wagtail-start")
    parser.add_argument("--practices", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    prepare_host(args.host)
    prepare_database(args.database)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ICC_PRACTICES_DOSSIER_MAX_PRACTICES = 100
    index = build_site(args.host)
    grow(index, args.practices, 0, args.practices)
    client = Client()
    rng = random.Random(2020)
    result = {
        "database": connection.vendor,
        "practices": args.practices,
        "map": map_rows(client, index, args.runs, rng),
        "dossier": dossier_rows(index, [10, 50, 100]),
        "dossier_with_photographs": photographed_rows(index, 50),
    }
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"map-dossier-{args.database}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
