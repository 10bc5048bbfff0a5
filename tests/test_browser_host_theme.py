"""The package in host themes shaped like Wagtail's bakerydemo (no head block): a dark one
(light text on a near-black page, orange links, white headings) and a light one whose
links only just pass AA on white. In Chromium: styled, readable at AA contrast everywhere,
and recoloured by the host in one place."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import override_settings

from tests.test_accessibility_audit import collection as collection  # a fixture, re-exported
from tests.test_accessibility_audit import serious_violations
from tests.test_submissions import propose_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOST_TEXT = "rgb(230, 230, 230)"


@pytest.fixture
def dark_host():
    with override_settings(ICC_PRACTICES_BASE_TEMPLATE="dark_bakery_base.html"):
        yield


@pytest.fixture(params=["dark", "light"])
def host_theme(request):
    with override_settings(ICC_PRACTICES_BASE_TEMPLATE=f"{request.param}_bakery_base.html"):
        yield request.param


@pytest.fixture
def practice(collection):
    _index, practices = collection
    practice = practices[0]
    practice.contact_email = "international.municipalism.office@ajuntament.barcelona.cat"
    practice.lead_organisation = "Ajuntament de Barcelona"
    practice.purpose = '<p>To share what works: <a href="https://example.org/r">report</a>.</p>'
    practice.save_revision().publish()
    return practice


def contrast_problems(tab) -> list[str]:
    """Every colour-contrast failure, whatever its impact."""
    results = Axe().run(tab, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
    return [
        node["target"][0] + ": " + node["any"][0]["message"]
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def style(tab, selector: str, prop: str) -> str:
    return tab.locator(selector).first.evaluate(f"n => getComputedStyle(n).{prop}")


@pytest.mark.parametrize("width", [1280, 390])
def test_every_text_keeps_aa_contrast_in_the_host_theme(
    js_tab, live_server, host_theme, practice, width
):
    index = practice.get_parent()
    js_tab.set_viewport_size({"width": width, "height": 900})
    pages = {
        "index filtered": f"{index.url}?country=es",
        "page 2": f"{index.url}?page=2",
        "empty": f"{index.url}?q=nothingmatchesthisatall",
        "practice": practice.url,
        "proposal form": propose_url(index),
    }
    found = {}
    for name, url in pages.items():
        js_tab.goto(live_server.url + url)
        if problems := contrast_problems(js_tab) + serious_violations(js_tab):
            found[name] = problems
    js_tab.goto(live_server.url + propose_url(index))
    js_tab.get_by_role("button", name="Send the proposal").click()
    js_tab.wait_for_selector(".icc-field__error")
    if problems := contrast_problems(js_tab):
        found["proposal errors"] = problems
    if width == 390:
        js_tab.goto(live_server.url + index.url)
        js_tab.locator("[data-icc-filters-toggle]").click()
        js_tab.get_by_role("dialog").wait_for()
        if problems := contrast_problems(js_tab):
            found["filters dialog"] = problems
    assert found == {}


def test_the_package_is_styled_and_takes_the_host_colours(js_tab, live_server, dark_host, practice):
    js_tab.goto(live_server.url + practice.url)
    # Styled although the host's base template has no head block: the box has its lines.
    assert style(js_tab, ".icc-facts", "borderTopWidth") == "1px"
    # Text, headings and links are the host's, in the "Practical information" box too.
    assert style(js_tab, ".icc-facts", "color") == HOST_TEXT
    assert style(js_tab, ".icc-facts h2", "color") == "rgb(255, 255, 255)"
    assert style(js_tab, ".icc-practice a[href^='https']", "color") == "rgb(245, 166, 35)"
    assert style(js_tab, ".icc-practices", "fontFamily") == "Georgia, serif"
    # Space from the window's edge of its own.
    assert style(js_tab, ".icc-practices", "paddingLeft") == "16px"


def test_a_host_recolours_the_package_in_one_place(js_tab, live_server, dark_host, practice):
    index = practice.get_parent()
    js_tab.goto(live_server.url + index.url + "?page=2&accent=orange")
    orange, dark = "rgb(245, 166, 35)", "rgb(27, 27, 27)"
    assert style(js_tab, ".icc-button", "backgroundColor") == orange
    assert style(js_tab, ".icc-button", "color") == dark
    assert style(js_tab, ".icc-pagination a[aria-current='page']", "backgroundColor") == orange
    assert style(js_tab, ".icc-tool[aria-pressed='true']", "backgroundColor") == orange
    assert contrast_problems(js_tab) == []
