"""The package's pages in any host's base template: with a head block or without one
(shaped like Wagtail's bakerydemo), the stylesheets and head links reach the page."""

import re

import pytest
from django.test import override_settings

from icc_practices.checks import check_base_template_blocks
from icc_practices.public.host_template import template_blocks
from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db

STYLESHEET = "icc_practices/css/icc_practices.css"


def body_of(html: str) -> str:
    return html.split("<body", 1)[1]


@override_settings(ICC_PRACTICES_BASE_TEMPLATE="bakery_base.html")
def test_without_a_head_block_the_styles_open_the_content_and_links_go_in_headers(
    client, index_page
):
    practice = PracticePageFactory(parent=index_page)
    index = client.get(index_page.url + "?page=1")
    html = index.content.decode()
    assert html.count(STYLESHEET) == 1 and STYLESHEET in body_of(html)
    assert f'<{index_page.full_url}>; rel="canonical"' in index["Link"]
    page = client.get(practice.url)
    html = page.content.decode()
    assert STYLESHEET in body_of(html)
    assert "icc-page-tools.css" in html  # the page tools' own styles and script
    assert "icc-page-tools.js" in html
    # Structured data and OpenGraph open the content, once; the feeds go in the header.
    assert html.count('type="application/ld+json"') == 1
    assert '<script type="application/ld+json">' in body_of(html)
    assert html.count('property="og:title"') == 1
    assert 'rel="alternate"; type="application/rss+xml"' in index["Link"]


def test_with_a_head_block_nothing_moves(client, index_page):
    response = client.get(index_page.url)
    html = response.content.decode()
    head = html.split("<body", 1)[0]
    assert STYLESHEET in head and STYLESHEET not in body_of(html)
    assert "Link" not in response
    assert '<link rel="canonical"' in head
    assert '<script type="application/ld+json">' in head
    assert '<link rel="alternate" type="application/rss+xml"' in head


@override_settings(ICC_PRACTICES_BASE_TEMPLATE="bakery_base.html")
def test_the_honeypot_is_hidden_without_any_stylesheet(client, index_page):
    html = client.get(index_page.url + "propose/").content.decode()
    trap = re.search(r'<div class="icc-proposal__trap"[^>]*>', html).group(0)
    assert " hidden" in trap and 'aria-hidden="true"' in trap


def test_blocks_are_read_through_extends():
    assert {"content", "extra_css", "title"} <= template_blocks("extends_base.html")
    assert "extra_css" not in template_blocks("bakery_base.html")
    assert template_blocks("no/such/template.html") is None


def test_the_check_explains_a_base_template_without_head_block():
    assert check_base_template_blocks() == []
    with override_settings(ICC_PRACTICES_BASE_TEMPLATE="bakery_base.html"):
        assert [m.id for m in check_base_template_blocks()] == ["icc_practices.I001"]
    with override_settings(ICC_PRACTICES_BASE_TEMPLATE="no_content_base.html"):
        assert [m.id for m in check_base_template_blocks()] == ["icc_practices.E005"]
