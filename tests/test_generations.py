"""When generations change, and when they must not: editors working at the same time, moves
that do not touch listings, classification copied to translations, regional languages."""

import threading
import time

import pytest
from django.db import connections, transaction
from wagtail.models import Page

from icc_practices.models import PracticePage
from icc_practices.pdf.store import pdf_storage, save_stored, stored_pdf_name
from icc_practices.search.cache import CONTENT, generation_tokens
from tests.factories import PracticePageFactory, TopicFactory


@pytest.mark.django_db(transaction=True)
def test_two_editors_publishing_and_bulk_unpublishing_do_not_deadlock(index_page):
    """A publish inside a request transaction (it locks the page, then invalidates) against
    Wagtail's bulk unpublish (one transaction: page i, invalidation, page j). Holding the
    generation row until commit deadlocked them on PostgreSQL."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("row locks: SQLite lets one write transaction run at a time anyway")
    first = PracticePageFactory(parent=index_page, title="i")
    second = PracticePageFactory(parent=index_page, title="j")
    before = generation_tokens((CONTENT,))
    errors: dict[str, BaseException] = {}
    second_locked = threading.Event()

    def publish_in_a_request() -> None:
        try:
            with transaction.atomic():
                page = PracticePage.objects.get(pk=second.pk)
                page.title = "j edited"
                revision = page.save_revision()
                second_locked.set()
                time.sleep(1)
                revision.publish()
        except BaseException as error:
            errors["publish"] = error
        finally:
            connections.close_all()

    def bulk_unpublish() -> None:
        try:
            second_locked.wait(10)
            with transaction.atomic():
                for pk in (first.pk, second.pk):
                    PracticePage.objects.get(pk=pk).unpublish()
        except BaseException as error:
            errors["bulk"] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=publish_in_a_request),
        threading.Thread(target=bulk_unpublish),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, {name: repr(error) for name, error in errors.items()}
    assert generation_tokens((CONTENT,)) != before
    assert not PracticePage.objects.filter(pk__in=[first.pk, second.pk], live=True).exists()


@pytest.mark.django_db
def test_reordering_unrelated_pages_or_publishing_the_index_keeps_pdf_names(site, index_page):
    practice = PracticePageFactory(parent=index_page)
    news = site.root_page.add_child(title="News", slug="news")
    events = site.root_page.add_child(title="Events", slug="events")
    name = stored_pdf_name(practice, "en")

    Page.objects.get(pk=events.pk).move(Page.objects.get(pk=news.pk), pos="left")
    index_page.save_revision().publish()

    assert stored_pdf_name(practice, "en") == name


@pytest.mark.django_db
def test_moving_a_section_that_holds_practices_starts_new_generations(site, index_page):
    section = site.root_page.add_child(title="Section", slug="section")
    PracticePageFactory(parent=index_page)
    before = generation_tokens()
    Page.objects.get(pk=index_page.pk).move(Page.objects.get(pk=section.pk), pos="last-child")
    after = generation_tokens()
    assert before.split(":")[0] != after.split(":")[0]  # content
    assert before.split(":")[1] != after.split(":")[1]  # structure


@pytest.mark.django_db
def test_classification_copied_to_translations_shows_in_their_index(client, index_page):
    from wagtail.models import Locale

    french = Locale.objects.create(language_code="fr")
    french_index = index_page.copy_for_translation(french, copy_parents=True)
    french_index.save_revision().publish()
    old, new = TopicFactory(slug="old-topic"), TopicFactory(slug="new-topic")
    practice = PracticePageFactory(parent=index_page, topics=[old])
    translation = practice.copy_for_translation(french)
    translation.save_revision().publish()
    french_index.refresh_from_db()
    assert client.get(french_index.url, {"topic": "old-topic"}).context["results"].total == 1

    practice.topics.set([new])
    practice.save_revision().publish()  # copies the topics to the French page without signals

    assert client.get(french_index.url, {"topic": "new-topic"}).context["results"].total == 1
    assert client.get(french_index.url, {"topic": "old-topic"}).context["results"].total == 0


@pytest.mark.parametrize(
    "first, second", [("pt-br", "pt"), ("zh-hans", "zh-hant"), ("en", "en-gb")]
)
def test_a_regional_language_never_prunes_another_languages_pdf(settings, tmp_path, first, second):
    settings.MEDIA_ROOT = str(tmp_path)
    folder = "icc_practices/pdf/7"
    kept, added = f"{folder}/{first}-{'a' * 40}.pdf", f"{folder}/{second}-{'b' * 40}.pdf"
    save_stored(kept, b"%PDF first")
    save_stored(added, b"%PDF second")
    save_stored(f"{folder}/{second}-{'c' * 40}.pdf", b"%PDF second, newer")
    files = sorted(pdf_storage().listdir(folder)[1])
    assert files == sorted([kept.rsplit("/")[-1], f"{second}-{'c' * 40}.pdf"])


@pytest.mark.django_db
def test_the_rendering_honours_the_packages_task_backend(
    client, index_page, settings, pdf_renderer
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
        "practices": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }
    settings.ICC_PRACTICES_TASK_BACKEND = "practices"
    practice = PracticePageFactory(parent=index_page)
    assert client.get(practice.url + "pdf/")["Content-Type"] == "application/pdf"
