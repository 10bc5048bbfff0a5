"""The page tools in a real browser: text size, reflow, print media, PDF download."""

import pytest
from playwright.sync_api import expect

from tests.factories import CountryFactory, PracticeIndexPageFactory, PracticePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("pdf_renderer"),
]


@pytest.fixture
def practice(site):
    index = PracticeIndexPageFactory(parent=site.root_page, slug="practices")
    return PracticePageFactory(
        parent=index,
        title="Barcelona and international municipalism",
        slug="barcelona-municipalism",
        country=CountryFactory(code="ES"),
        summary="Barcelona works with cities worldwide. " * 8,
        purpose='<p>To share what works: <a href="https://example.org/report">report</a>.</p>',
    )


def font_size(tab, selector: str) -> float:
    return tab.locator(selector).evaluate("node => parseFloat(getComputedStyle(node).fontSize)")


def test_text_grows_shrinks_persists_and_resets(js_tab, live_server, practice):
    tab = js_tab
    tab.goto(live_server.url + practice.url)
    summary = ".icc-practice__summary"
    base = font_size(tab, summary)
    larger = tab.get_by_role("button", name="Increase text size")
    smaller = tab.get_by_role("button", name="Decrease text size")
    reset = tab.get_by_role("button", name="Normal text size")
    expect(smaller).to_have_attribute("aria-disabled", "true")
    expect(reset).to_have_attribute("aria-pressed", "true")

    larger.click()
    assert font_size(tab, summary) == pytest.approx(base * 1.25, rel=0.02)
    expect(reset).to_have_attribute("aria-pressed", "false")
    expect(tab.locator("[data-icc-text-size-status]")).to_have_text("Text size 125 percent")
    for _ in range(5):  # keyboard works too, and it stops at the top step
        larger.focus()
        tab.keyboard.press("Enter")
    assert font_size(tab, summary) == pytest.approx(base * 2, rel=0.02)
    expect(larger).to_have_attribute("aria-disabled", "true")
    expect(larger).to_be_focused()

    smaller.click()
    assert font_size(tab, summary) == pytest.approx(base * 1.75, rel=0.02)

    tab.goto(live_server.url + "/host-page/")  # another page, of the host's own design
    assert font_size(tab, ".host-text") == pytest.approx(16 * 1.75, rel=0.02)
    tab.get_by_role("button", name="Normal text size").click()
    assert font_size(tab, ".host-text") == pytest.approx(16, rel=0.02)
    tab.goto(live_server.url + practice.url)
    assert font_size(tab, summary) == pytest.approx(base, rel=0.02)


def test_at_200_percent_the_page_reflows_without_horizontal_scrolling(
    js_tab, live_server, practice
):
    tab = js_tab
    tab.set_viewport_size({"width": 640, "height": 900})
    tab.goto(live_server.url + practice.url)
    for _ in range(4):
        tab.get_by_role("button", name="Increase text size").click()
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    box = tab.get_by_role("button", name="Increase text size").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24


def test_without_javascript_the_buttons_are_absent_and_the_pdf_link_works(
    tab, live_server, practice
):
    tab.goto(live_server.url + practice.url)
    buttons = tab.locator("[data-icc-text-size], [data-icc-print]")
    if tab.javascript:
        expect(buttons).to_have_count(4)
        for index in range(4):
            expect(buttons.nth(index)).to_be_visible()
    else:
        for index in range(buttons.count()):
            expect(buttons.nth(index)).to_be_hidden()
    expect(tab.get_by_role("link", name="Print to PDF")).to_be_visible()


def test_print_media_shows_the_practice_without_the_chrome(js_tab, live_server, practice):
    tab = js_tab
    tab.goto(live_server.url + practice.url)
    tab.emulate_media(media="print")
    expect(tab.get_by_role("navigation", name="Site")).to_be_hidden()
    for name in ("Increase text size", "Print the page"):
        expect(tab.get_by_role("button", name=name)).to_be_hidden()
    for name in ("Back to results", "Print to PDF"):
        expect(tab.get_by_role("link", name=name)).to_be_hidden()
    expect(
        tab.get_by_role("heading", name="Barcelona and international municipalism")
    ).to_be_visible()
    expect(tab.locator(".icc-meta")).to_contain_text("Spain")
    printed_target = tab.locator(".icc-practice__section a").evaluate(
        "link => getComputedStyle(link, '::after').content"
    )
    assert "https://example.org/report" in printed_target
    note = tab.locator(".icc-print-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text(live_server.url.split("//")[1].split(":")[0] or "localhost")
    tab.emulate_media(media="screen")
    expect(note).to_be_hidden()
    expect(tab.get_by_role("button", name="Print the page")).to_be_visible()


def test_the_pdf_link_downloads_the_pdf(js_tab, live_server, practice):
    tab = js_tab
    tab.goto(live_server.url + practice.url)
    with tab.expect_download() as download_info:
        tab.get_by_role("link", name="Print to PDF").click()
    download = download_info.value
    assert download.suggested_filename == "barcelona-municipalism.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_the_index_offers_the_text_size_a_practice_page_set(js_tab, live_server, practice):
    tab = js_tab
    tab.goto(live_server.url + practice.url)
    tab.get_by_role("button", name="Increase text size").click()
    tab.goto(live_server.url + practice.get_parent().url)
    count = ".icc-results__count"
    enlarged = font_size(tab, count)
    reset = tab.get_by_role("button", name="Normal text size")
    reset.focus()
    tab.keyboard.press("Enter")
    assert font_size(tab, count) == pytest.approx(enlarged / 1.25, rel=0.02)


def test_focus_rings_show_on_the_results_heading_and_inside_facet_lists(
    js_tab, live_server, practice
):
    tab = js_tab
    tab.goto(live_server.url + practice.get_parent().url)
    heading = tab.locator(".icc-results__count")
    heading.focus()
    assert heading.evaluate("n => getComputedStyle(n).outlineStyle") == "solid"
    box = tab.locator(".icc-facet--topic .icc-facet__options")
    checkbox = box.locator("input").first
    checkbox.focus()
    # The ring (3px, 2px away) fits inside the scrolling list's padding: nothing clipped.
    room = box.evaluate(
        """list => {
            const input = list.querySelector('input').getBoundingClientRect();
            const inner = list.getBoundingClientRect();
            return input.left - inner.left - list.clientLeft;
        }"""
    )
    assert room >= 5


def test_with_no_results_no_facet_list_scrolls_without_a_focusable_option(
    js_tab, live_server, practice
):
    from tests.factories import TopicFactory

    for number in range(30):
        TopicFactory(name=f"Unused topic {number}", slug=f"unused-{number}")
    tab = js_tab
    tab.goto(live_server.url + practice.get_parent().url + "?q=nothingmatchesthis")
    for facet in tab.locator(".icc-facet__options").all():
        scrolls = facet.evaluate("n => n.scrollHeight > n.clientHeight")
        focusable = facet.locator("input:not([disabled])").count()
        assert focusable or not scrolls


@pytest.mark.parametrize("page", ["index", "practice"])
def test_nothing_scrolls_sideways_at_390_px_with_text_at_200_percent(
    js_tab, live_server, practice, page
):
    """WCAG 1.4.10 (reflow): at 320 CSS px of content width, no horizontal scrolling."""
    practice.contact_email = "international.municipalism.office@ajuntament.barcelona.cat"
    practice.lead_organisation = "Ajuntament de Barcelona, Direcció de Relacions Internacionals"
    practice.save_revision().publish()
    tab = js_tab
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(live_server.url + practice.url)
    larger = tab.get_by_role("button", name="Increase text size")
    for _ in range(4):
        larger.click()
    if page == "index":
        tab.goto(live_server.url + practice.get_parent().url)
    wide = tab.evaluate(
        """() => [...document.querySelectorAll('.icc-practices *')]
            .filter(n => n.getBoundingClientRect().right
                > document.documentElement.clientWidth + 1)
            .map(n => n.tagName + '.' + n.className + ' '
                + Math.round(n.getBoundingClientRect().right))
            .slice(0, 8)"""
    )
    scrolls = tab.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert (scrolls, wide) == (False, [])
