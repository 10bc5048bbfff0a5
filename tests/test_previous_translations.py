"""The previous translation of a changed passage, offered from wagtail-localize's editor
(issue 18), and the three ways an earlier attempt went wrong, each guarded."""

import io
import re

import polib
import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from icc_practices.models import PracticePage
from tests.test_translation_coverage import publish

pytestmark = pytest.mark.django_db
BUTTON = re.compile(r'<a href="(/admin/icc-practices/translations/\d+/previous/)"')


def opened(client, page) -> str:
    """The translation editor's HTML for ``page``."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def previous(client, page) -> str:
    """The page the editor's notice opens, from its heading on, or "" without a notice
    (the editor's own props hold every translation: only that page is looked at)."""
    found = BUTTON.search(opened(client, page))
    if found is None:
        return ""
    response = client.get(found.group(1))
    assert response.status_code == 200
    return response.content.decode().split('<div class="nice-padding">', 1)[1]


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


def test_the_editor_offers_the_previous_translation_of_each_changed_field(admin_client, synced):
    html = opened(admin_client, synced["french_page"])
    assert "The English text changed in 2 fields" in html
    assert html.count("See the previous translation") == 1
    shown = previous(admin_client, synced["french_page"])
    assert "[fr] Mediators work with families." in shown  # the summary's translation
    assert "Mediators work with families and teachers." in shown  # what it says now
    assert "[fr] Mediators visit each family." in shown  # the changed paragraph's
    # The paragraph that did not change shares the field's context: not a previous text.
    assert "Trust between school and home" not in shown
    assert shown.index("<h2") < shown.index("Summary") < shown.index("Purpose")


def test_nothing_is_shown_when_nothing_changed(admin_client, synced):
    from wagtail_localize.models import StringSegment, StringTranslation

    for segment in StringSegment.objects.filter(source=synced["job"].source):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            context=segment.context,
            locale=synced["job"].target_locale,
            defaults={"data": f"[fr] {segment.string.data}", "translation_type": "manual"},
        )
    assert previous(admin_client, synced["french_page"]) == ""
    page = admin_client.get(f"/admin/icc-practices/translations/{synced['job'].pk}/previous/")
    assert "No field has changed" in page.content.decode()


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


def test_the_notice_is_shown_once_and_only_to_editors(
    admin_client, client, synced, django_user_model
):
    """Once after a save (the POST adds none, the editor it leads to does); the page it
    opens needs the right to edit the translation."""
    url = reverse("wagtailadmin_pages:edit", args=[synced["french_page"].pk])
    saved = admin_client.post(url, {"action": "save"}, follow=True)
    assert saved.content.decode().count("See the previous translation") == 1
    moderator = django_user_model.objects.create_user("moderator", "m@example.org", "pw")
    from django.contrib.auth.models import Permission

    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(moderator)
    page = client.get(f"/admin/icc-practices/translations/{synced['job'].pk}/previous/")
    assert page.status_code in (302, 403)
    assert "[fr] Mediators work with families." not in page.content.decode()
    missing = admin_client.get("/admin/icc-practices/translations/999999/previous/")
    assert missing.status_code == 404


def test_a_translated_topic_shows_it_too(admin_client, localize_source, french):
    from wagtail_localize.models import StringSegment, StringTranslation, Translation
    from wagtail_localize.operations import TranslationCreator

    topic = localize_source["housing"]
    topic.description = "Homes for everyone."
    topic.save()
    TranslationCreator(localize_source["user"], [french]).create_translations(topic)
    job = Translation.objects.get(source__object_id=topic.translation_key, target_locale=french)
    for segment in StringSegment.objects.filter(source=job.source):
        StringTranslation.objects.create(
            translation_of=segment.string, context=segment.context, locale=french,
            data=f"[fr] {segment.string.data}", translation_type="manual",
        )  # fmt: skip
    job.save_target()
    topic.description = "Homes for everyone who arrives."
    topic.save()
    job.source.update_from_db()
    french_topic = topic.get_translation(french)
    response = admin_client.get(
        reverse("wagtailsnippets_icc_practices_topic:edit", args=[french_topic.pk])
    )
    found = BUTTON.search(response.content.decode())
    assert found is not None
    assert "[fr] Homes for everyone." in admin_client.get(found.group(1)).content.decode()


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
    shown = previous(admin_client, synced["french_page"])
    assert "[fr2] Mediators work with families and teachers." in shown
    assert "[fr] Mediators work with families." not in shown


# What translators type, as wagtail-localize's editor stores it.


@pytest.fixture
def typed(admin_client, localize_source, french, django_capture_on_commit_callbacks):
    """``typed(before, translate, after)``: the practice with ``before``, translated through
    the editor's own endpoint (``translate(segment)`` is what the translator types) and
    published; then the source changed to ``after`` and the translation synchronised."""
    from wagtail_localize.models import StringSegment, Translation
    from wagtail_localize.operations import TranslationCreator

    def make(before: dict, translate, after: dict):
        source = publish(localize_source["practice"], **before)
        TranslationCreator(localize_source["user"], [french]).create_translations(source)
        job = Translation.objects.get(
            source__object_id=source.translation_key, target_locale=french
        )
        for segment in StringSegment.objects.filter(source=job.source).select_related("string"):
            url = reverse(
                "wagtail_localize:edit_string_translation",
                kwargs={"translation_id": job.id, "string_segment_id": segment.id},
            )
            body = encode_multipart(BOUNDARY, {"value": translate(segment)})
            assert admin_client.put(url, body, MULTIPART_CONTENT).status_code in (200, 201)
        french_page = source.get_translation(french)
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(
                reverse("wagtailadmin_pages:edit", args=[french_page.pk]), {"action": "publish"}
            )
        publish(source, **after)
        job.source.update_from_db()
        return PracticePage.objects.get(pk=french_page.pk)

    return make


def translated_as(text: str, path: str = "summary"):
    return lambda segment: text if segment.context.path == path else f"[fr] {segment.string.data}"


@pytest.mark.parametrize(
    ("before", "typed_text", "after", "expected"),
    [
        # "&" is stored as typed; the page gives back "&amp;".
        ("Mediators & families.", "Médiateurs & familles", "Mediators and families.",
         "Médiateurs &amp; familles"),
        # A new line in a plain-text field comes back as <br/>.
        ("Mediators work\nwith families.", "Médiateurs\navec les familles",
         "Mediators work with families.", "avec les familles"),
    ],
)  # fmt: skip
def test_markup_does_not_hide_a_previous_translation(
    admin_client, typed, before, typed_text, after, expected
):
    page = typed({"summary": before}, translated_as(typed_text), {"summary": after})
    assert expected in previous(admin_client, page)


def test_links_in_another_order_do_not_hide_it(admin_client, typed):
    before = '<p>See <a href="https://a.example">A</a> and <a href="https://b.example">B</a>.</p>'
    page = typed(
        {"purpose": before},
        translated_as('Voir <a id="a2">B</a> puis <a id="a1">A</a>.', "purpose"),
        {"purpose": before.replace("See", "Read")},
    )
    assert "Voir B puis A." in previous(admin_client, page)


def test_old_text_moved_to_another_field_keeps_the_previous_translation(admin_client, typed):
    page = typed(
        {"summary": "Mediators work with families.", "purpose": "<p>Trust.</p>"},
        lambda segment: f"[fr] {segment.string.data}",
        {
            "summary": "Mediators work with families and teachers.",
            "purpose": "<p>Trust.</p><p>Mediators work with families.</p>",
        },
    )
    assert "[fr] Mediators work with families." in previous(admin_client, page)


def test_page_text_is_escaped(admin_client, typed):
    page = typed(
        {"summary": "<script>alert(1)</script> old"},
        lambda segment: f"[fr] {segment.string.data}",
        {"summary": "<script>alert(2)</script><img src=x onerror=alert(3)> new"},
    )
    shown = previous(admin_client, page)
    assert "&lt;script&gt;alert(2)" in shown
    assert "<script>" not in shown and "<img" not in shown


def test_further_material_counts_as_one_field(admin_client, typed):
    """Each StreamField block is a context of its own; the notice counts fields."""
    body = [("paragraph", "<p>First block.</p>"), ("paragraph", "<p>Second block.</p>")]
    page = typed({"body": body}, lambda segment: f"[fr] {segment.string.data}", {})
    source = PracticePage.objects.get(
        translation_key=page.translation_key, locale__language_code="en"
    )
    raw = source.body.raw_data
    for block in raw:
        block["value"] = block["value"].replace("block", "block, changed")
    source.body = raw
    source.save_revision().publish()
    from wagtail_localize.models import Translation

    Translation.objects.get(source__object_id=page.translation_key).source.update_from_db()
    html = opened(admin_client, page)
    assert "changed in 1 field since" in html
    shown = previous(admin_client, page)
    assert shown.index("[fr] First block.") < shown.index("[fr] Second block.")


def test_the_editor_opens_with_a_fixed_number_of_queries(
    admin_client, typed, django_assert_max_num_queries
):
    """The notice costs the same with one changed field or many paragraphs."""
    paragraphs = "".join(f"<p>Paragraph {number}.</p>" for number in range(30))
    page = typed(
        {"purpose": paragraphs, "impact": paragraphs},
        lambda segment: f"[fr] {segment.string.data}",
        {"purpose": paragraphs.replace(".</p>", " changed.</p>"), "summary": "New."},
    )
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    from icc_practices.admin.previous_translations import show_previous_translations

    request = RequestFactory().get("/admin/", HTTP_ACCEPT="text/html")
    request.session = {}
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    with django_assert_max_num_queries(6):
        show_previous_translations(request, page.get_latest_revision_as_object())
    assert len(list(request._messages)) == 1  # type: ignore[attr-defined]
