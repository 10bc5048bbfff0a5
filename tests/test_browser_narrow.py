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


def open_dialog(tab, live_server, collection):
    tab.set_viewport_size(PHONE)
    tab.goto(live_server.url + collection.url)
    toggle(tab).click()
    dialog = tab.get_by_role("dialog")
    expect(dialog).to_be_visible()
    return dialog


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
    dialog = open_dialog(tab, live_server, collection)
    expect(tab.get_by_role("dialog", name="Find practices")).to_be_visible()
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
    dialog = open_dialog(tab, live_server, collection)
    dialog.get_by_label("Search practices").fill("Roma")
    dialog.locator("[data-icc-show]").click()
    expect(dialog).to_be_hidden()
    expect(tab).to_have_url(has_params("q=Roma"))
    expect(count_heading(tab)).to_have_text("3 practices")


def test_the_filters_button_says_it_opens_a_dialog(js_tab, live_server, collection):
    js_tab.set_viewport_size(PHONE)
    js_tab.goto(live_server.url + collection.url)
    button = js_tab.get_by_role("button", name=re.compile(r"^Filters"))
    expect(button).to_have_attribute("aria-haspopup", "dialog")


def test_closing_after_a_change_returns_focus_to_the_new_button(js_tab, live_server, collection):
    dialog = open_dialog(js_tab, live_server, collection)
    dialog.get_by_label(re.compile(r"^Roma")).check()
    expect(dialog.get_by_role("button", name="Show 3 practices")).to_be_visible()
    js_tab.keyboard.press("Escape")
    expect(toggle(js_tab)).to_be_focused()  # the swap replaced the button that opened it
    expect(toggle(js_tab)).to_have_text(re.compile(r"Filters\s+\(1 active\)"))


def test_widening_the_window_closes_the_dialog_and_keeps_focus(js_tab, live_server, collection):
    open_dialog(js_tab, live_server, collection)
    js_tab.set_viewport_size(DESKTOP)
    expect(js_tab.get_by_role("dialog")).to_be_hidden()
    expect(js_tab.get_by_label("Search practices")).to_be_focused()


def test_a_sort_change_shown_at_once_leaves_one_history_entry(js_tab, live_server, collection):
    dialog = open_dialog(js_tab, live_server, collection)
    entries = js_tab.evaluate("history.length")
    dialog.get_by_label("Sort by").select_option("oldest")
    dialog.locator("[data-icc-show]").click()  # before the sort's 600 ms pause ends
    expect(js_tab).to_have_url(has_params("sort=oldest"))
    js_tab.wait_for_timeout(1000)
    assert js_tab.evaluate("history.length") == entries + 1
    expect(js_tab.locator("[data-icc-filters]")).to_be_hidden()  # not opened in the page
    expect(count_heading(js_tab)).to_be_focused()


def test_the_show_button_never_counts_a_search_not_yet_made(js_tab, live_server, collection):
    dialog = open_dialog(js_tab, live_server, collection)
    show = dialog.locator("[data-icc-show]")
    expect(show).to_have_text("Show 9 practices")
    dialog.get_by_label("Search practices").fill("Roma")
    expect(show).to_have_text("Search and show the results")
    dialog.get_by_label("Search practices").fill("")
    expect(show).to_have_text("Show 9 practices")


def test_apply_stays_whole_at_the_foot_of_a_long_dialog(js_tab, live_server, collection):
    from tests.factories import TopicFactory

    for number in range(30):  # a long topic list: the dialog scrolls
        TopicFactory(name=f"Topic {number}", slug=f"topic-{number}")
    dialog = open_dialog(js_tab, live_server, collection)
    assert dialog.evaluate("d => d.scrollHeight > d.clientHeight")
    for name in ("Country", "Year"):
        dialog.locator("summary", has_text=name).click()
    show, box = dialog.locator("[data-icc-show]").bounding_box(), dialog.bounding_box()
    assert show["y"] + show["height"] <= box["y"] + box["height"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_search_field_stays_usable_at_200_percent_text(
    chromium_browser, live_server, collection, javascript
):
    context = chromium_browser.new_context(java_script_enabled=javascript, viewport=PHONE)
    tab = context.new_page()
    tab.goto(live_server.url + collection.url)
    tab.evaluate("document.documentElement.style.fontSize = '200%'")
    toggle(tab).click()
    assert tab.get_by_label("Search practices").bounding_box()["width"] >= 200  # was 34
    context.close()


def test_the_dialog_follows_the_visitor_switching_to_a_light_theme(
    js_tab, live_server, collection, settings
):
    from axe_playwright_python.sync_playwright import Axe

    settings.ICC_PRACTICES_BASE_TEMPLATE = "light_bakery_base.html"
    js_tab.emulate_media(color_scheme="dark")
    open_dialog(js_tab, live_server, collection)
    js_tab.keyboard.press("Escape")
    js_tab.emulate_media(color_scheme="light")
    toggle(js_tab).click()
    contrast = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
    assert Axe().run(js_tab, options=contrast).response["violations"] == []
