"""The translators' coverage report, out-of-date detection, "Translate" on snippet edit
views, and the PO round trip with wagtail-localize (issue 18)."""

import csv
import io
import re

import polib
import pytest
from django.urls import reverse

from icc_practices.admin.translations import TranslationStatus, coverage_summary
from icc_practices.models import PracticePage
from tests.factories import TopicFactory
from tests.test_multilingual import translate

pytestmark = pytest.mark.django_db
REPORT = "/admin/icc-practices/translations/"


def publish(page, **changes):
    page = PracticePage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def titles(html: str) -> list[str]:
    """The practices' titles in the report's table, in order."""
    names = ("Current", "Draft", "Missing", "Outdated", "Retagged")
    return [
        t
        for t in re.findall(r'<a href="/admin/pages/\d+/edit/">\s*(\w+)\s*</a>', html)
        if t in names
    ]


def states(client, **params) -> dict[str, str]:
    response = client.get(REPORT, {"export": "csv", **params})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    return {row["Practice"]: row["State"] for row in rows}


def test_the_summary_counts_each_state_per_language(translated):
    (french,) = coverage_summary()
    assert french.code == "fr"
    assert french.practices == {
        TranslationStatus.CURRENT: 2,
        TranslationStatus.OUTDATED: 1,
        TranslationStatus.DRAFT: 1,
        TranslationStatus.MISSING: 1,
    }
    assert (french.practices_translated, french.practices_total, french.percent) == (3, 5, 60)
    assert french.topics == (1, 2) and french.cities == (0, 1)


def test_a_change_of_text_makes_a_translation_out_of_date_at_once(admin_client, translated):
    """No "Sync translated pages" needed: publishing the source is enough; a change of
    classification alone (which reaches translations by itself) is not."""
    assert states(admin_client) == {
        "Current": "Up to date",
        "Draft": "Draft",
        "Missing": "Not translated",
        "Outdated": "Out of date",
        "Retagged": "Up to date",
    }
    publish(translated["Outdated FR"], summary="Un nouveau résumé.")
    assert states(admin_client)["Outdated"] == "Up to date"


def test_the_report_filters_sorts_and_shows_the_summary(admin_client, translated):
    html = admin_client.get(REPORT).content.decode()
    assert "Translation coverage" in html
    assert "3 of 5 (60%)" in html and "1 of 2" in html
    assert titles(html) == ["Missing", "Outdated", "Draft", "Current", "Retagged"]  # work first
    assert states(admin_client, status=TranslationStatus.OUTDATED) == {"Outdated": "Out of date"}
    assert list(states(admin_client, title="raft")) == ["Draft"]
    by_title = admin_client.get(REPORT, {"ordering": "title"}).content.decode()
    assert titles(by_title) == ["Current", "Draft", "Missing", "Outdated", "Retagged"]
    results = admin_client.get(REPORT + "results/", {"status": TranslationStatus.MISSING})
    assert titles(results.content.decode()) == ["Missing"]


def test_each_row_opens_the_right_workflow(admin_client, translated):
    html = admin_client.get(REPORT).content.decode()
    missing = translated["Missing"]
    assert reverse("wagtail_localize:submit_page_translation", args=[missing.pk]) in html
    # Translated without wagtail-localize: its editor (tests/test_translation_review.py
    # has the wagtail-localize "Sync" link).
    outdated_fr = translated["Outdated FR"]
    assert reverse("wagtailadmin_pages:edit", args=[outdated_fr.pk]) in html
    current_fr = translated["Current FR"]
    assert reverse("wagtailadmin_pages:edit", args=[current_fr.pk]) in html


def test_the_report_exports_to_a_spreadsheet(admin_client, translated):
    from openpyxl import load_workbook

    response = admin_client.get(REPORT, {"export": "xlsx", "status": TranslationStatus.OUTDATED})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('translation-coverage-fr.xlsx"')
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Practice", "State")
    assert [row[:2] for row in rows[1:]] == [("Outdated", "Out of date")]


def test_bad_parameters_get_the_report_not_an_error(admin_client, translated):
    for params in ({"language": "xx"}, {"status": "nonsense"}, {"ordering": "password"}):
        assert admin_client.get(REPORT, params).status_code == 200
    # An unknown language is the first one, and the other filters still apply.
    assert states(admin_client, language="xx", status=TranslationStatus.MISSING) == {
        "Missing": "Not translated"
    }


def test_the_report_is_for_editors_only(client, django_user_model, translated):
    assert client.get(REPORT).status_code == 302  # to the login
    django_user_model.objects.create_user("visitor", password="pw")
    client.login(username="visitor", password="pw")
    assert client.get(REPORT).status_code in (302, 403)


def test_the_reports_menu_offers_it(admin_client, translated):
    assert "Translation coverage" in admin_client.get("/admin/").content.decode()


def test_snippet_edit_views_offer_translate(admin_client, french):
    topic = TopicFactory(slug="youth", name="Youth")
    edit = reverse("wagtailsnippets_icc_practices_topic:edit", args=[topic.pk])
    target = reverse(
        "wagtail_localize:submit_snippet_translation", args=["icc_practices", "topic", topic.pk]
    )
    assert target in admin_client.get(edit).content.decode()
    translate(topic, french, name="Jeunesse")
    assert target not in admin_client.get(edit).content.decode()  # nothing left to translate


def test_the_po_round_trip_keeps_the_classification_and_updates_the_report(
    admin_client, translated, french, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import Translation
    from wagtail_localize.operations import TranslationCreator

    source = translated["Missing"]
    user = admin_client.session.get("_auth_user_id")
    TranslationCreator(None, [french]).create_translations(source)
    job = Translation.objects.get(source__object_id=source.translation_key, target_locale=french)
    download = admin_client.get(reverse("wagtail_localize:download_pofile", args=[job.id]))
    assert download.status_code == 200 and user
    catalogue = polib.pofile(download.content.decode())
    for entry in catalogue:
        entry.msgstr = f"[fr] {entry.msgid}"
    upload = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[job.id]),
        {"file": io.BytesIO(str(catalogue).encode()), "next": "/admin/"},
    )
    assert upload.status_code == 302
    assert states(admin_client)["Missing"] == "Draft"  # uploaded, not published yet
    with django_capture_on_commit_callbacks(execute=True):
        publish_response = admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[source.get_translation(french).pk]),
            {"action": "publish"},
        )
    assert publish_response.status_code in (200, 302)
    copy = PracticePage.objects.get(pk=source.get_translation(french).pk)
    assert copy.live and copy.title == "[fr] Missing"
    assert list(copy.topics.all()) == list(source.topics.all())
    assert copy.country_id == source.country_id
    assert states(admin_client)["Missing"] == "Up to date"


def test_the_editors_machine_translate_uses_the_configured_translator(
    admin_client, localize_source, french, settings
):
    """Configured as docs/translation.md says, with wagtail-localize's dummy translator."""
    from wagtail_localize.models import StringSegment, StringTranslation, Translation
    from wagtail_localize.operations import TranslationCreator

    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
        "OPTIONS": {},
    }
    source = localize_source["practice"]
    TranslationCreator(localize_source["user"], [french]).create_translations(source)
    job = Translation.objects.get(source__object_id=source.translation_key, target_locale=french)
    response = admin_client.post(
        reverse("wagtail_localize:machine_translate", args=[job.id]), {"next": "/admin/"}
    )
    assert response.status_code == 302
    title = StringSegment.objects.get(source=job.source, context__path="title")
    translated = StringTranslation.objects.get(translation_of=title.string, locale=french)
    assert translated.data == "schools in mediators Roma"
    assert translated.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
