"""The index in a real browser, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    CountryFactory,
    PracticeIndexPageFactory,
    PracticePageFactory,
    TopicFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def collection(site):
    index = PracticeIndexPageFactory(parent=site.root_page, slug="practices", results_per_page=4)
    spain, italy = CountryFactory(code="ES"), CountryFactory(code="IT")
    education = TopicFactory(name="Education", slug="education")
    roma = TopicFactory(name="Roma", slug="roma")
    for number in range(6):
        PracticePageFactory(
            parent=index, title=f"Education {number}", country=spain, year=2019, topics=[education]
        )
    for number in range(3):
        PracticePageFactory(
            parent=index, title=f"Roma {number}", country=italy, year=2020, topics=[roma]
        )
    return index


def apply(tab):
    """Without JavaScript a visitor presses "Apply filters"; with it, nothing to press."""
    if not tab.javascript:
        tab.get_by_role("button", name="Apply filters").click()


def has_params(expected: str):
    """A URL whose query holds these parameters (a plain form also sends empty ones)."""
    parts = [re.escape(part) for part in expected.split("&")]
    return re.compile("".join(rf"(?=.*[?&]{part}(&|$))" for part in parts))


def count_heading(tab):
    return tab.locator("#icc-results-heading")


def test_ticking_a_topic_updates_results_counts_and_address(tab, live_server, collection):
    tab.goto(live_server.url + collection.url)
    expect(count_heading(tab)).to_have_text("9 practices")
    expect(tab.locator("label[for=icc-country-es]")).to_contain_text("(6)")

    tab.get_by_label(re.compile(r"^Roma")).check()
    apply(tab)

    expect(tab).to_have_url(has_params("topic=roma"))
    if tab.javascript:
        expect(tab).to_have_url(re.compile(r"/practices/\?topic=roma$"))
    expect(count_heading(tab)).to_have_text("3 practices")
    expect(tab.locator("label[for=icc-country-es]")).to_contain_text("(0)")
    expect(tab.locator("#icc-country-es")).to_be_disabled()
    expect(tab.locator(".icc-results__list > li")).to_have_count(3)
    if tab.javascript:
        expect(tab.locator("[data-icc-live]")).to_have_text("3 practices")
        expect(tab.locator("#icc-topic-roma")).to_be_focused()


def test_removing_an_active_filter(tab, live_server, collection):
    tab.goto(live_server.url + collection.url + "?topic=roma&country=it")
    expect(count_heading(tab)).to_have_text("3 practices")
    tab.locator(".icc-active__remove", has_text="Italy").click()
    expect(tab).to_have_url(re.compile(r"\?topic=roma$"))
    expect(tab.locator("#icc-country-it")).not_to_be_checked()


def test_reset_filters(tab, live_server, collection):
    tab.goto(live_server.url + collection.url + "?topic=roma&year=2020")
    tab.locator(".icc-active__reset").click()
    expect(tab).to_have_url(live_server.url + collection.url)
    expect(count_heading(tab)).to_have_text("9 practices")


def test_pagination_keeps_the_filters(tab, live_server, collection):
    tab.goto(live_server.url + collection.url + "?topic=education")
    tab.get_by_role("link", name="Next").click()
    expect(tab).to_have_url(re.compile(r"\?topic=education&page=2$"))
    expect(tab.locator(".icc-results__list > li")).to_have_count(2)
    expect(tab.locator("#icc-topic-education")).to_be_checked()


def test_back_to_results_restores_the_filtered_page(tab, live_server, collection):
    tab.goto(live_server.url + collection.url + "?topic=education&page=2")
    tab.locator(".icc-card__title a").first.click()
    expect(tab.locator("h1")).to_contain_text("Education")
    tab.get_by_role("link", name="Back to results").click()
    expect(tab).to_have_url(re.compile(r"\?topic=education&page=2$"))
    expect(tab.locator("#icc-topic-education")).to_be_checked()


def test_search_then_filter(tab, live_server, collection):
    tab.goto(live_server.url + collection.url)
    tab.get_by_label("Search practices").fill("roma")
    tab.get_by_role("button", name="Search", exact=True).click()
    expect(tab).to_have_url(has_params("q=roma"))
    expect(count_heading(tab)).to_have_text("3 practices")
    if tab.javascript:
        expect(tab.get_by_label("Search practices")).to_be_focused()


def test_browser_history_goes_back_to_the_previous_filters(tab, live_server, collection):
    tab.goto(live_server.url + collection.url)
    tab.get_by_label(re.compile(r"^Roma")).check()
    apply(tab)
    expect(tab).to_have_url(has_params("topic=roma"))
    tab.go_back()
    expect(tab).to_have_url(live_server.url + collection.url)
    expect(count_heading(tab)).to_have_text("9 practices")
    expect(tab.locator("#icc-topic-roma")).not_to_be_checked()


def test_after_paginating_focus_moves_to_the_results(tab, live_server, collection):
    tab.goto(live_server.url + collection.url)
    tab.get_by_role("link", name="Next").click()
    expect(tab).to_have_url(has_params("page=2"))
    if tab.javascript:
        expect(count_heading(tab)).to_be_focused()


def test_a_facet_opened_by_hand_stays_open(js_tab, live_server, collection):
    tab = js_tab
    tab.goto(live_server.url + collection.url)
    tab.locator("details[data-icc-facet=year] > summary").click()
    tab.get_by_label(re.compile(r"^Roma")).check()
    expect(tab).to_have_url(has_params("topic=roma"))
    expect(tab.locator("details[data-icc-facet=year]")).to_have_attribute("open", "")


def test_changing_the_order(tab, live_server, collection):
    tab.goto(live_server.url + collection.url)
    tab.get_by_label("Sort by").select_option("title")
    apply(tab)
    expect(tab).to_have_url(has_params("sort=title"))
    expect(tab.locator(".icc-card__title").first).to_have_text("Education 0")


def test_an_in_page_anchor_does_not_reload_the_results(js_tab, live_server, collection):
    tab = js_tab
    tab.goto(live_server.url + collection.url + "?topic=roma")
    tab.evaluate("document.querySelector('.icc-results__list').dataset.marker = 'first'")
    tab.evaluate("location.hash = '#icc-results-heading'")  # what a skip link does
    tab.wait_for_timeout(300)
    expect(tab.locator(".icc-results__list")).to_have_attribute("data-marker", "first")
    tab.go_back()  # back to the same results, without the anchor: still not reloaded
    tab.wait_for_timeout(300)
    expect(tab.locator(".icc-results__list")).to_have_attribute("data-marker", "first")
