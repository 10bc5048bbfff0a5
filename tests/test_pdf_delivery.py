"""PDFs off the request path: rendered by a task at publish, stored, served from storage;
one render for concurrent requests; a bounded wait per process."""

import logging
import threading
import time

import pytest
from django.db import connections
from django.test import Client
from django_tasks import task_backends

from icc_practices.pdf.flight import Outcome, SingleFlight
from icc_practices.pdf.store import read_stored, stored_pdf_name
from icc_practices.pdf.tasks import render_practice_pdf
from tests.factories import CountryFactory, PracticePageFactory

WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

pytestmark = pytest.mark.usefixtures("pdf_renderer")


@pytest.fixture
def practice(index_page):
    return PracticePageFactory(
        parent=index_page, title="Night buses", country=CountryFactory(code="FR"), year=2021
    )


def queued(task) -> list[tuple]:
    """Arguments of the tasks of this kind that the dummy (worker) backend holds."""
    return [
        tuple(result.args)
        for result in task_backends["default"].results
        if result.task.name == task.name
    ]


@pytest.mark.django_db
def test_with_a_worker_a_publish_queues_the_render_and_the_worker_stores_it(
    client, practice, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = WORKER
    with django_capture_on_commit_callbacks(execute=True):
        practice.save_revision().publish()
    practice.refresh_from_db()
    assert queued(render_practice_pdf) == [(practice.pk, "en")]

    render_practice_pdf.call(practice.pk, "en")  # what the worker does

    assert read_stored(stored_pdf_name(practice, "en"))[:5] == b"%PDF-"
    started = time.monotonic()
    response = client.get(practice.url + "pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert time.monotonic() - started < 1  # read from storage, not rendered


@pytest.mark.django_db
def test_with_a_worker_a_missing_pdf_is_queued_and_answered_at_once(
    client, practice, settings, caplog
):
    settings.TASKS = WORKER
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(practice.url + "pdf/")
    assert not caplog.records  # an expected state, not an error for the logs
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Night buses" in response.content.decode()
    assert queued(render_practice_pdf) == [(practice.pk, "en")]
    assert read_stored(stored_pdf_name(practice, "en")) is None  # nothing rendered here


@pytest.mark.django_db
def test_without_a_worker_publishing_does_not_render_in_the_editors_request(
    practice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        practice.save_revision().publish()
    practice.refresh_from_db()
    assert read_stored(stored_pdf_name(practice, "en")) is None


@pytest.mark.django_db
def test_render_on_publish_can_be_forced_without_a_worker(
    practice, settings, django_capture_on_commit_callbacks
):
    settings.ICC_PRACTICES_PDF_RENDER_ON_PUBLISH = True
    with django_capture_on_commit_callbacks(execute=True):
        practice.save_revision().publish()
    practice.refresh_from_db()
    assert read_stored(stored_pdf_name(practice, "en"))[:5] == b"%PDF-"


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["unpublish", "delete"])
def test_an_unpublished_or_deleted_practice_loses_its_stored_pdfs(
    client, practice, how, django_capture_on_commit_callbacks
):
    client.get(practice.url + "pdf/")
    name = stored_pdf_name(practice, "en")
    assert read_stored(name) is not None
    with django_capture_on_commit_callbacks(execute=True):
        getattr(practice, how)()
    assert read_stored(name) is None


def concurrent_pdf_requests(url: str, count: int) -> list[tuple[int, float]]:
    """``count`` simultaneous requests; their statuses and durations."""
    barrier = threading.Barrier(count)
    answers: list[tuple[int, float]] = []

    def ask() -> None:
        client = Client()
        barrier.wait()
        started = time.monotonic()
        try:
            response = client.get(url)
            answers.append((response.status_code, time.monotonic() - started))
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=ask) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_for_one_missing_pdf_run_one_render(practice, settings, caplog):
    settings.ICC_PRACTICES_PDF_MAX_WAITING_REQUESTS = 8
    with caplog.at_level(logging.INFO, logger="icc_practices.pdf"):
        answers = concurrent_pdf_requests(practice.url + "pdf/", 6)
    assert [status for status, _ in answers] == [200] * 6
    renders = [r for r in caplog.records if r.getMessage().startswith("Rendered the PDF")]
    assert len(renders) == 1


@pytest.mark.django_db(transaction=True)
def test_beyond_the_bound_visitors_are_answered_at_once(index_page, settings, caplog):
    settings.ICC_PRACTICES_PDF_MAX_CONCURRENT_RENDERS = 1
    settings.ICC_PRACTICES_PDF_MAX_WAITING_REQUESTS = 1
    country = CountryFactory(code="FR")
    practices = [
        PracticePageFactory(parent=index_page, title=f"Practice {n}", country=country)
        for n in range(4)
    ]
    answers: list[tuple[int, float]] = []
    threads = [
        threading.Thread(
            target=lambda url: answers.extend(concurrent_pdf_requests(url, 1)),
            args=(page.url + "pdf/",),
        )
        for page in practices
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(status for status, _ in answers)
    assert 200 in statuses and 503 in statuses
    slowest_render = max(seconds for status, seconds in answers if status == 200)
    for status, seconds in answers:
        if status == 503:
            assert seconds < slowest_render  # answered without waiting for a render


def test_single_flight_runs_the_work_once_and_lets_followers_wait(settings):
    settings.ICC_PRACTICES_PDF_MAX_WAITING_REQUESTS = 10
    flight = SingleFlight()
    started, release = threading.Event(), threading.Event()
    runs: list[int] = []

    def work() -> None:
        runs.append(1)
        started.set()
        release.wait(5)

    outcomes: list[Outcome] = []
    leader = threading.Thread(target=lambda: outcomes.append(flight.run("a", work)))
    leader.start()
    started.wait(5)
    followers = [
        threading.Thread(target=lambda: outcomes.append(flight.run("a", work))) for _ in range(3)
    ]
    for thread in followers:
        thread.start()
    time.sleep(0.1)
    release.set()
    for thread in [leader, *followers]:
        thread.join(5)
    assert runs == [1]
    assert outcomes == [Outcome.DONE] * 4


def test_single_flight_refuses_at_once_when_full(settings):
    settings.ICC_PRACTICES_PDF_MAX_CONCURRENT_RENDERS = 1
    flight = SingleFlight()
    started, release = threading.Event(), threading.Event()

    def work() -> None:
        started.set()
        release.wait(5)

    leader = threading.Thread(target=lambda: flight.run("a", work))
    leader.start()
    started.wait(5)
    began = time.monotonic()
    assert flight.run("b", work) is Outcome.BUSY
    assert time.monotonic() - began < 0.1
    release.set()
    leader.join(5)
    assert flight.run("b", lambda: None) is Outcome.DONE
