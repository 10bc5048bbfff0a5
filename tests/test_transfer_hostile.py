"""What a hostile review of the import found (issue 16): each case fails one row, or the
file, with a reason; none stops the import or leaks into another index."""

import contextlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from icc_practices.models import PracticePage
from icc_practices.transfer.richtext import rich_text
from tests.factories import (
    CountryFactory,
    PracticeIndexPageFactory,
    PracticePageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

ROW = {"title": "T", "summary": "S", "country": "ES", "topics": ["education"]}


@pytest.fixture
def taxonomy(index_page):
    CountryFactory(code="ES"), CountryFactory(code="FR"), CountryFactory(code="DE")
    TopicFactory(name="Education", slug="education")


def run(tmp_path, rows, *args) -> str:
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(rows))
    out = io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("import_practices", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_practice_of_three_countries_is_saved_and_imported(taxonomy, index_page, tmp_path):
    row = {**ROW, "key": "three", "other_countries": ["FR", "DE"]}
    assert "1 created" in run(tmp_path, [row])
    page = PracticePage.objects.get()
    assert sorted(str(c.code) for c in page.other_countries.all()) == ["DE", "FR"]
    page.other_countries.set(page.other_countries.all())  # in memory, as the editor does
    page.save_revision().publish()


@pytest.mark.parametrize(
    "fields",
    [
        {"first_published_at": "2020-02-30T00:00:00"},
        {"links": 5},
        {"links": [{"title": "long", "url": "https://example.org/" + "a" * 600}]},
        {"body": ["x"]},
        {"body": [{"type": "paragraph", "value": 5}, {"type": "nope", "value": 1}]},
        {"summary": "s" * 601},
        {"title": "t" * 300},
    ],
    ids=[
        "no-such-date",
        "links-number",
        "long-link",
        "body-string",
        "body-bad",
        "long-summary",
        "long-title",
    ],
)
def test_a_bad_value_fails_its_row_only(taxonomy, index_page, tmp_path, fields):
    rows = [{**ROW, "key": "bad", **fields}, {**ROW, "key": "good", "title": "Good"}]
    report = run(tmp_path, rows)
    assert "1 created, 0 updated, 0 unchanged, 1 failed." in report
    assert list(PracticePage.objects.values_list("title", flat=True)) == ["Good"]


def test_a_key_of_another_index_is_refused(taxonomy, index_page, site, tmp_path):
    other = PracticeIndexPageFactory(parent=site.root_page, slug="other")
    victim = PracticePageFactory(parent=index_page, title="Victim", slug="victim")
    row = {**ROW, "key": str(victim.translation_key), "title": "Defaced"}
    report = run(tmp_path, [row], "--index", str(other.pk), "--publish")
    assert "another index" in report
    victim.refresh_from_db()
    assert victim.title == "Victim" and victim.get_latest_revision_as_object().title == "Victim"


def test_the_same_practice_written_two_ways_is_refused_the_second_time(
    taxonomy, index_page, tmp_path
):
    rows = [{**ROW, "key": "k", "language": "en"}, {**ROW, "key": "k", "language": "EN"}]
    report = run(tmp_path, rows)
    assert "1 created, 0 updated, 0 unchanged, 1 failed." in report
    assert "as row 1" in report


def test_an_update_cannot_take_a_slug_a_new_row_took(taxonomy, index_page, tmp_path):
    PracticePageFactory(
        parent=index_page, title="Old", slug="old", country=CountryFactory(code="IT")
    )
    existing = PracticePage.objects.get()
    rows = [
        {**ROW, "key": "new", "slug": "shared"},
        {**ROW, "key": str(existing.translation_key), "slug": "shared", "country": "IT"},
    ]
    run(tmp_path, rows)
    slugs = list(index_page.get_children().values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))


def test_unbalanced_html_is_balanced_or_reduced_to_its_words():
    assert rich_text("<p><b><i>x</p>") == "<p>x</p>"
    assert rich_text("<ul>x<li>y</li></ul>") == "<p>x</p><ul><li>y</li></ul>"
    assert "</ol>" not in rich_text("<p>x</p></b></i></ol></ul><li>zz")


def _zip(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def test_a_dry_run_stores_no_image_file(taxonomy, index_page, tmp_path, settings):
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path / "media")
    picture = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 0, 0)).save(picture, format="PNG")
    (tmp_path / "images.zip").write_bytes(_zip("red.png", picture.getvalue()))
    row = {**ROW, "key": "img", "hero_image": "red.png"}
    report = run(tmp_path, [row], "--dry-run", "--images", str(tmp_path / "images.zip"))
    assert "1 created" in report
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.png"))
    run(tmp_path, [row], "--images", str(tmp_path / "images.zip"))
    assert PracticePage.objects.get().hero_image.title == "red"


def test_an_admin_import_with_a_broken_archive_is_refused_not_stuck(
    admin_client, taxonomy, index_page
):
    from icc_practices.models import PracticeImport

    upload = io.BytesIO(b"key,title,summary,country,topics\nk,T,S,ES,education\n")
    upload.name = "rows.csv"
    images = io.BytesIO(b"not a zip at all")
    images.name = "images.zip"
    admin_client.post(
        "/admin/icc-practices/import/", {"file": upload, "images": images, "index": index_page.pk}
    )
    job = PracticeImport.objects.get()
    assert job.status == "refused" and "ZIP" in job.report["problems"][0]


def test_imported_pages_belong_to_the_editor_who_imported_them(admin_client, taxonomy, index_page):
    upload = io.BytesIO(b"key,title,summary,country,topics\nk,Mine,S,ES,education\n")
    upload.name = "rows.csv"
    response = admin_client.post(
        "/admin/icc-practices/import/", {"file": upload, "index": index_page.pk}
    )
    admin_client.post(response.url + "confirm/")
    page = PracticePage.objects.get(title="Mine")
    assert page.owner.username == "admin"
    assert page.get_latest_revision().user.username == "admin"


def test_media_of_the_exporting_site_is_left_out_with_a_warning(taxonomy, index_page, tmp_path):
    """An image the file names but does not bring keeps what the page has; blocks that
    refer to images or documents this site lacks are left out, and the row says so."""
    rows = [
        {
            **ROW,
            "key": "media",
            "hero_image": "elsewhere.png",
            "body": [
                {"type": "heading", "value": "Kept"},
                {"type": "document", "value": {"document": 999, "title": ""}},
            ],
        }
    ]
    report = run(tmp_path, rows, "--publish")
    assert "1 created" in report
    assert "the main image is left as it was" in report
    assert "1 blocks left out" in report and "document" in report
    page = PracticePage.objects.get()
    assert [block.block_type for block in page.body] == ["heading"]
    assert "0 created, 0 updated, 1 unchanged" in run(tmp_path, rows, "--publish")


def test_an_export_brings_its_main_images_along(taxonomy, index_page, tmp_path, settings):
    from PIL import Image as Pillow
    from wagtail.images import get_image_model

    settings.MEDIA_ROOT = str(tmp_path / "media")
    picture = io.BytesIO()
    Pillow.new("RGB", (20, 20), (0, 90, 0)).save(picture, format="PNG")
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "green.png").write_bytes(picture.getvalue())
    row = {**ROW, "key": "pic", "hero_image": "green.png"}
    run(tmp_path, [row], "--publish", "--images", str(tmp_path / "pics"))
    out = io.StringIO()
    call_command(
        "export_practices",
        "--output",
        str(tmp_path / "out.json"),
        "--images",
        str(tmp_path / "out.zip"),
        stdout=out,
        stderr=io.StringIO(),
    )
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        (name,) = archive.namelist()
    assert json.loads((tmp_path / "out.json").read_text())["practices"][0]["hero_image"] == name
    assert get_image_model().objects.count() == 1


def test_the_admin_report_names_what_was_left_out(admin_client, taxonomy, index_page):
    upload = io.BytesIO(
        b"key,title,summary,country,topics,hero_image\nk,Pic,S,ES,education,x.png\n"
    )
    upload.name = "rows.csv"
    response = admin_client.post(
        "/admin/icc-practices/import/", {"file": upload, "index": index_page.pk}
    )
    page = admin_client.get(response.url).content.decode()
    assert "Rows imported with something left out" in page
    assert "the main image is left as it was" in page
