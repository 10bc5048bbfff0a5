"""Build a deterministic demo collection: the same seed always gives the same site.

Kept out of the management command so that tests and benchmarks can call it directly.
"""

from __future__ import annotations

import datetime
import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from icc_practices.demo import content
from icc_practices.models import City, Country, PracticeIndexPage, PracticeLink, PracticePage, Topic
from icc_practices.reference import ICC_YEARS

BARCELONA_SLUG = slugify(content.BARCELONA_PRACTICE["title"])
UNDATED_EVERY = 23  # every 23rd generated practice states no year
CROSS_BORDER_EVERY = 31  # every 31st is shared with the next country


@dataclass(frozen=True)
class PracticeSpec:
    """Everything needed to create one demo practice, decided before touching the
    database so that generation is pure and reproducible."""

    title: str
    slug: str
    country: str
    cities: tuple[str, ...]
    year: int | None
    period: str
    topics: tuple[str, ...]
    keywords: tuple[str, ...]
    summary: str
    purpose: str
    rationale: str
    process: str
    impact: str
    lead_organisation: str
    partners: tuple[str, ...]
    published: datetime.datetime
    featured: bool = False
    links: tuple[tuple[str, str], ...] = field(default=())
    other_countries: tuple[str, ...] = ()
    partner_cities: tuple[str, ...] = ()


def _paragraphs(*texts: str) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def _same(text: str) -> str:
    return text


def barcelona_spec(translate: Callable[[str], str] = _same) -> PracticeSpec:
    practice = content.BARCELONA_PRACTICE
    p1, p2, p3, p4, p5 = (translate(paragraph) for paragraph in practice["paragraphs"])
    return PracticeSpec(
        title=translate(practice["title"]),
        slug=BARCELONA_SLUG,
        country=practice["country"],
        cities=(practice["city"],),
        year=practice["year"],
        period="2018 - 2021",
        topics=tuple(practice["topic_slugs"]),
        keywords=("municipalism", "international networks", "global justice"),
        summary=translate(practice["summary"]),
        purpose=_paragraphs(p1),
        rationale=_paragraphs(p4),
        process=_paragraphs(p2, p3),
        impact=_paragraphs(p5),
        lead_organisation=translate("Barcelona City Council, International Relations Department"),
        partners=("Educational and research centres", "Think tanks", "Civil society"),
        published=datetime.datetime(2018, 11, 5, 10, 0, tzinfo=datetime.UTC),
        featured=True,
        links=(("Barcelona City Council", "https://ajuntament.barcelona.cat/"),),
        partner_cities=tuple(name for name, _lat, _lon in content.PARTNER_CITIES),
    )


def practice_specs(
    count: int, seed: int, topic_slugs: list[str], translate: Callable[[str], str] = _same
) -> Iterator[PracticeSpec]:
    """``count`` practices: the Barcelona seed practice first, then generated ones.

    ``translate`` maps each English fragment to another language before it is filled in;
    it draws nothing from the random generator, so a translated run describes exactly the
    same practices (same slugs, places, years and topics) as the English one."""
    if count <= 0:
        return
    yield barcelona_spec(translate)
    rng = random.Random(seed)
    codes = sorted(content.CITIES)
    seen_slugs = {BARCELONA_SLUG}
    for number in range(1, count):
        country = codes[number % len(codes)] if number <= len(codes) else rng.choice(codes)
        names = [name for name, _lat, _lon in content.CITIES[country]]
        cities = () if rng.random() < 0.1 else tuple(rng.sample(names, k=rng.choice((1, 1, 2))))
        place = cities[0] if cities else country
        year = (
            ICC_YEARS[number % len(ICC_YEARS)]
            if number <= len(ICC_YEARS)
            else rng.choice(ICC_YEARS)
        )
        title_pattern = rng.choice(content.PRACTICE_TITLE_PATTERNS)
        title = translate(title_pattern).format(city=place)
        slug = base = slugify(title_pattern.format(city=place))[:70]
        suffix = 2
        while slug in seen_slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        seen_slugs.add(slug)

        def fill(text: str, place: str = place) -> str:
            return translate(text).format(city=place)

        period = translate(rng.choice(content.PERIOD_PATTERNS)).format(
            year=year, end=min(year + rng.randint(1, 3), ICC_YEARS[-1] + 1)
        )
        # What the real data holds too, chosen by position (the random sequence, and so
        # every other practice, stays as it was): an ongoing practice that states no year,
        # and a cross-border one whose cities lie in two countries.
        undated = number % UNDATED_EVERY == 0
        neighbour = codes[(codes.index(country) + 1) % len(codes)]
        cross_border = number % CROSS_BORDER_EVERY == 0 and neighbour != country
        if cross_border:
            cities = (*cities, content.CITIES[neighbour][0][0])
        yield PracticeSpec(
            title=title,
            slug=slug,
            country=country,
            other_countries=(neighbour,) if cross_border else (),
            cities=cities,
            year=None if undated else year,
            period=translate("ongoing") if undated else period,
            topics=tuple(rng.sample(topic_slugs, k=rng.choice((1, 2, 2, 3)))),
            keywords=tuple(rng.sample(content.KEYWORDS, k=rng.randint(2, 4))),
            summary=fill(rng.choice(content.SUMMARY_SENTENCES)),
            purpose=_paragraphs(fill(rng.choice(content.PURPOSE_PARAGRAPHS))),
            rationale=_paragraphs(fill(rng.choice(content.RATIONALE_PARAGRAPHS))),
            process=_paragraphs(*(fill(p) for p in rng.sample(content.PROCESS_PARAGRAPHS, 2))),
            impact=_paragraphs(fill(rng.choice(content.IMPACT_PARAGRAPHS))),
            lead_organisation=fill(rng.choice(content.ORGANISATIONS)),
            partners=tuple(rng.sample(content.PARTNER_NAMES, k=rng.randint(1, 3))),
            published=datetime.datetime(
                year, rng.randint(1, 12), rng.randint(1, 28), 9, 0, tzinfo=datetime.UTC
            ),
        )


def ensure_cities(locale: Locale) -> dict[str, City]:
    """Create the demo cities that do not exist yet; return all of them by name."""
    countries = {str(country.code): country for country in Country.objects.all()}
    existing = {city.slug: city for city in City.objects.filter(locale=locale)}
    cities: dict[str, City] = {}
    partners: dict[str, tuple[tuple[str, float, float], ...]] = {}
    for name, code, latitude, longitude in content.PARTNER_CITY_PLACES:
        partners[code] = (*partners.get(code, ()), (name, latitude, longitude))
    for code, entries in [*content.CITIES.items(), *partners.items()]:
        country = countries.get(code) or Country.objects.create(code=code)
        for name, latitude, longitude in entries:
            city = existing.get(slugify(name))
            if city is None:
                city = City.objects.create(
                    name=name,
                    slug=slugify(name),
                    country=country,
                    latitude=latitude,
                    longitude=longitude,
                    locale=locale,
                )
            cities[name] = city
    return cities


def ensure_index_page() -> PracticeIndexPage:
    """The first practice index of the default site, created under its root if needed."""
    index = PracticeIndexPage.objects.order_by("path").first()
    if index is not None:
        return index
    site = Site.objects.get(is_default_site=True)
    root: Page = site.root_page
    index = PracticeIndexPage(title="Good practices", slug="practices")
    root.add_child(instance=index)
    index.save_revision().publish()
    return index


def _demo_image(title: str):
    """A generated banner image, so the demo needs no network and no binary files."""
    from PIL import Image, ImageDraw, ImageFont

    canvas = Image.new("RGB", (1600, 700), (11, 83, 148))
    draw = ImageDraw.Draw(canvas)
    for stripe in range(0, 1600, 80):
        draw.rectangle([stripe, 560, stripe + 40, 700], fill=(255, 204, 0))
    draw.text((80, 80), title, fill=(255, 255, 255), font=ImageFont.load_default(size=64))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    image_model = get_image_model()
    image = image_model(title=title, description=f"Illustration: {title}")
    image.file.save(f"{slugify(title)}.png", ImageFile(buffer, name="demo.png"), save=False)
    image.save()
    return image


def _featured_material(title: str) -> tuple[Any, list[tuple[str, Any]]]:
    """A hero image and one of every StreamField block that works offline."""
    image = _demo_image(title)
    document_model = get_document_model()
    document = document_model(title="Master Plan for Global Justice, summary")
    document.file.save(
        "master-plan-summary.txt",
        ContentFile(b"Barcelona Cooperation for Global Justice Master Plan 2018-2021.\n"),
        save=False,
    )
    document.save()
    image.contextual_alt_text, image.decorative = image.description, False
    body = [
        ("heading", "Cities it works with"),
        (
            "paragraph",
            "<p>Direct cooperation links Barcelona with <b>Medellin</b>, <b>Maputo</b>, "
            "Palestinian cities, Havana and the Tangier-Tétouan corridor.</p>",
        ),
        ("image", {"image": image, "caption": "Municipal cooperation in practice."}),
        (
            "quote",
            {
                "quote": "Cities learn fastest from other cities.",
                "attribution": "International Relations Department",
            },
        ),
        ("document", {"document": document, "title": ""}),
    ]
    return image, body


def practice_page(
    spec: PracticeSpec,
    *,
    topics: dict[str, Topic],
    cities: dict[str, City],
    countries: dict[str, Country],
) -> PracticePage:
    """An unsaved practice page from a spec (the benchmarks seed through this too)."""
    page = PracticePage(
        title=spec.title,
        slug=spec.slug,
        country=countries[spec.country],
        year=spec.year,
        period=spec.period,
        summary=spec.summary,
        purpose=spec.purpose,
        rationale=spec.rationale,
        process=spec.process,
        impact=spec.impact,
        lead_organisation=spec.lead_organisation,
        partners="\n".join(spec.partners),
        contact_name="Intercultural Cities coordinator" if spec.featured else "",
        contact_email="intercultural@example.org",
    )
    page.topics = [topics[slug] for slug in spec.topics]
    page.other_countries = [countries[code] for code in spec.other_countries]
    page.cities = [cities[name] for name in spec.cities]
    page.partner_cities = [cities[name] for name in spec.partner_cities]
    page.tags.add(*spec.keywords)
    page.links = [PracticeLink(title=text, url=url) for text, url in spec.links]
    if spec.featured:
        page.hero_image, page.body = _featured_material(spec.title)
    return page


def create_practice(
    index: PracticeIndexPage,
    spec: PracticeSpec,
    *,
    topics: dict[str, Topic],
    cities: dict[str, City],
    countries: dict[str, Country],
) -> PracticePage:
    page = practice_page(spec, topics=topics, cities=cities, countries=countries)
    index.add_child(instance=page)
    page.save_revision().publish()
    PracticePage.objects.filter(pk=page.pk).update(
        first_published_at=spec.published, last_published_at=spec.published
    )
    return page


def build_demo_collection(
    count: int, seed: int, progress: Callable[[int, int], None] | None = None
) -> tuple[PracticeIndexPage, int]:
    """Create the demo practices that do not exist yet. Returns the index and how many
    were created; running it twice creates nothing the second time."""
    locale = Locale.get_default()
    topics = {topic.slug: topic for topic in Topic.objects.filter(locale=locale)}
    if not topics:
        raise ValueError("No topics: run load_icc_taxonomy first.")
    cities = ensure_cities(locale)
    countries = {str(country.code): country for country in Country.objects.all()}
    for code in content.CITIES:
        countries.setdefault(code, cities[content.CITIES[code][0][0]].country)
    index = ensure_index_page()
    existing = set(PracticePage.objects.child_of(index).values_list("slug", flat=True))
    created = 0
    for position, spec in enumerate(practice_specs(count, seed, sorted(topics)), start=1):
        if spec.slug not in existing:
            create_practice(index, spec, topics=topics, cities=cities, countries=countries)
            created += 1
        if progress is not None:
            progress(position, count)
    return index, created
