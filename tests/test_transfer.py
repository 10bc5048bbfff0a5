"""Export and import (issue 16): the commands, idempotency, updates, privacy, a round
trip into an empty site, and bad files."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction, Revision

from icc_practices.models import City, PracticePage
from icc_practices.search.cache import CONTENT, generation_scope, invalidate
from icc_practices.transfer.columns import COLUMN_NAMES
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(index_page):
    spain, france = CountryFactory(code="ES"), CountryFactory(code="FR")
    education = TopicFactory(name="Education", slug="education")
    housing = TopicFactory(name="Housing", slug="housing")
    barcelona = CityFactory(
        name="Barcelona", slug="barcelona", country=spain, latitude=41.38, longitude=2.17
    )
    havana = CityFactory(name="Havana", slug="havana", country=CountryFactory(code="CU"))
    a = PracticePageFactory(
        parent=index_page, title="Municipalism", country=spain, year=2018, topics=[education]
    )
    a.cities.set([barcelona])
    a.partner_cities.set([havana])
    a.other_countries.set([france])
    a.tags.add("networks", "global justice")
    a.purpose = "<p>To <b>share</b> what works.</p>"
    a.save_revision().publish()
    b = PracticePageFactory(
        parent=index_page, title="Housing first", country=france, year=None, topics=[housing]
    )
    b.save_revision().publish()
    return {"index": index_page, "a": a, "b": b}


def export(*args) -> str:
    out = io.StringIO()
    with generation_scope():
        call_command("export_practices", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_file(path, *args) -> str:
    out = io.StringIO()
    call_command("import_practices", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_csv_export_has_every_column_and_the_filter(world):
    rows = csv_rows(export("--format", "csv"))
    assert list(rows[0]) == list(COLUMN_NAMES)
    assert {row["title"] for row in rows} == {"Municipalism", "Housing first"}
    municipalism = next(row for row in rows if row["title"] == "Municipalism")
    assert municipalism["key"] == str(world["a"].translation_key)
    assert (municipalism["country"], municipalism["other_countries"]) == ("ES", "FR")
    assert municipalism["partner_cities"] == "havana"
    assert municipalism["keywords"] == "global justice; networks"
    assert municipalism["purpose"] == "<p>To <b>share</b> what works.</p>"
    filtered = csv_rows(export("--format", "csv", "--year", "none"))
    assert [row["title"] for row in filtered] == ["Housing first"]
    assert [
        row["title"] for row in csv_rows(export("--country", "fr", "--topic", "education"))
    ] == ["Municipalism"]


def test_the_export_never_holds_drafts_unpublished_or_restricted_practices(world, index_page):
    PracticePageFactory(parent=index_page, title="Draft", live=False)
    unpublished = PracticePageFactory(parent=index_page, title="Gone")
    unpublished.unpublish()
    restricted = PracticePageFactory(parent=index_page, title="Members")
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="members"))
    titles = {row["title"] for row in csv_rows(export())}
    assert titles == {"Municipalism", "Housing first"}
    document = json.loads(export("--format", "json"))
    assert {row["title"] for row in document["practices"]} == titles


def test_an_export_imports_into_an_empty_site_and_exports_the_same(world, tmp_path):
    """JSON carries the cities it names: --create-cities makes them again."""
    first = export("--format", "json")
    (tmp_path / "practices.json").write_text(first)
    PracticePage.objects.all().delete()
    City.objects.all().delete()
    invalidate(CONTENT)
    result = import_file(tmp_path / "practices.json", "--publish", "--create-cities")
    assert "2 created, 0 updated, 0 unchanged, 0 failed." in result
    invalidate(CONTENT)
    second = export("--format", "json")
    assert json.loads(second)["practices"] == json.loads(first)["practices"]
    havana = City.objects.get(slug="havana")
    assert str(havana.country.code) == "CU"
    assert float(City.objects.get(slug="barcelona").latitude) == pytest.approx(41.38)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(world, tmp_path):
    path = tmp_path / "practices.csv"
    path.write_text(export(), encoding="utf-8")
    revisions = Revision.objects.count()
    assert "0 created, 0 updated, 2 unchanged, 0 failed." in import_file(path, "--publish")
    assert Revision.objects.count() == revisions


def test_an_edited_file_updates_with_a_new_revision_published_only_when_asked(world, tmp_path):
    rows = csv_rows(export())
    for row in rows:
        if row["title"] == "Housing first":
            row["title"] = "Housing first, again"
            row["year"] = "2021"
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMN_NAMES)
        writer.writeheader()
        writer.writerows(rows)
    assert "0 created, 1 updated, 1 unchanged, 0 failed." in import_file(path)
    page = PracticePage.objects.get(pk=world["b"].pk)
    assert (page.title, page.year, page.has_unpublished_changes) == ("Housing first", None, True)
    assert page.get_latest_revision_as_object().title == "Housing first, again"
    assert "0 created, 1 updated, 1 unchanged, 0 failed." in import_file(path, "--publish")
    page.refresh_from_db()
    assert (page.title, page.year, page.has_unpublished_changes) == (
        "Housing first, again",
        2021,
        False,
    )


def test_a_dry_run_reports_and_changes_nothing(world, tmp_path):
    path = tmp_path / "practices.json"
    document = json.loads(export("--format", "json"))
    document["practices"][0]["key"] = "ICC-NEW"
    path.write_text(json.dumps(document))
    count = PracticePage.objects.count()
    assert "Dry run, nothing changed: 1 created, 0 updated, 1 unchanged" in import_file(
        path, "--dry-run"
    )
    assert PracticePage.objects.count() == count


def test_a_bad_row_leaves_nothing_and_is_reported_with_its_number(world, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(
        "key,title,summary,country,topics,year,cities\n"
        "ok-1,Fine,A summary,ES,education,2019,barcelona\n"
        "bad-1,Broken,A summary,ES,astrology,3000,atlantis\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        out = io.StringIO()
        call_command("import_practices", str(path), stdout=out, stderr=io.StringIO())
    report = out.getvalue()
    assert "1 created, 0 updated, 0 unchanged, 1 failed." in report
    assert "Row 3 (bad-1)" in report
    assert "astrology" in report and "atlantis" in report and "between" in report
    assert not PracticePage.objects.filter(title="Broken").exists()
    assert PracticePage.objects.get(title="Fine").live is False  # a draft without --publish


def test_plain_text_and_html_sections_are_sanitised(world, tmp_path, client):
    path = tmp_path / "rich.json"
    path.write_text(
        json.dumps(
            [
                {
                    "key": "rich",
                    "title": "<script>alert(1)</script>Rich",
                    "summary": "Summary",
                    "country": "Spain",
                    "topics": ["Education"],
                    "purpose": "First paragraph.\n\nSecond & last.",
                    "process": (
                        '<p onclick="x()">Go <script>alert(2)</script>'
                        '<a href="javascript:alert(3)">here</a></p><h2>Big</h2>'
                    ),
                }
            ]
        )
    )
    import_file(path, "--publish")
    page = PracticePage.objects.get(title__endswith="Rich")
    assert page.purpose == "<p>First paragraph.</p><p>Second &amp; last.</p>"
    assert "script" not in page.process and "onclick" not in page.process
    assert "javascript" not in page.process and "<h2>" not in page.process
    html = (
        page.serve(__import__("django.test").test.RequestFactory().get(page.url)).render().content
    )
    assert b"<script>alert(1)" not in html  # the title is text, escaped on the page


def test_taxonomy_is_matched_by_slug_code_or_name_in_any_language(world, tmp_path, settings):
    path = tmp_path / "names.csv"
    path.write_text(
        "key;title;summary;country;topics;cities\n"
        "n-1;Names;A summary;Espagne;EDUCATION;Barcelona (ES)\n",
        encoding="utf-8",
    )
    output = import_file(path)
    assert "Read as semicolon-separated values." in output
    page = PracticePage.objects.get(title="Names")
    assert (str(page.country.code), [t.slug for t in page.topics.all()]) == ("ES", ["education"])


BAD_FILES = {
    "latin-1": (
        "csv",
        "key,title,summary,country,topics\nk,Caf\xe9,s,ES,education\n".encode("latin-1"),
        "not UTF-8",
    ),
    "missing": ("csv", b"key,title\nk,t\n", "Missing columns: summary, country, topics"),
    "unknown": ("csv", b"key,title,summary,country,topics,colour\n", "Unknown columns: colour"),
    "duplicate": (
        "csv",
        b"key,title,summary,country,topics\nk,a,s,ES,education\nk,b,s,ES,education\n",
        "Rows 2 and 3 have the same key",
    ),
    "formula": (
        "csv",
        b"key,title,summary,country,topics\nk,=HYPERLINK(1),s,ES,education\n",
        "Formulas",
    ),
    "json": ("json", b"{not json", "cannot be read"),
    "xlsx": ("xlsx", b"PK\x03\x04 not a workbook", "cannot be read"),
    "empty": ("csv", b"", "empty"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_get_a_clear_error_and_change_nothing(world, tmp_path, name):
    file_format, data, message = BAD_FILES[name]
    path = tmp_path / f"bad.{file_format}"
    path.write_bytes(data)
    count = PracticePage.objects.count()
    with pytest.raises(CommandError) as raised:
        import_file(path)
    assert message in str(raised.value)
    assert PracticePage.objects.count() == count


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(world, tmp_path, settings):
    settings.ICC_PRACTICES_IMPORT_MAX_FILE_SIZE = 1_000_000
    path = tmp_path / "big.csv"
    path.write_bytes(b"key,title,summary,country,topics\n" + b"x" * 1_200_000)
    with pytest.raises(CommandError, match="at most 1.0 MB"):
        import_file(path)


def test_a_byte_order_mark_is_read_as_utf8(world, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffkey,title,summary,country,topics\nb-1,Café,s,ES,education\n".encode())
    import_file(path)
    assert PracticePage.objects.filter(title="Café").exists()


def test_the_xlsx_export_imports_again(world, tmp_path):
    path = tmp_path / "practices.xlsx"
    export("--output", str(path))
    assert "0 created, 0 updated, 2 unchanged, 0 failed." in import_file(path)


words = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs")), min_size=1, max_size=30
    )
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    practices=st.lists(
        st.fixed_dictionaries(
            {
                "title": words,
                "year": st.one_of(st.none(), st.integers(1990, 2025)),
                "other": st.booleans(),
                "topics": st.sets(st.sampled_from(["education", "housing"]), min_size=1),
                "keywords": st.sets(
                    words.filter(lambda w: ";" not in w and "," not in w), max_size=3
                ),
                "purpose": st.one_of(st.just(""), words),
            }
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_practices_survive_export_and_import_into_a_fresh_database(
    world, tmp_path_factory, practices
):
    from django.db import transaction

    class Done(Exception):
        pass

    try:
        with transaction.atomic():
            PracticePage.objects.all().delete()
            from icc_practices.models import Country, Topic

            spain, france = Country.objects.get(code="ES"), Country.objects.get(code="FR")
            for number, spec in enumerate(practices):
                page = PracticePageFactory(
                    parent=world["index"],
                    title=spec["title"],
                    slug=f"p-{number}",
                    country=spain,
                    year=spec["year"],
                    topics=list(Topic.objects.filter(slug__in=spec["topics"])),
                )
                page.other_countries.set([france] if spec["other"] else [])
                page.tags.add(*spec["keywords"])
                page.purpose = f"<p>{spec['purpose']}</p>" if spec["purpose"] else ""
                page.save_revision().publish()
            invalidate(CONTENT)
            first = export("--format", "json")
            path = tmp_path_factory.mktemp("round") / "p.json"
            path.write_text(first)
            PracticePage.objects.all().delete()
            invalidate(CONTENT)
            import_file(path, "--publish")
            invalidate(CONTENT)
            assert json.loads(export("--format", "json")) == json.loads(first)
            raise Done
    except Done:
        pass
