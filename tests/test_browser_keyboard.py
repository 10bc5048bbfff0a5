"""Keyboard-only journeys in Chromium, with and without JavaScript: filter the index, open
a practice, go back to the results, change the text size, print, and propose a practice.
No mouse: only Tab, Shift+Tab, Enter, Space and typing."""

import re

import pytest
from playwright.sync_api import expect

from icc_practices.models import PracticeSubmission
from tests.test_browser import collection as collection  # a fixture, re-exported
from tests.test_browser import count_heading, has_params

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80


def tab_to(tab, matches: str, *, backwards: bool = False) -> None:
    """Press Tab until the focused element matches a JavaScript predicate on `el`."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        tab.keyboard.press(key)
        if tab.evaluate(f"(() => {{ const el = document.activeElement; return {matches}; }})()"):
            return
    focused = tab.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"Tab never reached {matches!r}; focus is on {focused}")


def label_is(text: str) -> str:
    return (
        f"(el.labels && el.labels[0] && el.labels[0].textContent.trim().startsWith({text!r}))"
        f" || el.textContent.trim() === {text!r}"
    )


def test_filter_open_go_back_resize_and_print_with_the_keyboard(tab, live_server, collection):
    tab.add_init_script("window.print = () => { window.iccPrinted = true; };")
    tab.goto(live_server.url + collection.url)

    # Filter: tick "Roma" with Space; without JavaScript, Enter on "Apply filters".
    tab_to(tab, label_is("Roma"))
    tab.keyboard.press("Space")
    if not tab.javascript:
        tab_to(tab, label_is("Apply filters"))
        tab.keyboard.press("Enter")
    expect(tab).to_have_url(has_params("topic=roma"))
    expect(count_heading(tab)).to_have_text("3 practices")

    # Open the first practice.
    tab_to(tab, "el.closest('.icc-results__list') !== null && el.tagName === 'A'")
    title = tab.evaluate("document.activeElement.textContent.trim()")
    tab.keyboard.press("Enter")
    expect(tab.get_by_role("heading", level=1)).to_have_text(title)

    if tab.javascript:  # the text size and print buttons are the script's
        size = "parseFloat(getComputedStyle(document.querySelector('.icc-practice')).fontSize)"
        before = tab.evaluate(size)
        tab_to(tab, "el.title === 'Increase text size'")
        tab.keyboard.press("Enter")
        assert tab.evaluate(size) > before
        tab_to(tab, label_is("Print the page"))
        tab.keyboard.press("Enter")
        assert tab.evaluate("window.iccPrinted === true")
        tab.evaluate("document.activeElement.blur()")

    # Back to the same results.
    tab_to(tab, "el.classList.contains('icc-tool--back')")
    tab.keyboard.press("Enter")
    expect(tab).to_have_url(has_params("topic=roma"))
    expect(count_heading(tab)).to_have_text("3 practices")


def test_narrow_filters_open_and_apply_with_the_keyboard(tab, live_server, collection):
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(live_server.url + collection.url)
    tab_to(tab, "el.hasAttribute('data-icc-filters-toggle')")
    tab.keyboard.press("Enter")
    tab_to(tab, label_is("Roma"))
    tab.keyboard.press("Space")
    name = "Show 3 practices" if tab.javascript else "Apply filters"
    tab_to(tab, label_is(name))
    tab.keyboard.press("Enter")
    expect(tab).to_have_url(has_params("topic=roma"))
    expect(count_heading(tab)).to_have_text("3 practices")
    if tab.javascript:
        expect(tab.get_by_role("dialog")).to_be_hidden()
        expect(count_heading(tab)).to_be_focused()


def test_propose_a_practice_with_the_keyboard(tab, live_server, collection):
    tab.goto(live_server.url + collection.url)
    tab_to(tab, label_is("Propose a practice from your city"))
    tab.keyboard.press("Enter")
    expect(tab.get_by_role("heading", name="Propose a practice", exact=True)).to_be_visible()

    def fill(label: str, text: str) -> None:
        tab_to(tab, label_is(label))
        tab.keyboard.type(text)

    fill("Title of the practice", "Open schools")
    tab_to(tab, label_is("Country"))
    tab.keyboard.type("Spain")  # type-ahead in the native select
    fill("Year", "2021")
    tab_to(tab, label_is("Education"))
    tab.keyboard.press("Space")
    fill("Summary", "Schools open their doors to families.")
    fill("Contact person", "Marta Puig")
    fill("Organisation", "Barcelona City Council")
    fill("E-mail", "marta@example.org")
    tab_to(tab, label_is("Consent to publish"))
    tab.keyboard.press("Space")
    tab_to(tab, label_is("Send the proposal"))
    tab.keyboard.press("Enter")

    expect(tab.get_by_role("heading", name="Thank you for your proposal")).to_be_visible()
    submission = PracticeSubmission.objects.get()
    assert (submission.title, submission.country.code) == ("Open schools", "ES")
    assert re.search(r"Education", str(list(submission.topics.all())))
