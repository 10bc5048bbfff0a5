"""The previous translation of a changed passage, above wagtail-localize's editor (issue 18),
and the three ways an earlier attempt went wrong, each guarded."""

import io
import re

import polib
import pytest
from django.urls import reverse

from icc_practices.models import PracticePage
from tests.test_translation_coverage import publish

pytestmark = pytest.mark.django_db


def notice(html: str) -> str:
    """The notice's disclosure, or "" (the editor's own props hold every translation too)."""
    found = re.search(r'<details class="icc-previous-translations">.*?</details>', html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def synced(admin_client, localize_source, french, django_capture_on_commit_callbacks):
    """The practice translated through a PO file and published; then its English summary
    and one of its two purpose paragraphs changed, and the translation synchronised."""
    from wagtail_localize.models import Translation
    from wagtail_localize.operations import TranslationCreator

    source = publish(
        localize_source["practice"],
        purpose="<p>Trust between school and home.</p><p>Mediators visit each family.</p>",
    )
    TranslationCreator(localize_source["user"], [french]).create_translations(source)
    job = Translation.objects.get(source__object_id=source.translation_key, target_locale=french)
    download = admin_client.get(reverse("wagtail_localize:download_pofile", args=[job.id]))
    catalogue = polib.pofile(download.content.decode())
    for entry in catalogue:
        entry.msgstr = f"[fr] {entry.msgid}"
    admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[job.id]),
        {"file": io.BytesIO(str(catalogue).encode()), "next": "/admin/"},
    )
    french_page = source.get_translation(french)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[french_page.pk]), {"action": "publish"}
        )
    assert (
        PracticePage.objects.get(pk=french_page.pk).summary == "[fr] Mediators work with families."
    )
    publish(
        source,
        summary="Mediators work with families and teachers.",
        purpose="<p>Trust between school and home.</p><p>Mediators visit each family twice.</p>",
    )
    job.source.update_from_db()
    return {"job": job, "french_page": french_page}


def test_the_editor_shows_the_previous_translation_of_each_changed_field(admin_client, synced):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[synced["french_page"].pk]))
    assert response.status_code == 200
    shown = notice(response.content.decode())
    assert "Show the previous translation" in shown
    assert "[fr] Mediators work with families." in shown  # the summary's translation
    assert "Mediators work with families and teachers." in shown  # what it says now
    assert "[fr] Mediators visit each family." in shown  # the changed paragraph's
    # The paragraph that did not change shares the field's context: not a previous text.
    assert "Trust between school and home" not in shown
    assert "The English text changed in 2 fields" in response.content.decode()


def test_nothing_is_shown_when_nothing_changed(admin_client, synced):
    from wagtail_localize.models import StringSegment, StringTranslation

    for segment in StringSegment.objects.filter(source=synced["job"].source):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            context=segment.context,
            locale=synced["job"].target_locale,
            defaults={"data": f"[fr] {segment.string.data}", "translation_type": "manual"},
        )
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[synced["french_page"].pk]))
    assert response.status_code == 200
    assert notice(response.content.decode()) == ""


def test_machine_translation_still_translates_the_changed_text(admin_client, synced, settings):
    """The notice writes nothing into the segments: machine translation skips a segment
    that has a translation, so a copied one would have stopped it."""
    from wagtail_localize.models import StringSegment, StringTranslation

    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
        "OPTIONS": {},
    }
    job = synced["job"]
    admin_client.get(reverse("wagtailadmin_pages:edit", args=[synced["french_page"].pk]))
    admin_client.post(
        reverse("wagtail_localize:machine_translate", args=[job.id]), {"next": "/admin/"}
    )
    summary = StringSegment.objects.get(source=job.source, context__path="summary")
    machine = StringTranslation.objects.get(translation_of=summary.string, locale=job.target_locale)
    assert machine.data == "teachers. and families with work Mediators"


def test_the_po_file_leaves_the_changed_text_untranslated(admin_client, synced):
    """A PO download offers the changed text to translate, not the stale translation as
    done (which an unchanged upload would have published as French)."""
    admin_client.get(reverse("wagtailadmin_pages:edit", args=[synced["french_page"].pk]))
    download = admin_client.get(
        reverse("wagtail_localize:download_pofile", args=[synced["job"].id])
    )
    entries = {entry.msgid: entry for entry in polib.pofile(download.content.decode())}
    assert entries["Mediators work with families and teachers."].msgstr == ""
    assert entries["Trust between school and home."].msgstr == "[fr] Trust between school and home."


def test_the_notice_is_only_for_opening_the_editor(admin_client, synced, django_user_model):
    """Once after a save (the POST adds none, the editor it leads to does), and the edit
    view's own permission applies."""
    url = reverse("wagtailadmin_pages:edit", args=[synced["french_page"].pk])
    saved = admin_client.post(url, {"action": "save"}, follow=True)
    assert saved.content.decode().count('class="icc-previous-translations"') == 1
    django_user_model.objects.create_user("visitor", "v@example.org", "pw")
    admin_client.logout()
    admin_client.login(username="visitor", password="pw")
    assert notice(admin_client.get(url).content.decode()) == ""


def test_a_translated_topic_shows_it_too(admin_client, localize_source, french):
    from wagtail_localize.models import Translation, TranslationSource
    from wagtail_localize.operations import TranslationCreator

    topic = localize_source["housing"]
    topic.description = "Homes for everyone."
    topic.save()
    TranslationCreator(localize_source["user"], [french]).create_translations(topic)
    job = Translation.objects.get(source__object_id=topic.translation_key, target_locale=french)
    from wagtail_localize.models import StringSegment, StringTranslation

    for segment in StringSegment.objects.filter(source=job.source):
        StringTranslation.objects.create(
            translation_of=segment.string, context=segment.context, locale=french,
            data=f"[fr] {segment.string.data}", translation_type="manual",
        )  # fmt: skip
    job.save_target()
    topic.description = "Homes for everyone who arrives."
    topic.save()
    TranslationSource.objects.get(pk=job.source_id).update_from_db()
    french_topic = topic.get_translation(french)
    response = admin_client.get(
        reverse("wagtailsnippets_icc_practices_topic:edit", args=[french_topic.pk])
    )
    assert response.status_code == 200
    assert "[fr] Homes for everyone." in notice(response.content.decode())


def test_only_the_translation_still_in_the_page_is_the_previous_one(
    admin_client, synced, localize_source
):
    """wagtail-localize keeps every translation a field ever had: older ones are history."""
    from wagtail_localize.models import StringSegment, StringTranslation

    job = synced["job"]
    for segment in StringSegment.objects.filter(source=job.source):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            context=segment.context,
            locale=job.target_locale,
            defaults={"data": f"[fr2] {segment.string.data}", "translation_type": "manual"},
        )
    job.save_target(publish=True)
    source = PracticePage.objects.get(pk=localize_source["practice"].pk)
    publish(source, summary="Mediators work with every family.")
    job.source.update_from_db()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[synced["french_page"].pk]))
    shown = notice(response.content.decode())
    assert "[fr2] Mediators work with families and teachers." in shown
    assert "[fr] Mediators work with families." not in shown
