"""Cards rendered ahead of visitors: after a change a worker renders every card, so a
filter state nobody asked for before reads them from the cache."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend
from wagtail.models import Page, Site

from icc_practices.public.warming import debounce_ended, warm_cards, warm_cards_task
from icc_practices.search.cache import CONTENT, GENERATIONS, generation_tokens, invalidate
from tests.factories import PracticeIndexPageFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db

WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def practice_rows_read(client, url: str) -> bool:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return any('FROM "icc_practices_practicepage" INNER' in q["sql"] for q in queries)


def test_after_a_warm_up_a_new_filter_state_reads_no_practice_rows(client, index_page):
    topics = [TopicFactory(), TopicFactory()]
    for number in range(8):
        PracticePageFactory(parent=index_page, topics=[topics[number % 2]])
    assert warm_cards() == 8
    assert warm_cards() == 0  # all kept
    assert not practice_rows_read(client, f"{index_page.url}?topic={topics[1].slug}")


def test_without_a_warm_up_the_rows_are_read(client, index_page):
    topic = TopicFactory()
    PracticePageFactory(parent=index_page, topics=[topic])
    assert practice_rows_read(client, f"{index_page.url}?topic={topic.slug}")


def test_a_warm_up_queued_for_older_generations_does_nothing(index_page):
    PracticePageFactory(parent=index_page)
    tokens = generation_tokens(GENERATIONS)
    invalidate(CONTENT)
    assert warm_cards(tokens) is None
    assert warm_cards(generation_tokens(GENERATIONS)) == 1


@pytest.fixture
def worker_queue():
    """Tasks collected as a worker's queue would hold them."""
    with override_settings(TASKS=WORKER):
        backend = task_backends["default"]
        assert isinstance(backend, DummyBackend)
        backend.clear()
        debounce_ended()
        yield lambda: [r for r in backend.results if r.task.name == warm_cards_task.name]
        debounce_ended()


def test_with_a_worker_a_change_queues_one_deferred_warm_up(
    index_page, worker_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PracticePageFactory(parent=index_page)
    queued = worker_queue()
    assert len(queued) == 1
    assert queued[0].task.run_after is not None  # after the burst, with its generations


def test_a_burst_of_changes_queues_one_warm_up(
    db, worker_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_icc_taxonomy", stdout=io.StringIO())
    assert len(worker_queue()) == 1


def test_every_site_showing_the_index_gets_its_cards(site, index_page):
    Site.objects.create(hostname="www.example.org", root_page=site.root_page)
    topic = TopicFactory()
    for _number in range(3):
        PracticePageFactory(parent=index_page, topics=[topic])
    assert warm_cards() == 6
    other_host = Client(HTTP_HOST="www.example.org")
    assert not practice_rows_read(other_host, f"{index_page.url}?topic={topic.slug}")


@override_settings(ALLOWED_HOSTS=[])
def test_an_index_no_site_shows_is_skipped(site, index_page):
    staging = PracticeIndexPageFactory(parent=Page.get_first_root_node(), slug="staging")
    PracticePageFactory(parent=staging)
    PracticePageFactory(parent=index_page)
    assert warm_cards() == 1


def test_the_command_warms_every_card(index_page):
    PracticePageFactory(parent=index_page)
    out = io.StringIO()
    call_command("icc_practices_warm", stdout=out)
    assert "Rendered 1 practice cards." in out.getvalue()


def test_a_warm_up_queued_by_earlier_code_still_runs(index_page):
    PracticePageFactory(parent=index_page)
    assert warm_cards_task.call("tokens of a previous release") == 1


def test_cards_stay_in_the_process_when_the_cache_loses_them(client, index_page):
    """A per-process cache keeps 300 entries: the cards of the practices visitors page
    through are kept in the process's own memory too."""
    from django.core.cache import caches

    topic = TopicFactory()
    for _ in range(3):
        PracticePageFactory(parent=index_page, topics=[topic])
    assert practice_rows_read(client, f"{index_page.url}?topic={topic.slug}")
    caches["default"].clear()
    assert not practice_rows_read(client, f"{index_page.url}?sort=oldest")


@override_settings(ICC_PRACTICES_CARDS_IN_PROCESS=0)
def test_cards_in_process_can_be_turned_off(client, index_page):
    from django.core.cache import caches

    topic = TopicFactory()
    PracticePageFactory(parent=index_page, topics=[topic])
    assert practice_rows_read(client, f"{index_page.url}?topic={topic.slug}")
    caches["default"].clear()
    assert practice_rows_read(client, f"{index_page.url}?sort=oldest")


def test_a_card_kept_in_the_process_is_never_shown_after_a_change(client, index_page):
    practice = PracticePageFactory(parent=index_page, title="Before the change")
    assert "Before the change" in client.get(index_page.url).text
    practice.title = "After the change"
    practice.save_revision().publish()
    page = client.get(f"{index_page.url}?sort=oldest").text
    assert "After the change" in page and "Before the change" not in page


def test_the_process_keeps_at_most_its_setting_least_recent_out():
    from icc_practices.search.cache import ProcessMemory

    memory = ProcessMemory(lambda: 2)
    memory.store_many({"a": 1, "b": 2})
    assert memory.read_many(["a"]) == {"a": 1}  # "a" is now the most recent
    memory.store_many({"c": 3})
    assert memory.read_many(["a", "b", "c"]) == {"a": 1, "c": 3}


def test_a_card_kept_in_the_process_expires_as_in_the_cache():
    """A change made without signals (``QuerySet.update``) shows within the cache's
    timeout, in process memory too."""
    from icc_practices.search.cache import ProcessMemory

    memory = ProcessMemory(lambda: 10)
    with override_settings(ICC_PRACTICES_CACHE_TIMEOUT=0):
        memory.store_many({"a": 1})
    assert memory.read_many(["a"]) == {}
    with override_settings(ICC_PRACTICES_CACHE_TIMEOUT=60):
        memory.store_many({"a": 1})
    assert memory.read_many(["a"]) == {"a": 1}
