"""Benchmark the PDF of a long practice with images: first render and cached serve.

    python -m benchmarks.pdf_benchmark --runs 7

The practice has four long sections (about 6,000 words in all), a hero image and eight
captioned photographs in its body (2400 x 1600 JPEGs, as cameras deliver them). Requests
go through Django's test client and Wagtail's routing, like a visitor's:
- first ever: the print renditions (1600 px) do not exist yet and are made;
- after publish: renditions exist, the PDF cache is empty (the common cold case);
- cached: the PDF comes from the cache.
It prints a Markdown table and writes JSON to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

from benchmarks.index_benchmark import create_site, median_ms, save_results

DATABASE = Path(tempfile.gettempdir()) / "icc-practices-pdf-bench.sqlite3"


def photo(rng: random.Random, width: int = 2400, height: int = 1600) -> bytes:
    """A JPEG with noise, so it weighs what a photograph weighs (about 1 MB)."""
    from PIL import Image

    base = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))
    noise = Image.effect_noise((width, height), 60).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(base, noise, 0.5).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def long_practice(index, rng: random.Random):
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model

    from icc_practices.models import Country, PracticePage, Topic

    Image = get_image_model()
    images = []
    for number in range(9):
        image = Image(title=f"Photo {number}")
        image.file.save(f"photo-{number}.jpg", ContentFile(photo(rng)), save=False)
        image.width, image.height = 2400, 1600
        image.save()
        images.append(image)
    words = [
        "intercultural",
        "cities",
        "share",
        "what",
        "works",
        "for",
        "inclusion",
        "diversity",
        "advantage",
        "public",
        "participation",
        "mediators",
        "schools",
        "neighbourhoods",
        "migrants",
        "residents",
        "council",
    ]

    def paragraphs(count: int) -> str:
        return "".join(
            "<p>" + " ".join(rng.choice(words) for _ in range(150)) + ".</p>" for _ in range(count)
        )

    body = [("paragraph", paragraphs(2))]
    for image in images[1:]:
        body.append(("image", {"image": image, "caption": f"{image.title}, caption text"}))
        body.append(("paragraph", paragraphs(1)))
    practice = PracticePage(
        title="A long practice with photographs",
        slug="long-practice",
        country=Country.objects.get(code="ES"),
        year=2019,
        summary="A practice with long sections and many photographs, for the PDF benchmark.",
        purpose=paragraphs(8),
        rationale=paragraphs(8),
        process=paragraphs(10),
        impact=paragraphs(8),
        hero_image=images[0],
        body=body,
        lead_organisation="Benchmark City Council",
    )
    index.add_child(instance=practice)
    practice.topics.set(Topic.objects.all()[:3])
    practice.save_revision().publish()
    practice.refresh_from_db()
    return practice


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    DATABASE.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"

    import django

    django.setup()
    from django.test import Client

    from icc_practices.search.cache import STRUCTURE, invalidate

    index, _plain = create_site()
    practice = long_practice(index, random.Random(7))
    url = practice.url + "pdf/"
    client = Client()

    def get() -> bytes:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response.content

    started = time.perf_counter()
    pdf = get()
    first_ever_ms = (time.perf_counter() - started) * 1000

    cold_ms = median_ms(get, args.runs, before=lambda: invalidate(STRUCTURE))
    get()
    cached_ms = median_ms(get, args.runs)
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    row = {
        "pages": len(reader.pages),
        "images": len({image.data for page in reader.pages for image in page.images}),
        "pdf_bytes": len(pdf),
        "first_ever_ms": round(first_ever_ms, 1),
        "cold_ms": round(cold_ms, 1),
        "cached_ms": round(cached_ms, 2),
    }
    print(json.dumps(row), file=sys.stderr)
    print("| PDF pages | images | size | first ever (renditions made) | cold | cached |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {row['pages']} | {row['images']} | {row['pdf_bytes'] / 1e6:.1f} MB "
        f"| {row['first_ever_ms']:.0f} ms | {row['cold_ms']:.0f} ms | {row['cached_ms']} ms |"
    )
    save_results("pdf", row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
