"""One truth across processes: a change made in another process, with its own LocMem cache,
is honoured by this process on its very next request, on every public channel."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

API = "/api/v3/practices/"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("pdf_renderer")]


def in_other_process(action: str, page_id: int) -> None:
    """Run ``action`` on the page in a new Python process on the same test database."""
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{settings['NAME']}"
    else:
        url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    assert dj_database_url.parse(url)["NAME"] == settings["NAME"]
    environment = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    finished = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
        [sys.executable, "-m", "tests.other_process", action, str(page_id)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    assert f"{action} {page_id}: done" in finished.stdout


@pytest.fixture
def collection(index_page):
    spain = CountryFactory(code="ES")
    mobility = TopicFactory(name="Mobility", slug="mobility")
    barcelona = CityFactory(name="Barcelona", slug="barcelona", country=spain)
    common = {"parent": index_page, "country": spain, "year": 2020, "cities": [barcelona]}
    return {
        "kept": PracticePageFactory(title="Open libraries", topics=[mobility], **common),
        "changed": PracticePageFactory(
            title="Zanzibar exchange", summary="Zanzibar", topics=[mobility], **common
        ),
    }


def channels(client, index_page, practice) -> dict[str, object]:
    """What each public channel says about ``practice``, through this process's caches."""
    index = client.get(index_page.url).content.decode()
    filtered = client.get(index_page.url, {"topic": "mobility"})
    search = client.get(index_page.url, {"q": "zanzibar"}).context["results"]
    api_list = client.get(API, {"page_size": 100}).json()
    facets = client.get(API + "facets/").json()
    request = RequestFactory().get("/")
    latest = Template("{% load icc_practices_tags %}{% icc_latest_practices 10 %}").render(
        Context({"request": request})
    )
    pdf = client.get(practice.url + "pdf/")
    return {
        "index": practice.title in index,
        "count": filtered.context["results"].total,
        "search": search.total,
        "api list": practice.pk in [item["id"] for item in api_list["items"]],
        "api detail": client.get(f"{API}{practice.pk}/").status_code,
        "facets": next(o["count"] for o in facets["facets"]["topic"] if o["value"] == "mobility"),
        "pdf": pdf.get("Content-Type") == "application/pdf",
        "latest": practice.title in latest,
    }


PUBLIC = {
    "index": True,
    "count": 2,
    "search": 1,
    "api list": True,
    "api detail": 200,
    "facets": 2,
    "pdf": True,
    "latest": True,
}
GONE = {
    "index": False,
    "count": 1,
    "search": 0,
    "api list": False,
    "api detail": 404,
    "facets": 1,
    "pdf": False,
    "latest": False,
}


@pytest.mark.parametrize("action", ["restrict", "unpublish", "delete", "cron"])
def test_a_change_in_another_process_shows_here_on_the_next_request(
    client, index_page, collection, action
):
    practice = collection["changed"]
    if action == "cron":  # expires in a second; the cron in the other process unpublishes it
        practice.expire_at = timezone.now() + datetime.timedelta(seconds=1)
        practice.save_revision().publish()
    assert channels(client, index_page, practice) == PUBLIC  # and now cached here
    time.sleep(1 if action == "cron" else 0)

    in_other_process(action, practice.pk)

    assert channels(client, index_page, practice) == GONE


def test_a_publish_in_another_process_shows_here_on_the_next_request(
    client, index_page, collection
):
    practice = collection["changed"]
    practice.unpublish()
    assert channels(client, index_page, practice) == GONE

    in_other_process("publish", practice.pk)

    assert channels(client, index_page, practice) == PUBLIC


def test_a_taxonomy_edit_in_another_process_shows_here_on_the_next_request(
    client, index_page, collection
):
    practice = collection["changed"]
    before = client.get(index_page.url).content.decode()
    assert "Mobility" in before and "Sustainable mobility" not in before
    assert client.get(practice.url).status_code == 200

    in_other_process("relabel", practice.pk)

    after = client.get(index_page.url).content.decode()
    assert "Sustainable mobility" in after  # the facet label and the cards
    assert "Sustainable mobility" in client.get(f"{API}{practice.pk}/").content.decode()
