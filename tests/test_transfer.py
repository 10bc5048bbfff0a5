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


def test_visitors_download_the_results_of_their_filter(client, world, index_page):
    PracticePageFactory(parent=index_page, title="Draft", live=False)
    html = client.get(index_page.url + "?country=fr&year=none").content.decode()
    link = f'href="{index_page.url}download/csv/?country=fr&amp;year=none"'
    assert link in html
    response = client.get(index_page.url + "download/csv/?country=fr&year=none")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(b"".join(response.streaming_content).decode())
    assert [row["title"] for row in rows] == ["Housing first"]
    everything = client.get(index_page.url + "download/json/")
    titles = {
        row["title"] for row in json.loads(b"".join(everything.streaming_content))["practices"]
    }
    assert titles == {"Municipalism", "Housing first"}  # never the draft
    assert client.get(index_page.url + "download/exe/").status_code == 404


def test_the_download_is_capped_by_a_setting(client, world, index_page, settings):
    settings.ICC_PRACTICES_EXPORT_MAX_ROWS = 1
    response = client.get(index_page.url + "download/csv/")
    assert len(csv_rows(b"".join(response.streaming_content).decode())) == 1
    assert response["X-Total-Count"] == "2"


def test_the_download_is_in_the_visitors_language(client, world, index_page):
    """The French index's download holds its French practices, and the others in their
    own language (each row says which)."""
    from wagtail.models import Locale

    french = Locale.objects.create(language_code="fr")
    french_index = index_page.copy_for_translation(french, copy_parents=True)
    french_index.save_revision().publish()
    translated = world["a"].copy_for_translation(french)
    translated.title = "Municipalisme"
    translated.save_revision().publish()
    response = client.get(french_index.url + "download/csv/")
    rows = csv_rows(b"".join(response.streaming_content).decode())
    languages = {row["title"]: row["language"] for row in rows}
    assert languages["Municipalisme"] == "fr"
    assert world["a"].title not in languages  # its French version stands for it
    assert set(languages.values()) == {"fr", "en"}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_icc_template_is_offered_and_imports(client, world, index_page, tmp_path, file_format):
    from icc_practices.transfer.formats import read_file

    html = client.get(index_page.url).content.decode()
    assert f'href="{index_page.url}template/{file_format}/"' in html
    response = client.get(index_page.url + f"template/{file_format}/")
    assert response.status_code == 200
    parsed = read_file(response.content, file_format)
    assert [row["title"] for _number, row in parsed.rows] == [
        "Barcelona and international municipalism"
    ]
    path = tmp_path / f"template.{file_format}"
    path.write_bytes(response.content)
    TopicFactory(slug="international-outlook", name="International outlook")
    output = import_file(path, "--create-cities")
    assert "1 created" in output
    page = PracticePage.objects.get(title="Barcelona and international municipalism")
    assert {city.name for city in page.partner_cities.all()} == {"Medellín", "Maputo", "Havana"}


def test_the_admin_import_checks_then_imports_on_confirmation(admin_client, world, index_page):
    from icc_practices.models import PracticeImport

    upload = io.BytesIO(
        b"key,title,summary,country,topics,year\n"
        b"adm-1,From the admin,A summary,ES,education,2020\n"
        b"adm-2,Broken,A summary,ES,astrology,2020\n"
    )
    upload.name = "practices.csv"
    response = admin_client.post(
        "/admin/icc-practices/import/", {"file": upload, "index": index_page.pk, "publish": "on"}
    )
    job = PracticeImport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/import/{job.pk}/")
    page = admin_client.get(response.url).content.decode()
    assert "1 created, 0 updated, 0 unchanged, 1 failed." in page  # the dry run
    assert "astrology" in page
    assert not PracticePage.objects.filter(title="From the admin").exists()
    admin_client.post(f"/admin/icc-practices/import/{job.pk}/confirm/")
    assert PracticePage.objects.get(title="From the admin").live
    job.refresh_from_db()
    assert (job.status, bytes(job.data)) == ("done", b"")  # the file is not kept
    admin_client.post(f"/admin/icc-practices/import/{job.pk}/confirm/")  # twice: once
    assert PracticePage.objects.filter(title="From the admin").count() == 1


def test_the_admin_import_refuses_a_bad_file_and_a_stranger(
    admin_client, client, world, index_page, django_user_model
):
    from icc_practices.models import PracticeImport

    upload = io.BytesIO(b"key,title\nk,t\n")
    upload.name = "practices.csv"
    response = admin_client.post(
        "/admin/icc-practices/import/", {"file": upload, "index": index_page.pk}
    )
    assert (
        "Missing columns: summary, country, topics"
        in admin_client.get(response.url).content.decode()
    )
    job = PracticeImport.objects.get()
    other = django_user_model.objects.create_user("other", "o@example.org", "pw", is_staff=True)
    from django.contrib.auth.models import Permission

    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    assert client.get(f"/admin/icc-practices/import/{job.pk}/").status_code in (302, 403)
    assert client.get("/admin/icc-practices/import/").status_code in (302, 403)


def test_the_guide_lists_every_column():
    from pathlib import Path

    guide = (Path(__file__).parent.parent / "docs/how-to/import-and-export.md").read_text()
    for name in COLUMN_NAMES:
        assert f"| `{name}` |" in guide
