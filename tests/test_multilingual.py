"""Multilingual: per-locale indexes, translated labels, language links, localize workflow."""

import io
import re

import pytest
from pypdf import PdfReader

from icc_practices.models import PracticePage
from icc_practices.public.languages import page_translations
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def translate(instance, locale, **fields):
    """A published translation, as an editor (or wagtail-localize) would leave it."""
    copy = (
        instance.copy_for_translation(locale, copy_parents=True)
        if hasattr(instance, "get_parent")
        else instance.copy_for_translation(locale)
    )
    for name, value in fields.items():
        setattr(copy, name, value)
    if hasattr(copy, "save_revision"):
        copy.save_revision().publish()
        copy.refresh_from_db()
    else:
        copy.save()
    return copy


@pytest.fixture
def bilingual(index_page, french):
    spain, italy = CountryFactory(code="ES"), CountryFactory(code="IT")
    education = TopicFactory(name="Education", slug="education")
    roma = TopicFactory(name="Roma", slug="roma")  # never translated: falls back
    barcelona = CityFactory(name="Barcelona", slug="barcelona", country=spain)
    translate(education, french, name="Éducation")
    translate(barcelona, french, name="Barcelone")
    schools = PracticePageFactory(
        parent=index_page, title="Schools together", country=spain, year=2018,
        topics=[education, roma], cities=[barcelona], purpose="<p>Purpose.</p>",
    )  # fmt: skip
    mediators = PracticePageFactory(
        parent=index_page, title="Roma mediators", country=italy, year=2019, topics=[roma]
    )
    french_index = translate(index_page, french, title="Bonnes pratiques")
    french_schools = translate(schools, french, title="Écoles ensemble")
    return {
        "index": index_page,
        "french_index": french_index,
        "schools": schools,
        "french_schools": french_schools,
        "mediators": mediators,
        "roma": roma,
        "italy": italy,
    }


def test_urls_follow_the_locale(bilingual):
    assert bilingual["index"].url == "/practices/"
    assert bilingual["french_index"].url == "/fr/practices/"


def test_the_french_index_lists_french_practices_with_french_labels(client, bilingual):
    html = client.get("/fr/practices/").content.decode()
    assert "Écoles ensemble" in html
    assert "Schools together" not in html  # its French version stands for it
    assert 'for="icc-topic-education">Éducation <span class="icc-facet__count">(1)</span>' in html
    assert "Barcelone" in html
    assert "Espagne" in html
    assert "2 pratiques" in html  # with the untranslated one (tests/test_untranslated.py)


def test_untranslated_topics_show_the_default_language_label(client, bilingual):
    html = client.get("/fr/practices/").content.decode()
    assert 'value="roma"' in html
    # Both practices: the French one and the one not translated.
    assert 'for="icc-topic-roma">Roma <span class="icc-facet__count">(2)</span>' in html


def test_the_same_filter_url_gives_corresponding_results_in_each_language(client, bilingual):
    query = "?topic=education&country=es&year=2018"
    english = client.get("/practices/" + query).content.decode()
    french = client.get("/fr/practices/" + query).content.decode()
    assert "Schools together" in english and "Roma mediators" not in english
    assert "Écoles ensemble" in french
    assert "1 practice" in english and "1 pratique" in french


def test_the_language_switcher_keeps_the_filters(client, bilingual):
    html = client.get("/fr/practices/?topic=education&page=1").content.decode()
    assert 'hreflang="en" href="http://localhost/practices/?topic=education"' in html
    assert 'hreflang="x-default" href="http://localhost/practices/?topic=education"' in html
    assert 'hreflang="fr" href="http://localhost/fr/practices/?topic=education"' in html


def test_the_language_switcher_tag_links_translations(rf, bilingual):
    from django.template import Context, Template
    from django.utils import translation

    page = bilingual["french_schools"]
    request = rf.get(page.url)
    with translation.override("fr"):
        html = Template("{% load icc_practices_tags %}{% icc_language_switcher %}").render(
            Context({"page": page, "request": request})
        )
    english_url = bilingual["schools"].full_url
    assert f'href="{english_url}" hreflang="en" lang="en"' in html
    assert 'hreflang="fr" lang="fr" aria-current="true">Français</a>' in html


def test_a_page_without_translations_has_no_switcher_or_alternates(client, bilingual):
    html = client.get(bilingual["mediators"].url).content.decode()
    assert 'rel="alternate"' not in html
    assert "icc-languages" not in html


def test_a_single_language_site_links_no_translations_and_asks_nothing(
    rf, settings, bilingual, django_assert_num_queries
):
    """``wagtail start`` leaves Wagtail's internationalisation off: no page has
    translations to link, and finding that out costs no query."""
    settings.WAGTAIL_I18N_ENABLED = False
    with django_assert_num_queries(0):
        assert page_translations(bilingual["schools"], rf.get("/")) == []


def test_a_french_practice_page_and_its_pdf_are_in_french(client, bilingual, pdf_renderer):
    page = bilingual["french_schools"]
    html = client.get(page.url, HTTP_REFERER="http://testserver/fr/practices/").content.decode()
    assert "Retour aux résultats" in html
    assert "Diminuer la taille du texte" in html
    assert "Éducation" in html and "Barcelone" in html
    reader = PdfReader(io.BytesIO(client.get(page.url + "pdf/").content))
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Objectif" in text and "Éducation" in text and "Espagne" in text
    assert "Thèmes: Éducation, Roma" in text and "Lieu: Barcelone, Espagne" in text
    months = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    assert re.search(rf"PDF créé le \d{{1,2}} ({'|'.join(months.split())}) \d{{4}}", text)
    assert re.search(
        rf"Imprimé depuis.*<time[^>]*>\d{{1,2}} ({'|'.join(months.split())})", html, re.S
    )


def test_a_french_practice_keeps_its_taxonomy_links(bilingual):
    source, copy = bilingual["schools"], bilingual["french_schools"]
    assert list(copy.topics.all()) == list(source.topics.all())
    assert list(copy.cities.all()) == list(source.cities.all())
    assert copy.country_id == source.country_id and copy.year == source.year


def test_an_interface_language_without_content_shows_default_content(client, bilingual):
    response = client.get("/de/practices/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Schools together" in html
    assert "Praxisbeispiele finden" in html and "Filter anwenden" in html  # German labels
    assert "Apply filters" not in html


def test_translating_with_wagtail_localize_end_to_end(
    localize_source, french, django_capture_on_commit_callbacks
):
    from wagtail_localize.machine_translators.dummy import DummyTranslator
    from wagtail_localize.models import StringSegment, Translation
    from wagtail_localize.operations import TranslationCreator
    from wagtail_localize.views.edit_translation import apply_machine_translation

    source, user = localize_source["practice"], localize_source["user"]
    TranslationCreator(user, [french]).create_translations(source)
    job = Translation.objects.get(source__object_id=source.translation_key, target_locale=french)

    # Translators are offered the text, never identity or classification.
    offered = {
        segment.context.path.split(".")[0]
        for segment in StringSegment.objects.filter(source=job.source).select_related("context")
    }
    assert {"title", "summary", "purpose"} <= offered
    assert not offered & {"slug", "year", "country", "topics", "cities", "contact_name"}

    # Machine-translate (the dummy translator reverses words), then publish.
    apply_machine_translation(job.id, user, DummyTranslator({}))
    with django_capture_on_commit_callbacks(execute=True):  # localize publishes on commit
        job.save_target(user=user, publish=True)
    copy = source.get_translation(french)
    assert copy.live and copy.locale == french
    assert copy.title == "schools in mediators Roma"
    assert copy.slug == "roma-mediators"
    assert list(copy.topics.order_by("slug")) == list(source.topics.order_by("slug"))
    assert list(copy.cities.all()) == [localize_source["turin"]]
    assert (copy.country_id, copy.year, copy.contact_name) == (
        source.country_id, 2019, "Giulia Rossi"
    )  # fmt: skip

    # The source changes; syncing carries the classification over without re-tagging.
    source.topics.set([localize_source["housing"]])
    source.year = 2020
    source.cities.set([])
    source.save_revision().publish()
    job.source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        job.save_target(user=user, publish=True)
    copy.refresh_from_db()
    assert [topic.slug for topic in copy.topics.all()] == ["housing"]
    assert copy.year == 2020
    assert list(copy.cities.all()) == []


def test_classification_follows_the_default_language_page(bilingual):
    source, copy = bilingual["schools"], bilingual["french_schools"]
    copy.topics.set([bilingual["roma"]])  # a translator re-tags the French page...
    copy.year = 2024
    copy.save_revision().publish()
    copy = PracticePage.objects.get(pk=copy.pk)  # not refresh_from_db: it keeps set() values
    assert sorted(topic.slug for topic in copy.topics.all()) == ["education", "roma"]
    assert copy.year == 2018  # ...and publishing restores the source's classification

    source.country = bilingual["italy"]
    source.cities.set([])
    source.save_revision().publish()
    copy = PracticePage.objects.get(pk=copy.pk)
    assert copy.country == bilingual["italy"]
    assert list(copy.cities.all()) == []


def test_the_api_lists_filters_and_reads_practices_in_two_languages(client, bilingual):
    api = "/api/v3/practices/"
    english = client.get(api, {"topic": "education", "country": "es"}).json()
    french = client.get(api, {"topic": "education", "country": "es", "locale": "fr"}).json()
    assert [item["title"] for item in english["items"]] == ["Schools together"]
    assert [item["title"] for item in french["items"]] == ["Écoles ensemble"]
    assert french["locale"] == "fr" and french["index"]["url"].endswith("/fr/practices/")
    labels = {option["value"]: option["label"] for option in french["facets"]["topic"]}
    assert labels["education"] == "Éducation" and labels["roma"] == "Roma"
    countries = {option["value"]: option["label"] for option in french["facets"]["country"]}
    assert countries["es"] == "Espagne"

    detail = client.get(f"{api}{bilingual['french_schools'].pk}/").json()
    assert detail["locale"] == "fr"
    assert {topic["name"] for topic in detail["topics"]} == {"Éducation", "Roma"}
    assert detail["cities"][0]["name"] == "Barcelone"
    assert detail["sections"][0]["heading"] == "Objectif"
    assert detail["translations"] == [{"locale": "en", "url": bilingual["schools"].full_url}]

    taxonomy = client.get(api + "taxonomy/", {"locale": "fr"}).json()
    assert {"slug": "education", "name": "Éducation", "count": 1} in taxonomy["topics"]


def test_a_restricted_translation_is_not_linked(client, bilingual):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=bilingual["french_schools"], restriction_type="password", password="x"
    )
    html = client.get(bilingual["schools"].url).content.decode()
    assert "/fr/practices/" not in html
    assert 'rel="alternate"' not in html


# Issue 18: translators' findings.


def test_a_new_translation_stays_a_draft_until_a_translator_publishes(
    client, localize_source, french, django_capture_on_commit_callbacks
):
    """wagtail-localize's default published the French page at once, still in English."""
    from django.conf import settings
    from wagtail_localize.operations import TranslationCreator

    assert settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE is False  # set by the app
    source, user = localize_source["practice"], localize_source["user"]
    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(user, [french]).create_translations(source)
    copy = source.get_translation(french)
    assert not copy.live
    assert client.get("/fr/practices/roma-mediators/").status_code == 404
    assert not PracticePage.objects.live().filter(locale=french).exists()


def test_a_host_that_publishes_translations_at_once_is_warned(settings):
    from icc_practices.checks import check_translations_start_as_drafts

    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True
    assert [w.id for w in check_translations_start_as_drafts()] == ["icc_practices.W006"]
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
    assert check_translations_start_as_drafts() == []


def test_translators_are_not_offered_to_change_shared_fields(localize_source, french):
    """No "Change country", no edit button for the e-mail, slug or image."""
    from wagtail_localize.models import OverridableSegment, Translation
    from wagtail_localize.operations import TranslationCreator

    source = localize_source["practice"]
    source.contact_email = "giulia@example.org"
    source.save_revision().publish()
    TranslationCreator(localize_source["user"], [french]).create_translations(source)
    job = Translation.objects.get(source__object_id=source.translation_key, target_locale=french)
    overridable = {
        segment.context.path.split(".")[0]
        for segment in OverridableSegment.objects.filter(source=job.source).select_related(
            "context"
        )
    }
    shared = {"slug", "year", "country", "contact_name", "contact_email", "hero_image"}
    assert not overridable & shared


def test_a_translation_with_a_stale_classification_still_publishes(bilingual):
    """A translation's own country and cities never block its publication: publishing
    takes the source's, which the source's own form validated."""
    copy = PracticePage.objects.get(pk=bilingual["french_schools"].pk)
    copy.country = bilingual["italy"]  # Barcelona is not in Italy
    copy.full_clean()  # no "cities must be in the practice's countries"
    copy.save_revision().publish()
    copy = PracticePage.objects.get(pk=copy.pk)
    assert copy.country_id == bilingual["schools"].country_id


def test_the_cities_rule_still_holds_for_the_source(bilingual):
    from django.core.exceptions import ValidationError

    source = PracticePage.objects.get(pk=bilingual["schools"].pk)
    source.country = bilingual["italy"]
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "cities" in error.value.message_dict  # the error names its field


def test_keywords_travel_with_the_classification_and_show_in_their_language(client, bilingual):
    source = bilingual["schools"]
    source.tags.add("refugees", "elderly")
    source.save_revision().publish()
    copy = PracticePage.objects.get(pk=bilingual["french_schools"].pk)
    assert sorted(tag.name for tag in copy.tags.all()) == ["elderly", "refugees"]
    assert "Keywords:" in client.get(source.url).content.decode()
    french_html = client.get(copy.url).content.decode()
    assert "Mots-clés" not in french_html and "refugees" not in french_html
    # Still the French index's search words.
    assert "Écoles ensemble" in client.get("/fr/practices/?q=refugees").content.decode()


def test_an_interface_only_language_marks_the_content_language(client, bilingual):
    html = client.get("/de/practices/" + bilingual["schools"].slug + "/").content.decode()
    assert re.search(r'<h1 class="icc-practice__title" lang="en">Schools together</h1>', html)
    assert re.search(r'<p class="icc-practice__summary" lang="en">', html)
    index_html = client.get("/de/practices/").content.decode()
    assert re.search(
        r'class="icc-card__title"><a href="[^"]+" lang="en">Schools together', index_html
    )
    # In its own language, nothing is marked.
    english = client.get(bilingual["schools"].url).content.decode()
    assert '<h1 class="icc-practice__title">Schools together</h1>' in english


def test_the_switcher_always_lists_and_marks_the_current_language(rf, bilingual):
    from django.template import Context, Template
    from django.utils import translation

    def switcher(page, language):
        with translation.override(language):
            return Template("{% load icc_practices_tags %}{% icc_language_switcher %}").render(
                Context({"page": page, "request": rf.get(page.url)})
            )

    slug = bilingual["schools"].slug
    german = switcher(bilingual["schools"], "de")
    assert re.search(rf'href="http://[^"]+/de/practices/{slug}/"[^>]*aria-current="true"', german)
    assert "Deutsch" in german and "(Inhalt auf Englisch)" in german
    # From French, the German interface is one click away, and back again.
    french = switcher(bilingual["french_schools"], "fr")
    assert f'/de/practices/{slug}/" hreflang="de"' in french
    assert 'hreflang="fr" lang="fr" aria-current="true">Français</a>' in french


def test_hreflang_alternates_stay_the_content_languages(client, bilingual):
    html = client.get("/de/practices/" + bilingual["schools"].slug + "/").content.decode()
    assert 'hreflang="fr"' in html and 'hreflang="de"' not in html


def test_the_pdf_says_the_language_of_its_text(client, bilingual, pdf_renderer):
    response = client.get(f"/de/practices/{bilingual['schools'].slug}/pdf/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    french = client.get(bilingual["french_schools"].url + "pdf/")
    assert french["Content-Language"] == "fr"
