"""The page tools template tags, rendered on the server."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load icc_page_tools %}" + source).render(Context(context))


def test_the_practice_page_has_the_whole_toolbar(client, index_page, pdf_renderer):
    practice = PracticePageFactory(parent=index_page, slug="open-schools")
    html = client.get(practice.url).content.decode()
    assert html.count("icc-page-tools.js") == 1
    assert html.count("icc-page-tools.css") == 1
    for action in ("smaller", "reset", "larger"):
        assert re.search(
            rf'<button type="button"[^>]*data-icc-text-size="{action}"[^>]*hidden', html
        )
    assert re.search(
        r'<button type="button"[^>]*data-icc-print hidden>Print the page</button>', html
    )
    assert f'href="{practice.url}pdf/" download="open-schools.pdf"' in html
    assert f'href="{index_page.url}" data-icc-back' in html


def test_a_host_template_gets_the_tools_without_a_pdf_or_back_link(client):
    html = client.get("/host-page/").content.decode()
    assert 'data-icc-text-size="larger"' in html
    assert "data-icc-print" in html
    assert "Print to PDF" not in html
    assert "Back to results" not in html
    assert "http://testserver/host-page/" in html  # printed on paper


def test_single_controls_bring_the_assets_once_per_request():
    request = RequestFactory().get("/")
    html = render(
        "{% icc_text_larger %}{% icc_text_smaller %}{% icc_print_button %}", request=request
    )
    assert html.count("icc-page-tools.js") == 1
    assert html.count('data-icc-text-size="larger"') == 1
    assert html.count('data-icc-text-size="smaller"') == 1


def test_assets_can_be_placed_explicitly_and_are_not_repeated():
    request = RequestFactory().get("/")
    html = render("{% icc_page_tools_assets %}{% icc_page_tools %}", request=request)
    assert html.count("icc-page-tools.js") == 1
    assert html.index("icc-page-tools.js") < html.index("icc-page-tools__controls")


def test_the_pdf_link_appears_only_where_a_pdf_exists(index_page, pdf_renderer):
    practice = PracticePageFactory(parent=index_page, slug="open-schools")
    request = RequestFactory().get(practice.url)
    assert "download=" in render("{% icc_pdf_link %}", request=request, page=practice)
    assert "download=" not in render("{% icc_pdf_link %}", request=request, page=index_page)
    assert "download=" not in render("{% icc_pdf_link %}", request=request)
    request.is_preview = True
    assert "download=" not in render("{% icc_pdf_link %}", request=request, page=practice)


def test_tools_render_without_a_request():
    html = render("{% icc_page_tools %}")
    assert 'data-icc-text-size="reset"' in html
