"""A PDF dossier of any result list (issue 20): its cover, contents and practices (read
back with pypdf), its outline and tags, its privacy, its cap, and its cache."""

import io

import pytest
from django.core.files.storage import FileSystemStorage
from django_tasks.backends.dummy import DummyBackend
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from tests.factories import CountryFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection(index_page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    roma, housing = TopicFactory(slug="roma", name="Roma"), TopicFactory(slug="housing")
    spain = CountryFactory(code="ES")
    return {
        title: PracticePageFactory(parent=index_page, title=title, topics=[topic], country=spain)
        for title, topic in (
            ("Roma mediators", roma), ("Roma schools", roma), ("Housing first", housing),
        )
    }  # fmt: skip


def dossier(client, index_page, query=""):
    response = client.get(f"{index_page.url}dossier/{query}")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_dossier_has_a_cover_contents_and_each_practice(client, index_page, collection):
    reader = dossier(client, index_page, "?topic=roma&sort=title")
    text = text_of(reader)
    cover = reader.pages[0].extract_text()
    assert "Good practices" in cover and "Roma" in cover and "2 practices" in cover
    assert "PDF created on" in cover
    contents = reader.pages[1].extract_text()
    assert contents.index("Roma mediators") < contents.index("Roma schools")  # the list's order
    assert "Housing first" not in text
    assert reader.metadata.title == "Good practices: Roma"
    # The outline has one entry per practice; the contents link to them.
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        "Roma mediators", "Roma schools",
    ]  # fmt: skip
    links = [a for page in reader.pages[1:2] for a in page.get("/Annots", []) or []]
    assert len(links) >= 2
    # Tagged (PDF/UA): a structure tree, a language, a displayed title.
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_private_practices_are_not_in_the_dossier(client, index_page, collection):
    collection["Roma schools"].unpublish()
    PageViewRestriction.objects.create(
        page=collection["Housing first"], restriction_type=PageViewRestriction.PASSWORD,
        password="x",
    )  # fmt: skip
    text = text_of(dossier(client, index_page))
    assert "Roma mediators" in text
    assert "Roma schools" not in text and "Housing first" not in text


def test_the_cap_offers_no_dossier_and_says_why(client, index_page, collection, settings):
    settings.ICC_PRACTICES_DOSSIER_MAX_PRACTICES = 2
    html = client.get(index_page.url).content.decode()
    assert "dossier/" not in html and "A PDF of the results is offered for up to 2" in html
    response = client.get(f"{index_page.url}dossier/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "at most 2 practices, and these results have 3" in response.content.decode()
    narrowed = client.get(index_page.url, {"topic": "roma"}).content.decode()
    assert f'href="{index_page.url}dossier/?topic=roma"' in narrowed


def test_the_dossier_is_kept_until_the_content_changes(client, index_page, collection):
    first = client.get(f"{index_page.url}dossier/?topic=roma").content
    assert client.get(f"{index_page.url}dossier/?topic=roma").content == first  # kept
    PracticePageFactory(parent=index_page, title="Roma libraries",
                        topics=[collection["Roma mediators"].topics.first()])  # fmt: skip
    assert "Roma libraries" in text_of(dossier(client, index_page, "?topic=roma"))


def test_the_dossier_is_in_the_visitors_language(client, index_page, collection):
    from tests.test_multilingual import translate

    translate(index_page, french_locale(), title="Bonnes pratiques")
    response = client.get(f"/fr{index_page.url}dossier/?topic=roma")
    assert response.status_code == 200, response.content[:300]
    french = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "PDF créé le" in french and "2 pratiques" in french, french
    assert "PDF created on" in dossier(client, index_page, "?topic=roma").pages[0].extract_text()


def french_locale():
    from wagtail.models import Locale

    return Locale.objects.get_or_create(language_code="fr")[0]


def test_a_large_dossier_is_built_by_a_task_while_a_page_says_so(
    client, index_page, collection, settings
):
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.ICC_PRACTICES_DOSSIER_RENDER_IN_REQUEST = 2  # three practices: too many
    waiting = client.get(f"{index_page.url}dossier/")
    assert waiting.status_code == 503
    assert waiting["Retry-After"] == "5" and waiting["Refresh"] == "5"
    assert "no-store" in waiting["Cache-Control"]
    assert "The PDF of 3 practices is being prepared." in waiting.content.decode()
    client.get(f"{index_page.url}dossier/")  # the page asks again before it is ready
    queued = [r for r in task_backends["default"].results if r.task.name == "render_dossier"]
    assert len(queued) == 1  # queued once, not once per reload
    queued[0].task.call(*queued[0].args)  # the worker runs it
    ready = client.get(f"{index_page.url}dossier/")
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"


def test_an_unknown_filter_value_is_ignored_and_a_filter_of_nothing_says_so(
    client, index_page, collection
):
    assert "Roma mediators" in text_of(dossier(client, index_page, "?topic=nonsense&year=abc"))
    empty = client.get(f"{index_page.url}dossier/?q=nothingmatchesthisatall")
    assert empty.status_code == 200 and "No practice matches this filter." in empty.content.decode()


class StorageThatCannotWrite(FileSystemStorage):
    """A full disk, a read-only bucket: every file written fails (and is counted)."""

    attempts = 0

    def _save(self, name, content):
        StorageThatCannotWrite.attempts += 1
        raise OSError("No space left on device")


def test_a_dossier_that_cannot_be_kept_says_so_once_and_is_not_rebuilt_on_each_visit(
    client, index_page, collection, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "full": {"BACKEND": f"{__name__}.StorageThatCannotWrite",
                 "OPTIONS": {"location": str(tmp_path / "full")}},
    }  # fmt: skip
    settings.ICC_PRACTICES_PDF_STORAGE = "full"
    StorageThatCannotWrite.attempts = 0
    first = client.get(f"{index_page.url}dossier/?topic=roma")
    assert first.status_code == 503 and "Refresh" not in first
    assert "PDFs cannot be created on this site now." in first.content.decode()
    assert int(first["Retry-After"]) >= 60
    client.get(f"{index_page.url}dossier/?topic=roma")  # asked again at once
    assert StorageThatCannotWrite.attempts == 1  # built once, not once per visit
    assert client.get(index_page.url).status_code == 200  # the rest of the site is fine


def test_the_dossier_embeds_the_web_pages_renditions(client, index_page, collection):
    """A dossier of many practices uses the pictures the web pages already have (hero
    1200 px, body 1000 px): no new renditions, about half the bytes of print ones."""
    from tests.test_pdf import make_image

    practice = collection["Roma mediators"]
    practice.hero_image = make_image(2400, 1200, "Hero")
    practice.body = [("image", {"image": make_image(2400, 1600, "Body"), "caption": "A photo"})]
    practice.save_revision().publish()
    reader = dossier(client, index_page, "?topic=roma")
    widths = {image.image.width for page in reader.pages for image in page.images}
    assert widths == {1000, 1200}


def test_a_small_dossier_is_made_in_the_request_even_with_a_worker(
    client, index_page, collection, settings
):
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    made = client.get(f"{index_page.url}dossier/?topic=roma")  # 2 practices: in the request
    assert made.status_code == 200 and made["Content-Type"] == "application/pdf"
    assert not [r for r in task_backends["default"].results if r.task.name == "render_dossier"]


class QueueThatIsDown(DummyBackend):
    """A worker whose broker cannot be reached: every task queued fails."""

    def enqueue(self, task, args, kwargs):
        raise ConnectionError("Connection refused")


class StorageThatCannotRead(FileSystemStorage):
    """A bucket that answers nothing: every look at a file fails."""

    def exists(self, name):
        raise OSError("Input/output error")


def test_a_dead_queue_or_an_unreadable_storage_says_so_instead_of_waiting_for_ever(
    client, index_page, collection, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": f"{__name__}.QueueThatIsDown"}}
    settings.ICC_PRACTICES_DOSSIER_RENDER_IN_REQUEST = 1  # two practices: queued
    queue_down = client.get(f"{index_page.url}dossier/?topic=roma")
    assert queue_down.status_code == 503 and "Refresh" not in queue_down
    assert "PDFs cannot be created on this site now." in queue_down.content.decode()

    settings.STORAGES = {
        **settings.STORAGES,
        "unreadable": {"BACKEND": f"{__name__}.StorageThatCannotRead",
                       "OPTIONS": {"location": str(tmp_path / "unreadable")}},
    }  # fmt: skip
    settings.ICC_PRACTICES_PDF_STORAGE = "unreadable"
    unreadable = client.get(f"{index_page.url}dossier/?topic=housing")
    assert unreadable.status_code == 503 and "Refresh" not in unreadable
    assert "PDFs cannot be created on this site now." in unreadable.content.decode()
    assert client.get(index_page.url).status_code == 200


def kept_dossiers(index_page) -> list[str]:
    from icc_practices.pdf.dossier import FOLDER
    from icc_practices.pdf.store import pdf_storage

    return pdf_storage().listdir(f"{FOLDER}/{index_page.pk}")[1]


def test_one_result_list_is_one_file_however_its_search_is_typed(client, index_page, collection):
    for typed in ("Roma", "roma!", "ROMA", '"roma"'):
        dossier(client, index_page, f"?q={typed}&topic=roma")
    assert len(kept_dossiers(index_page)) == 1


def test_an_index_keeps_at_most_so_many_dossiers(client, index_page, collection, monkeypatch):
    from icc_practices.pdf import dossier as dossiers

    monkeypatch.setattr(dossiers, "KEEP_AT_MOST", 2)
    for query in ("?topic=roma", "?topic=housing", "?country=es"):
        dossier(client, index_page, query)
    assert len(kept_dossiers(index_page)) == 2


def test_a_client_may_have_so_many_new_dossiers_made_an_hour(
    client, index_page, collection, settings
):
    settings.ICC_PRACTICES_DOSSIERS_PER_HOUR = 1
    dossier(client, index_page, "?topic=roma")
    dossier(client, index_page, "?topic=roma")  # made already: served, not counted
    limited = client.get(f"{index_page.url}dossier/?topic=housing")
    assert limited.status_code == 429 and limited["Retry-After"] == "3600"
    assert "You have asked for many PDFs of results" in limited.content.decode()
    other = client.get(f"{index_page.url}dossier/?topic=housing", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200  # another visitor is not held back
