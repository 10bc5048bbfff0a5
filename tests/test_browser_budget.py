"""The front-end budget: the package's own CSS and JavaScript stay small, and the index does
not shift under the visitor while it loads (Cumulative Layout Shift, measured in Chromium)."""

import gzip
from pathlib import Path

import pytest

from tests.factories import PracticePageFactory

STATIC = Path(__file__).resolve().parent.parent / "icc_practices/static/icc_practices"
# Compressed bytes (what WhiteNoise or a web server sends), with room to grow a little.
# Visitors only: the editors' assets (admin/) load in the Wagtail admin alone.
BUDGET_GZIP = {"css": 6_000}
# JavaScript by the page that loads it: every index page (filters, page tools), and the
# map view, which adds its zoom script (icc-map.js loads nowhere else in the package).
PAGE_SCRIPTS = {
    "list": ["icc-filters.js", "icc-page-tools.js"],
    "map": ["icc-filters.js", "icc-page-tools.js", "icc-map.js"],
}
BUDGET_JS_GZIP = {"list": 6_000, "map": 9_000}
MAX_LAYOUT_SHIFT = 0.01  # measured 0; Google calls under 0.1 "good"


def gzipped_sizes(kind: str) -> int:
    return sum(len(gzip.compress(path.read_bytes(), 9)) for path in STATIC.glob(f"{kind}/*.{kind}"))


def test_the_package_css_fits_the_budget():
    assert 0 < gzipped_sizes("css") <= BUDGET_GZIP["css"]


@pytest.mark.parametrize("page", ["list", "map"])
def test_each_pages_javascript_fits_the_budget(page):
    scripts = {path.name for path in STATIC.glob("js/*.js")}
    assert set(PAGE_SCRIPTS["map"]) == scripts  # a new script must say where it loads
    size = sum(
        len(gzip.compress((STATIC / "js" / name).read_bytes(), 9)) for name in PAGE_SCRIPTS[page]
    )
    assert 0 < size <= BUDGET_JS_GZIP[page]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390, 320])  # at 320 px the page tools wrap
def test_the_index_does_not_shift_while_it_loads(js_tab, live_server, index_page, width):
    for number in range(8):
        PracticePageFactory(parent=index_page, title=f"Practice {number}", summary="Text. " * 40)
    js_tab.set_viewport_size({"width": width, "height": 844})
    js_tab.add_init_script(
        """window.__shift = 0;
        new PerformanceObserver(list => {
            for (const entry of list.getEntries()) {
                if (!entry.hadRecentInput) window.__shift += entry.value;
            }
        }).observe({type: "layout-shift", buffered: true});"""
    )
    js_tab.goto(live_server.url + index_page.url, wait_until="load")
    js_tab.wait_for_timeout(500)
    assert js_tab.evaluate("window.__shift") <= MAX_LAYOUT_SHIFT
