"""The PDF of a practice: content, metadata, caching, privacy, drafts, and what it may fetch."""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import override_settings
from PIL import Image as PILImage
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from icc_practices.pdf.fetcher import RefusedURL, SiteFileFetcher
from icc_practices.pdf.rendering import html_to_pdf
from icc_practices.pdf.store import read_stored, stored_pdf_name
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_renderer")]


def text_of(pdf: bytes) -> str:
    """The PDF's text with line breaks and runs of spaces collapsed."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def make_image(width: int, height: int, title: str = "Photo"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (30, 90, 160)).save(buffer, "JPEG")
    image = get_image_model()(title=title)
    image.file.save("photo.jpg", ContentFile(buffer.getvalue()), save=False)
    image.width, image.height = width, height
    image.save()
    return image


@pytest.fixture
def practice(index_page):
    spain = CountryFactory(code="ES")
    return PracticePageFactory(
        parent=index_page,
        title="Barcelona and international municipalism",
        slug="barcelona-municipalism",
        country=spain,
        year=2018,
        summary="Barcelona works with cities worldwide.",
        purpose="<p>To share what works between cities.</p>",
        impact='<p>Read the <a href="https://example.org/report">report</a>.</p>',
        topics=[TopicFactory(name="Governance", slug="governance")],
        cities=[CityFactory(name="Barcelona", slug="barcelona", country=spain)],
        lead_organisation="Barcelona City Council",
    )


def test_the_pdf_carries_the_practice(client, practice):
    response = client.get(practice.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="barcelona-municipalism.pdf"'
    text = text_of(response.content)
    for expected in [
        "Barcelona and international municipalism",
        "Barcelona works with cities worldwide.",
        "Purpose",
        "To share what works between cities.",
        "Impact",
        "https://example.org/report",  # link targets are printed
        "Governance",
        "Spain",
        "2018",
        "Barcelona City Council",
        practice.full_url,  # the source
    ]:
        assert expected in text, expected


def test_the_pdf_is_tagged_with_title_and_language(client, practice):
    reader = PdfReader(io.BytesIO(client.get(practice.url + "pdf/").content))
    catalog = reader.trailer["/Root"]
    assert reader.metadata.title == "Barcelona and international municipalism"
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert "pdfuaid" in catalog["/Metadata"].get_object().get_data().decode()


def test_images_are_embedded_at_print_resolution(client, practice):
    practice.hero_image = make_image(2400, 1200)
    practice.save()
    pdf = PdfReader(io.BytesIO(client.get(practice.url + "pdf/").content))
    widths = [image.image.width for page in pdf.pages for image in page.images]
    assert widths == [1600]


def test_the_pdf_is_stored_and_a_publish_replaces_it(client, practice):
    client.get(practice.url + "pdf/")
    first = stored_pdf_name(practice, "en")
    assert read_stored(first)[:5] == b"%PDF-"

    practice.title = "Barcelona and the world"
    practice.save_revision().publish()
    practice.refresh_from_db()
    second = stored_pdf_name(practice, "en")
    assert second != first
    assert read_stored(second) is None
    assert "Barcelona and the world" in text_of(client.get(practice.url + "pdf/").content)
    assert read_stored(first) is None  # the old revision's file was pruned


def test_a_draft_never_reaches_the_pdf(client, practice):
    practice.save_revision().publish()
    practice.refresh_from_db()
    practice.title = "Secret draft title"
    practice.save_revision()
    text = text_of(client.get(practice.url + "pdf/").content)
    assert "Barcelona and international municipalism" in text
    assert "Secret draft" not in text


def test_an_unpublished_practice_has_no_pdf(client, practice):
    url = practice.url + "pdf/"
    practice.unpublish()
    assert client.get(url).status_code == 404
    assert practice.get_pdf_url() is None


def test_editors_preview_the_draft_as_a_pdf(practice):
    practice.title = "Draft under review"
    response = practice.make_preview_request(preview_mode="pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert "Draft under review" in text_of(response.content)


@pytest.mark.parametrize("restriction_type", ["password", "login", "groups"])
def test_the_pdf_is_as_private_as_the_page(client, practice, restriction_type):
    restriction = PageViewRestriction.objects.create(
        page=practice, restriction_type=restriction_type, password="secret"
    )
    if restriction_type == "groups":
        restriction.groups.add(Group.objects.create(name="Partners"))
    response = client.get(practice.url + "pdf/")
    # The password form (200), or a redirect to the login page.
    assert response.status_code == (200 if restriction_type == "password" else 302)
    assert response.get("Content-Type") != "application/pdf"
    assert b"%PDF" not in response.content


def test_a_member_of_the_allowed_group_gets_a_private_pdf(client, practice, django_user_model):
    partners = Group.objects.create(name="Partners")
    restriction = PageViewRestriction.objects.create(page=practice, restriction_type="groups")
    restriction.groups.add(partners)
    user = django_user_model.objects.create_user("partner", password="pw")
    user.groups.add(partners)
    client.force_login(user)
    response = client.get(practice.url + "pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]


def test_a_render_out_of_time_answers_try_again_and_stores_nothing(client, practice):
    practice.hero_image = make_image(400, 200)  # a file to fetch, so the time limit applies
    practice.save()
    with override_settings(ICC_PRACTICES_PDF_RENDER_TIMEOUT=0.000001):
        response = client.get(practice.url + "pdf/")
    assert response.status_code == 503
    assert response["Retry-After"] == response["Refresh"] == "10"
    assert "no-store" in response["Cache-Control"]
    assert b"The PDF is being prepared." in response.content
    assert read_stored(stored_pdf_name(practice, "en")) is None
    assert client.get(practice.url + "pdf/")["Content-Type"] == "application/pdf"


class TestTheFetcher:
    def fetcher(self, deadline: float | None = None) -> SiteFileFetcher:
        return SiteFileFetcher(["http://testserver"], deadline or time.monotonic() + 60)

    def test_it_reads_this_sites_static_and_media_files(self, practice):
        css = self.fetcher().fetch("http://testserver/static/icc_practices/css/icc_practices.css")
        assert b".icc-practices" in css.read()
        image = make_image(40, 20)
        found = self.fetcher().fetch("http://testserver" + image.file.url)
        assert found.read()[:2] == b"\xff\xd8"  # a JPEG

    @pytest.mark.parametrize(
        "url",
        [
            "http://169.254.169.254/latest/meta-data/",
            "https://example.org/static/icc_practices/css/icc_practices.css",
            "file:///etc/passwd",
            "http://testserver/static/../../../../etc/passwd",
            "http://testserver/media/%2e%2e/%2e%2e/etc/passwd",
            "http://testserver/admin/",
            "ftp://testserver/static/x.css",
            "data:text/plain,hello",
        ],
    )
    def test_it_refuses_everything_else(self, url):
        with pytest.raises((RefusedURL, ValueError)):
            self.fetcher().fetch(url)

    def test_it_refuses_once_the_time_is_up(self):
        with pytest.raises(RefusedURL):
            self.fetcher(deadline=time.monotonic() - 1).fetch(
                "http://testserver/static/icc_practices/css/icc_practices.css"
            )


def test_a_document_naming_outside_urls_renders_without_fetching_them(tmp_path):
    requests = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    outside = f"http://127.0.0.1:{server.server_port}"
    html = f"""<html lang="en"><head><title>T</title>
        <link rel="stylesheet" href="{outside}/style.css">
        <style>@import url("{outside}/import.css");
        body {{ background: url("file://{secret}"); }}</style>
        </head><body><p>Still rendered</p><img src="{outside}/tracker.png" alt="">
        <img src="file://{secret}" alt=""><iframe src="{outside}/frame"></iframe>
        <object data="file://{secret}"></object></body></html>"""
    try:
        pdf = html_to_pdf(html, "http://testserver/", ["http://testserver"], time_limit=10)
    finally:
        server.shutdown()
    assert requests == []
    assert "Still rendered" in text_of(pdf)
    assert "TOP SECRET" not in text_of(pdf)


def test_a_render_that_runs_out_of_time_is_neither_served_nor_kept():
    from icc_practices.pdf.rendering import RenderTooSlow

    html = '<html lang="en"><title>T</title><img src="/static/icc_practices/css/x.png" alt="">'
    with pytest.raises(RenderTooSlow):
        html_to_pdf(html, "http://testserver/", ["http://testserver"], time_limit=-1)


@override_settings(
    WAGTAILFRONTENDCACHE={"recorder": {"BACKEND": "tests.frontend_cache.RecordingBackend"}}
)
def test_publishing_purges_the_pdf_from_the_frontend_cache(practice):
    from tests.frontend_cache import purged

    purged.clear()
    practice.save_revision().publish()
    assert practice.full_url in purged
    assert practice.full_url + "pdf/" in purged


def test_each_language_has_its_own_stored_pdf(practice):
    assert stored_pdf_name(practice, "en") != stored_pdf_name(practice, "fr")


@override_settings(
    WAGTAILFRONTENDCACHE={"recorder": {"BACKEND": "tests.frontend_cache.RecordingBackend"}}
)
def test_publishing_or_unpublishing_a_practice_purges_its_index(practice, index_page):
    from tests.frontend_cache import purged

    purged.clear()
    practice.save_revision().publish()
    assert index_page.full_url in purged
    purged.clear()
    practice.unpublish()
    assert index_page.full_url in purged


def test_a_storage_that_cannot_be_read_is_not_a_pdf_being_prepared(
    client, practice, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "unreadable": {"BACKEND": "tests.test_dossier.StorageThatCannotRead",
                       "OPTIONS": {"location": str(tmp_path / "unreadable")}},
    }  # fmt: skip
    settings.ICC_PRACTICES_PDF_STORAGE = "unreadable"
    response = client.get(practice.url + "pdf/")
    assert response.status_code == 503
    assert "PDFs cannot be created on this site now." in response.content.decode()
    assert "being prepared" not in response.content.decode()
