"""Shipped catalogues are complete and compiled; templates render translated."""

from pathlib import Path

import polib
import pytest
from django.test import RequestFactory
from django.utils import translation

import icc_practices
from tests.factories import PracticePageFactory

LOCALE_DIR = Path(icc_practices.__file__).parent / "locale"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def test_nine_interface_languages_are_shipped():
    shipped = {path.parts[-3] for path in CATALOGUES}
    assert {"fr", "it", "de", "es", "pt", "pl", "uk", "el", "nl"} <= shipped


PAGE_TOOLS = [
    "Decrease text size",
    "Increase text size",
    "Print the page",
    "Print to PDF",
    "Back to results",
]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_catalogue_words_the_page_tools_in_its_own_language(path):
    with translation.override(path.parts[-3]):
        worded = [translation.gettext(english) for english in PAGE_TOOLS]
    assert all(word not in PAGE_TOOLS for word in worded)
    assert len(set(worded)) == len(PAGE_TOOLS)  # five distinct buttons


@pytest.mark.parametrize(
    ("language", "english", "expected"),
    [
        ("fr", "Decrease text size", "Diminuer la taille du texte"),
        ("fr", "Increase text size", "Augmenter la taille du texte"),
        ("fr", "Print the page", "Imprimer la page"),
        ("fr", "Print to PDF", "Imprimer en PDF"),
        ("it", "Back to results", "Indietro"),
    ],
)
def test_the_icc_wording_is_kept(language, english, expected):
    with translation.override(language):
        assert translation.gettext(english) == expected


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_catalogue_is_fully_translated(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_compiled_catalogue_matches_its_source(path):
    def translations(catalogue) -> dict[str, object]:
        return {
            entry.msgid: dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr
            for entry in catalogue
            if entry.msgid
        }

    compiled = polib.mofile(str(path.with_suffix(".mo")))
    assert translations(compiled) == translations(polib.pofile(str(path)))


@pytest.mark.django_db
def test_practice_page_renders_in_french(index_page):
    practice = PracticePageFactory(parent=index_page, purpose="<p>x</p>")
    request = RequestFactory().get(practice.url, HTTP_HOST="localhost")
    with translation.override("fr"):
        html = practice.serve(request).render().content.decode()
    assert "Retour aux résultats" in html
    assert "Objectif" in html
    assert "Espagne" in html
