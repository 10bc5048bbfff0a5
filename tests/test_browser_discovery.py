"""Discovery and sharing in a real browser: related practices, copy link, cite, feeds
(issue 17), with and without JavaScript."""

import feedparser
import pytest
from playwright.sync_api import expect

from tests.factories import (
    CountryFactory,
    PracticeIndexPageFactory,
    PracticePageFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def practices(site):
    index = PracticeIndexPageFactory(parent=site.root_page, slug="practices")
    spain = CountryFactory(code="ES")
    education = TopicFactory(name="Education", slug="education")
    source = PracticePageFactory(
        parent=index, title="Schools together", slug="schools", country=spain, topics=[education]
    )
    PracticePageFactory(
        parent=index, title="Libraries for all", slug="libraries", country=spain, topics=[education]
    )
    return source


def test_a_visitor_reads_on_shares_and_cites(tab, live_server, practices):
    tab.goto(live_server.url + practices.url)
    related = tab.get_by_role("region", name="Related practices")
    expect(related.get_by_role("link", name="Libraries for all")).to_be_visible()
    share = tab.get_by_role("region", name="Share")
    if tab.javascript:
        tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
        copy = share.get_by_role("button", name="Copy link")
        copy.focus()
        tab.keyboard.press("Enter")
        expect(share.locator("[data-icc-copy-status]")).to_have_text("Link copied")
        # The page's address on its site, as Wagtail names it (the test site is localhost:80).
        assert tab.evaluate("navigator.clipboard.readText()") == practices.full_url
        expect(tab).to_have_url(live_server.url + practices.url)
    else:
        link = share.get_by_role("link", name="Link to this page")
        expect(link).to_have_attribute("href", practices.full_url)
    tab.get_by_text("Cite this practice").click()
    expect(tab.locator(".icc-cite__text")).to_contain_text("Schools together.")
    expect(tab.get_by_role("link", name="BibTeX")).to_be_visible()


def test_the_follow_link_gives_a_feed_of_the_filter(js_tab, live_server, practices):
    js_tab.goto(live_server.url + "/practices/?topic=education")
    link = js_tab.get_by_role("link", name="RSS")
    feed = js_tab.request.get(live_server.url + link.get_attribute("href"))
    parsed = feedparser.parse(feed.body())
    assert not parsed.bozo
    assert {entry.title for entry in parsed.entries} == {"Schools together", "Libraries for all"}


def test_an_editor_adds_a_country_to_a_collection(editor_tab, practices):
    from tests.urbact.models import ThemePage

    page = ThemePage(
        title="Education", slug="education-theme",
        body=[("practices", {"filters": ["topic=education"], "limit": 3, "sort": "newest"})],
    )  # fmt: skip
    practices.get_parent().get_parent().add_child(instance=page)
    page.save_revision().publish()
    tab = editor_tab
    tab.goto(f"{tab.admin_url}/pages/{page.pk}/edit/")
    filters = tab.locator(".icc-facet-choices")
    expect(filters.get_by_role("checkbox", name="Education")).to_be_checked()
    filters.get_by_role("checkbox", name="Spain").check()
    tab.get_by_role("button", name="More actions").click()
    tab.get_by_role("button", name="Publish").click()
    expect(tab.get_by_text("has been published")).to_be_visible()
    page.refresh_from_db()
    assert sorted(page.body[0].value["filters"]) == ["country=es", "topic=education"]
