"""The index on a phone (390 x 844) and on a desktop (1280 x 900): on narrow screens the
filters wait behind a "Filters" button and the results come first; with JavaScript the
button opens a modal dialog with "Show N practices" and "Reset filters"; without it, a
<details> element opens the form in place."""

import re

import pytest
from playwright.sync_api import expect

from tests.test_browser import collection as collection  # a fixture, re-exported
from tests.test_browser import count_heading, has_params

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def toggle(tab):
    return tab.locator("[data-icc-filters-toggle]")


def test_on_a_phone_the_first_result_is_on_the_first_screen(tab, live_server, collection):
    tab.set_viewport_size(PHONE)
    tab.goto(live_server.url + collection.url + "?topic=education")
    expect(toggle(tab)).to_be_visible()
    expect(toggle(tab)).to_have_text(re.compile(r"Filters\s+\(1 active\)"))
    expect(tab.locator("[data-icc-filters]")).to_be_hidden()
    first_card = tab.locator(".icc-results__list > li").first
    assert first_card.bounding_box()["y"] < PHONE["height"] - 100


def test_on_a_desktop_the_form_shows_and_the_button_does_not(tab, live_server, collection):
    tab.set_viewport_size(DESKTOP)
    tab.goto(live_server.url + collection.url)
    expect(toggle(tab)).to_be_hidden()
    expect(tab.get_by_label("Search practices")).to_be_visible()
    results, form = (
        tab.locator(selector).bounding_box() for selector in ("#icc-results", "[data-icc-filters]")
    )
    assert form["x"] + form["width"] <= results["x"]  # side by side, filters first


def test_without_javascript_the_button_opens_the_form_in_place(
    chromium_browser, live_server, collection
):
    context = chromium_browser.new_context(java_script_enabled=False, viewport=PHONE)
    tab = context.new_page()
    tab.goto(live_server.url + collection.url)
    toggle(tab).click()
    tab.get_by_label(re.compile(r"^Roma")).check()
    tab.get_by_role("button", name="Apply filters").click()
    expect(tab).to_have_url(has_params("topic=roma"))
    expect(count_heading(tab)).to_have_text("3 practices")
    expect(toggle(tab)).to_have_text(re.compile(r"Filters\s+\(1 active\)"))
    context.close()


def test_with_javascript_the_button_opens_a_dialog_that_applies_and_resets(
    js_tab, live_server, collection
):
    tab = js_tab
    tab.set_viewport_size(PHONE)
    tab.goto(live_server.url + collection.url)
    toggle(tab).click()
    dialog = tab.get_by_role("dialog", name="Find practices")
    expect(dialog).to_be_visible()
    assert tab.evaluate("document.querySelector('dialog').matches(':modal')")
    expect(dialog.get_by_label("Search practices")).to_be_focused()

    dialog.get_by_label(re.compile(r"^Roma")).check()
    show = dialog.get_by_role("button", name="Show 3 practices")
    expect(show).to_be_visible()  # the count follows each change
    expect(tab).to_have_url(has_params("topic=roma"))
    expect(dialog.get_by_label(re.compile(r"^Roma"))).to_be_focused()

    dialog.get_by_role("link", name="Reset filters").click()
    expect(dialog.get_by_role("button", name="Show 9 practices")).to_be_focused()
    dialog.get_by_label(re.compile(r"^Education")).check()
    dialog.get_by_role("button", name="Show 6 practices").click()

    expect(dialog).to_be_hidden()
    expect(count_heading(tab)).to_have_text("6 practices")
    expect(count_heading(tab)).to_be_focused()
    expect(toggle(tab)).to_have_text(re.compile(r"Filters\s+\(1 active\)"))
    # The form is back in the page, ready for a wider window.
    tab.set_viewport_size(DESKTOP)
    expect(tab.get_by_label("Search practices")).to_be_visible()
    expect(tab.locator("[data-icc-show]")).to_be_hidden()


def test_escape_closes_the_dialog_and_returns_to_the_button(js_tab, live_server, collection):
    tab = js_tab
    tab.set_viewport_size(PHONE)
    tab.goto(live_server.url + collection.url)
    toggle(tab).focus()
    tab.keyboard.press("Enter")
    expect(tab.get_by_role("dialog")).to_be_visible()
    tab.keyboard.press("Escape")
    expect(tab.get_by_role("dialog")).to_be_hidden()
    expect(toggle(tab)).to_be_focused()
    expect(tab.locator("[data-icc-filters]")).to_be_hidden()


def test_a_search_typed_in_the_dialog_is_applied_by_show(js_tab, live_server, collection):
    tab = js_tab
    tab.set_viewport_size(PHONE)
    tab.goto(live_server.url + collection.url)
    toggle(tab).click()
    dialog = tab.get_by_role("dialog")
    dialog.get_by_label("Search practices").fill("Roma")
    dialog.locator("[data-icc-show]").click()
    expect(dialog).to_be_hidden()
    expect(tab).to_have_url(has_params("q=Roma"))
    expect(count_heading(tab)).to_have_text("3 practices")
