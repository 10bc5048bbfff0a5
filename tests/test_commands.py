"""Reference data and demo data commands: complete, deterministic and idempotent."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils.text import slugify

from icc_practices.demo.builder import barcelona_spec, practice_specs
from icc_practices.models import City, Country, PracticePage, Topic
from icc_practices.reference import ICC_COUNTRY_CODES, ICC_TOPICS

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_taxonomy_command_loads_the_22_topics_in_icc_order():
    run("load_icc_taxonomy")
    assert list(Topic.objects.values_list("name", flat=True)) == list(ICC_TOPICS)
    assert len(ICC_TOPICS) == 22


def test_taxonomy_command_loads_the_30_countries():
    run("load_icc_taxonomy")
    assert set(Country.objects.values_list("code", flat=True)) == set(ICC_COUNTRY_CODES)
    assert len(ICC_COUNTRY_CODES) == 30
    names = {country.name for country in Country.objects.all()}
    assert {"South Korea", "United Kingdom", "Switzerland"} <= names


def test_taxonomy_command_is_idempotent_and_restores_names():
    run("load_icc_taxonomy")
    Topic.objects.filter(slug="roma").update(name="Renamed")
    output = run("load_icc_taxonomy")
    assert Topic.objects.count() == 22
    assert Country.objects.count() == 30
    assert Topic.objects.get(slug="roma").name == "Roma"
    assert "0 created, 1 updated" in output


def test_demo_command_needs_the_taxonomy_first(site):
    with pytest.raises(CommandError, match="load_icc_taxonomy"):
        run("load_demo_practices", count=3)


def test_demo_command_creates_practices_with_the_seed_practice(site, icc_taxonomy):
    output = run("load_demo_practices", count=12, seed=1)
    assert PracticePage.objects.live().count() == 12
    barcelona = PracticePage.objects.get(title="Barcelona and international municipalism")
    assert barcelona.year == 2018
    assert barcelona.country.code == "ES"
    assert [city.name for city in barcelona.cities.all()] == ["Barcelona"]
    assert barcelona.hero_image is not None
    assert {block.block_type for block in barcelona.body} >= {"heading", "image", "quote"}
    assert "12/12 practices" in output


def test_demo_command_is_idempotent(site, icc_taxonomy):
    run("load_demo_practices", count=6, seed=1)
    cities = City.objects.count()
    output = run("load_demo_practices", count=6, seed=1)
    assert PracticePage.objects.count() == 6
    assert City.objects.count() == cities
    assert "0 practices created" in output


def test_demo_data_is_deterministic_and_varied():
    slugs = [slugify(name) for name in ICC_TOPICS]
    first = list(practice_specs(200, 7, slugs))
    assert first == list(practice_specs(200, 7, slugs))
    assert first != list(practice_specs(200, 8, slugs))
    assert first[0] == barcelona_spec()
    assert len({spec.slug for spec in first}) == 200
    assert {spec.year for spec in first} == {*range(2015, 2025), None}  # None: not stated
    assert any(spec.other_countries for spec in first)  # cross-border practices too
    assert len({spec.country for spec in first}) == 30
    assert len({slug for spec in first for slug in spec.topics}) == 22
    assert any(not spec.cities for spec in first), "some practices are country-level"


def test_demo_command_rejects_a_non_positive_count(site, icc_taxonomy):
    with pytest.raises(CommandError):
        run("load_demo_practices", count=0)


def test_demo_command_translates_a_subset_into_french(site, icc_taxonomy, client):
    output = run("load_demo_practices", count=6, translate=["fr"], translated=3)
    assert "3 practices translated into fr." in output
    french = PracticePage.objects.filter(locale__language_code="fr")
    assert french.count() == 3 and all(page.live for page in french)
    barcelona = french.get(slug="barcelona-and-international-municipalism")
    assert barcelona.title != "Barcelona and international municipalism"
    assert Topic.objects.get(slug="education", locale__language_code="fr").name == "Éducation"
    html = client.get("/fr/practices/").content.decode()
    assert "6 pratiques" in html and barcelona.title in html  # 3 in French, 3 in English
    assert 'id="icc-lang-fr"' in html  # the language facet
    assert "Éducation" in html
    run("load_demo_practices", count=6, translate=["fr"], translated=3)  # idempotent
    assert PracticePage.objects.filter(locale__language_code="fr").count() == 3


def test_demo_command_rejects_a_language_without_demo_text(site, icc_taxonomy):
    with pytest.raises(CommandError, match="No demo text in 'xx'"):
        run("load_demo_practices", count=2, translate=["xx"])


def test_invalidate_command_makes_a_change_without_signals_visible(client, index_page):
    from django.core.management import call_command
    from wagtail.models import Page

    from tests.factories import PracticePageFactory

    practice = PracticePageFactory(parent=index_page, title="Quietly withdrawn")
    assert "Quietly withdrawn" in client.get(index_page.url).content.decode()
    Page.objects.filter(pk=practice.pk).update(live=False)  # no signal: still cached
    assert "Quietly withdrawn" in client.get(index_page.url).content.decode()

    call_command("icc_practices_invalidate", stdout=io.StringIO())

    assert "Quietly withdrawn" not in client.get(index_page.url).content.decode()


def test_demo_command_says_where_the_index_is_and_warns_under_a_plain_page(site, icc_taxonomy):
    output = run("load_demo_practices", count=2, seed=1)
    assert f"a child of '{site.root_page.title}' (page {site.root_page.pk})" in output
    assert "run this command after your site's own initial data" in output


def test_the_demo_command_belongs_to_the_opt_in_demo_app(settings):
    from django.core.management import get_commands

    assert get_commands()["load_demo_practices"] == "icc_practices.demo"
    assert get_commands()["load_icc_taxonomy"] == "icc_practices"


def test_the_core_package_never_imports_the_demo():
    """A site without the demo app loads no demo content into memory."""
    import subprocess
    import sys

    code = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE']='tests.settings';"
        "django.setup();"
        "import icc_practices.wagtail_hooks, icc_practices.search.query, icc_practices.api.v3;"
        "print(any(name.startswith('icc_practices.demo.') and name != 'icc_practices.demo.apps'"
        " for name in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "False", result.stderr[-2000:]
