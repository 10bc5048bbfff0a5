"""The cache is an optimisation, never a dependency: with a cache backend that raises on
every call (Redis gone), every public channel answers correctly from the database, and the
failure is logged once per interval, not once per request."""

import logging

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from icc_practices import degraded
from icc_practices.search import cache
from tests.broken_cache import BrokenCache
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

API = "/api/v3/practices/"
# Wagtail keeps its own entries (site root paths) in the default cache: a host whose default
# cache can fail uses django-redis with IGNORE_EXCEPTIONS (docs/deploying.md). The package's
# own alias may fail outright.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "practices": {"BACKEND": "tests.broken_cache.BrokenCache"},
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection(index_page):
    spain = CountryFactory(code="ES")
    roma = TopicFactory(name="Roma", slug="roma")
    barcelona = CityFactory(name="Barcelona", slug="barcelona", country=spain)
    return [
        PracticePageFactory(parent=index_page, title=f"Practice {n}", country=spain, year=2020,
                            topics=[roma], cities=[barcelona])
        for n in range(3)
    ]  # fmt: skip


@pytest.fixture
def broken_cache(settings):
    degraded.reset()
    cache.rest_ended()
    settings.CACHES = CACHES
    settings.ICC_PRACTICES_CACHE_ALIAS = "practices"
    yield
    degraded.reset()
    cache.rest_ended()


def test_the_broken_cache_really_raises(broken_cache):
    from django.core.cache import caches

    with pytest.raises(ConnectionError):
        caches["practices"].get("anything")


def test_every_public_channel_answers_from_the_database(
    client, index_page, collection, broken_cache, pdf_renderer
):
    practice = collection[0]
    index = client.get(index_page.url, {"topic": "roma"})
    assert index.status_code == 200
    assert index.context["results"].total == 3
    assert "Practice 2" in index.content.decode()
    assert client.get(index_page.url, {"q": "practice"}).context["results"].total == 3
    page = client.get(practice.url)
    assert page.status_code == 200 and b"Practice 0" in page.content
    assert client.get(practice.url + "pdf/")["Content-Type"] == "application/pdf"
    assert client.get(API).json()["count"] == 3
    assert client.get(f"{API}{practice.pk}/").json()["title"] == "Practice 0"
    facets = client.get(API + "facets/").json()["facets"]["topic"]
    assert next(o["count"] for o in facets if o["value"] == "roma") == 3
    assert client.get(API + "taxonomy/").status_code == 200
    assert client.get("/api/v2/practices/").status_code == 200
    latest = Template("{% load icc_practices_tags %}{% icc_latest_practices 5 %}").render(
        Context({"request": RequestFactory().get("/")})
    )
    assert "Practice 1" in latest


def test_the_failure_is_logged_once_per_interval_not_per_request(
    client, index_page, collection, broken_cache, caplog
):
    with caplog.at_level(logging.ERROR, logger="icc_practices.degraded"):
        for _ in range(5):
            assert client.get(index_page.url).status_code == 200
            assert client.get(API).status_code == 200
    reports = [r for r in caplog.records if r.name == "icc_practices.degraded"]
    assert len(reports) == 1
    assert "cache is failing" in reports[0].getMessage()
    assert "ConnectionError: cache down" in reports[0].getMessage()


def test_after_a_failure_the_cache_rests_instead_of_timing_out_on_every_call(
    client, index_page, collection, broken_cache, monkeypatch
):
    BrokenCache.calls = 0
    for _ in range(3):
        assert client.get(index_page.url, {"topic": "roma"}).status_code == 200
    assert BrokenCache.calls == 1
    monkeypatch.setattr(cache, "RETRY_AFTER_FAILURE", 0.0)
    cache.rest_ended()
    client.get(index_page.url)
    assert BrokenCache.calls > 1  # tried again once the rest was over


def test_the_index_is_cached_when_the_cache_works(client, index_page, collection, settings):
    """The other side of the coin: with a working cache, the filter-form fragment and the
    counts are read from it (a second request costs fewer queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cold:
        client.get(index_page.url)
    with CaptureQueriesContext(connection) as warm:
        client.get(index_page.url)
    assert len(warm) < len(cold)
