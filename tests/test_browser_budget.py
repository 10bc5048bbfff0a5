"""The front-end budget: the package's own CSS and JavaScript stay small, and the index does
not shift under the visitor while it loads (Cumulative Layout Shift, measured in Chromium)."""

import gzip
from pathlib import Path

import pytest

from tests.factories import PracticePageFactory

STATIC = Path(__file__).resolve().parent.parent / "icc_practices/static/icc_practices"
# Compressed bytes (what WhiteNoise or a web server sends), with room to grow a little.
# Visitors only: the editors' assets (admin/) load in the Wagtail admin alone.
BUDGET_GZIP = {"css": 6_000, "js": 6_000}
MAX_LAYOUT_SHIFT = 0.01  # measured 0; Google calls under 0.1 "good"


def gzipped_sizes(kind: str) -> int:
    return sum(len(gzip.compress(path.read_bytes(), 9)) for path in STATIC.glob(f"{kind}/*.{kind}"))


@pytest.mark.parametrize("kind", ["css", "js"])
def test_the_package_css_and_javascript_fit_the_budget(kind):
    assert 0 < gzipped_sizes(kind) <= BUDGET_GZIP[kind]


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
