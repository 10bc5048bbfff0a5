"""Regressions found by the hostile review of issue 18: aliases, related practices across
languages, the frontend cache, the search cap, and the coverage report's links,
upgrades and permissions."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, Page

from icc_practices.admin.translations import TranslationStatus, coverage_summary
from icc_practices.models import (
    ExcludedRelatedPractice,
    PinnedRelatedPractice,
    PracticePage,
    PracticeTextChange,
)
from icc_practices.search.related import related_practice_ids
from tests.factories import CountryFactory, PracticePageFactory
from tests.test_multilingual import translate
from tests.test_translation_coverage import REPORT, publish, states
from tests.test_untranslated import cards

pytestmark = pytest.mark.django_db


def test_an_alias_in_another_language_is_not_a_translation(client, mixed, french):
    """wagtail-localize's "sync from" locales make French aliases of English pages."""
    mixed["mediators"].copy_for_translation(french, alias=True)
    html = client.get("/fr/practices/").content.decode()
    assert re.search(rf'<a href="{mixed["mediators"].url}" lang="en">Roma mediators</a>', html)
    assert cards(html).count("Roma mediators") == 1
    (summary,) = coverage_summary()
    assert summary.practices.get(TranslationStatus.CURRENT, 0) == 1  # Schools only


def test_a_translation_in_draft_is_not_related_to_its_own_source(mixed, french):
    draft = mixed["mediators"].copy_for_translation(french)
    draft.save_revision()
    draft = PracticePage.objects.get(pk=draft.pk)
    assert mixed["mediators"].pk not in related_practice_ids(draft, use_cache=False)


def test_editors_choices_reach_practices_listed_in_another_language(mixed):
    french_schools = PracticePage.objects.get(pk=mixed["french_schools"].pk)
    ExcludedRelatedPractice.objects.create(page=french_schools, practice=mixed["mediators"])
    assert mixed["mediators"].pk not in related_practice_ids(french_schools, use_cache=False)
    ExcludedRelatedPractice.objects.all().delete()
    PinnedRelatedPractice.objects.create(
        page=french_schools, practice=mixed["mediators"], sort_order=0
    )
    assert related_practice_ids(french_schools, use_cache=False)[0] == mixed["mediators"].pk


@override_settings(
    WAGTAILFRONTENDCACHE={"recorder": {"BACKEND": "tests.frontend_cache.RecordingBackend"}}
)
def test_unpublishing_purges_every_language_index_that_lists_it(mixed):
    from tests.frontend_cache import purged

    purged.clear()
    PracticePage.objects.get(pk=mixed["mediators"].pk).unpublish()
    assert any(url.endswith("/fr/practices/") for url in purged), purged
    assert any(url.endswith("/practices/") and "/fr/" not in url for url in purged), purged


def test_the_search_cap_counts_listed_hits(client, settings, index_page, french):
    """Versions the index does not list (English ones of French practices) must not take
    the places of hits it lists."""
    settings.ICC_PRACTICES_MAX_SEARCH_RESULTS = 2
    spain = CountryFactory(code="ES")
    french_index = translate(index_page, french, title="Bonnes pratiques")
    for number in range(2):
        english = PracticePageFactory(
            parent=index_page, title=f"Zebra {number}", summary="zebra zebra", country=spain
        )
        translate(english, french, title=f"Traduit {number}", summary="rien")
    PracticePageFactory(
        parent=french_index, title="Zèbre", summary="zebra", country=spain, locale=french
    )
    assert cards(client.get("/fr/practices/?q=zebra").content.decode()) == ["Zèbre"]


def test_an_upgraded_site_does_not_call_old_translations_out_of_date(
    admin_client, index_page, french
):
    """Practices published before migration 0010 have no text record: their first
    publication after it, a change of year, leaves their translations up to date."""
    spain = CountryFactory(code="ES")
    translate(index_page, french, title="Bonnes pratiques")
    source = publish(PracticePageFactory(parent=index_page, title="Old", country=spain))
    translate(source, french, title="Vieux")
    PracticeTextChange.objects.all().delete()  # as right after migrating
    publish(source, year=2001)
    assert states(admin_client)["Old"] == "Up to date"


def test_the_sync_link_opens_wagtail_localizes_sync(
    admin_client, localize_source, french, index_page, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import Translation
    from wagtail_localize.operations import TranslationCreator

    user, source = localize_source["user"], localize_source["practice"]
    other = publish(PracticePageFactory(parent=index_page, title="Other", country=source.country))
    TranslationCreator(user, [french]).create_translations(other)  # ids differ from pages'
    TranslationCreator(user, [french]).create_translations(source)
    job = Translation.objects.get(source__object_id=source.translation_key, target_locale=french)
    with django_capture_on_commit_callbacks(execute=True):
        job.save_target(user=user, publish=True)
    publish(source, summary="Changed summary.")
    link = reverse("wagtail_localize:update_translations", args=[job.source_id])
    assert link in admin_client.get(REPORT).content.decode()
    assert admin_client.get(link).status_code == 200


def test_editors_see_only_the_practices_they_may_edit(client, django_user_model, translated, site):
    other = site.root_page.add_child(instance=Page(title="Unrelated", slug="unrelated"))
    group = Group.objects.create(name="Unrelated editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=other, permission=Permission.objects.get(codename="change_page")
    )
    editor = django_user_model.objects.create_user("elsewhere", password="pw")
    editor.groups.add(group)
    client.force_login(editor)
    assert states(client) == {}


def test_the_menu_offers_the_report_only_to_who_may_open_it(client, django_user_model, translated):
    user = django_user_model.objects.create_user("reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert REPORT not in client.get("/admin/").content.decode()


def test_three_languages_list_each_practice_once(client, settings, index_page, french):
    settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("fr", "French"), ("de", "German")]
    german = Locale.objects.get_or_create(language_code="de")[0]
    spain = CountryFactory(code="ES")
    translate(index_page, french, title="Bonnes pratiques")
    german_index = translate(index_page, german, title="Gute Praxis")
    both = PracticePageFactory(parent=index_page, title="English and German", country=spain)
    translate(both, german, title="Englisch und Deutsch")
    PracticePageFactory(parent=german_index, title="Nur Deutsch", country=spain, locale=german)
    listed = cards(client.get("/fr/practices/").content.decode())
    assert sorted(listed) == ["English and German", "Nur Deutsch"]  # the default first
