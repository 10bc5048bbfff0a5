"""The results map in a real browser: its points are links a keyboard reaches, with and
without JavaScript; with it, the buttons zoom and reset; in print, the map stays."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mapped(index_page):
    spain = CountryFactory(code="ES")
    barcelona = CityFactory(name="Barcelona", slug="barcelona", country=spain,
                            latitude=41.39, longitude=2.17)  # fmt: skip
    roma = TopicFactory(slug="roma", name="Roma")
    for number in range(3):
        PracticePageFactory(parent=index_page, title=f"Roma {number}", country=spain,
                            cities=[barcelona], topics=[roma])  # fmt: skip
    PracticePageFactory(parent=index_page, title="Nowhere in particular", country=spain)
    return index_page


def test_a_point_is_a_link_the_keyboard_reaches(tab, live_server, mapped):
    tab.goto(live_server.url + mapped.url + "map/")
    point = tab.get_by_role("link", name="Barcelona: 3 practices")
    point.focus()
    expect(point).to_be_focused()
    tab.keyboard.press("Enter")
    expect(tab).to_have_url(re.compile(r"/practices[^/]*/\?city=barcelona$"))
    expect(tab.locator("#icc-results-heading")).to_have_text("3 practices")


def test_the_buttons_zoom_and_reset(js_tab, live_server, mapped):
    js_tab.goto(live_server.url + mapped.url + "map/")
    svg = js_tab.locator("[data-icc-map-svg]")
    whole = svg.get_attribute("viewBox")
    zoom_in = js_tab.get_by_role("button", name="Zoom in")
    zoom_in.focus()
    js_tab.keyboard.press("Enter")
    zoomed = svg.get_attribute("viewBox")
    assert float(zoomed.split()[2]) == pytest.approx(float(whole.split()[2]) / 2)
    reset = js_tab.get_by_role("button", name="Show the whole world")
    reset.focus()
    js_tab.keyboard.press("Enter")
    assert svg.get_attribute("viewBox") == svg.get_attribute("data-icc-world") == "0 0 1000 487"
    assert float(whole.split()[2]) == 250  # it opened on Spain, as close as it goes
    expect(js_tab.get_by_role("button", name="Zoom out")).to_have_attribute("aria-disabled", "true")
    expect(reset).to_be_focused()  # a button that cannot act keeps the focus it had
    js_tab.keyboard.press("Enter")  # and does nothing
    assert svg.get_attribute("viewBox") == "0 0 1000 487"


def test_the_keyboard_pans_and_brings_a_point_into_view(js_tab, live_server, mapped):
    sydney = CityFactory(name="Sydney", slug="sydney", country=CountryFactory(code="AU"),
                         latitude=-33.87, longitude=151.21)  # fmt: skip
    PracticePageFactory(parent=mapped, country=sydney.country, cities=[sydney])
    js_tab.goto(live_server.url + mapped.url + "map/")
    svg = js_tab.locator("[data-icc-map-svg]")
    zoom_in = js_tab.get_by_role("button", name="Zoom in")
    zoom_in.focus()
    js_tab.keyboard.press("Enter")
    js_tab.keyboard.press("Enter")
    far = js_tab.get_by_role("link", name="Sydney: 1 practice")
    far.focus()
    left, top, width, height = map(float, svg.get_attribute("viewBox").split())
    x, y = (float(far.locator("circle").get_attribute(name)) for name in ("cx", "cy"))
    assert left <= x <= left + width and top <= y <= top + height  # brought into view
    js_tab.keyboard.press("ArrowLeft")
    assert float(svg.get_attribute("viewBox").split()[0]) == pytest.approx(left - width / 4)


def test_the_map_lets_a_finger_scroll_the_page_until_zoomed_in(js_tab, live_server, mapped):
    js_tab.goto(live_server.url + mapped.url + "map/")
    svg = js_tab.locator("[data-icc-map-svg]")
    js_tab.get_by_role("button", name="Show the whole world").click()
    assert svg.evaluate("element => getComputedStyle(element).touchAction") == "auto"
    js_tab.get_by_role("button", name="Zoom in").click()
    assert svg.evaluate("element => getComputedStyle(element).touchAction") == "none"


def test_the_switch_to_the_map_loads_a_map_that_zooms(js_tab, live_server, mapped):
    js_tab.goto(live_server.url + mapped.url + "?topic=roma")
    js_tab.get_by_role("link", name="Map").click()
    expect(js_tab).to_have_url(re.compile(r"/map/\?topic=roma$"))
    expect(js_tab.get_by_role("button", name="Zoom in")).to_have_count(1)
    js_tab.get_by_role("link", name="List").click()
    expect(js_tab.locator("[data-icc-map-svg]")).to_have_count(0)


def test_the_map_prints(js_tab, live_server, mapped):
    js_tab.goto(live_server.url + mapped.url + "map/")
    js_tab.emulate_media(media="print")
    expect(js_tab.locator("[data-icc-map-svg]")).to_be_visible()
    expect(js_tab.get_by_role("button", name="Zoom in")).to_be_hidden()
    expect(js_tab.get_by_role("table", name="Practices by place")).to_be_visible()


def test_filtering_on_the_map_stays_on_the_map(tab, live_server, mapped):
    tab.goto(live_server.url + mapped.url + "map/")
    tab.get_by_label(re.compile(r"^Roma")).check()
    if not tab.javascript:
        tab.get_by_role("button", name="Apply filters").click()
    expect(tab).to_have_url(re.compile(r"/map/\?(.*&)?topic=roma(&|$)"))
    expect(tab.get_by_role("link", name="Barcelona: 3 practices")).to_have_count(1)
    expect(
        tab.get_by_role("link", name="Spain, without a city on the map: 1 practice")
    ).to_have_count(0)
    if tab.javascript:  # the map that came with the new results zooms too
        expect(tab.get_by_role("button", name="Zoom in")).to_have_count(1)


# A stand-in for Leaflet with its one dangerous habit: a string given as a tooltip is put
# into the page as HTML. The package ships no Leaflet; hosts bring their own.
LEAFLET_STAND_IN = """
window.L = {
  map: function () { return { setView: function () { return this; } }; },
  tileLayer: function () { return { addTo: function () {} }; },
  circleMarker: function () {
    var marker = {
      bindTooltip: function (content) {
        var box = document.createElement("div");
        box.className = "stand-in-tooltip";
        if (typeof content === "string") box.innerHTML = content;
        else box.appendChild(content);
        document.body.appendChild(box);
        return marker;
      },
      on: function () { return marker; },
      addTo: function () { return marker; }
    };
    return marker;
  }
};
"""


def test_tile_mode_draws_the_points_and_never_runs_a_name_as_html(
    js_tab, live_server, index_page, settings
):
    from urllib.parse import quote

    spain = CountryFactory(code="ES")
    hostile = CityFactory(name='Evil<img src=x onerror="window.__xss=1">', slug="evil",
                          country=spain, latitude=41.39, longitude=2.17)  # fmt: skip
    PracticePageFactory(parent=index_page, country=spain, cities=[hostile])
    settings.ICC_PRACTICES_MAP_TILES = {
        "url": "/tiles/{z}/{x}/{y}.png",  # never fetched: the stand-in draws nothing
        "leaflet_js": "data:text/javascript," + quote(LEAFLET_STAND_IN),
    }
    js_tab.goto(live_server.url + index_page.url + "map/")
    tooltip = js_tab.locator(".stand-in-tooltip")
    expect(tooltip).to_have_text('Evil<img src=x onerror="window.__xss=1">: 1 practice')
    assert js_tab.evaluate("window.__xss") is None
    expect(js_tab.locator("[data-icc-map-svg]")).to_be_hidden()  # the tiles took its place
    expect(js_tab.get_by_role("table", name="Practices by place")).to_be_visible()
