"""An axe-core audit (WCAG 2.0-2.2 A and AA, and best practice) of every page type and state
the package renders, in Chromium, at a desktop and a phone width: 0 serious or critical
violations. axe-core comes bundled with axe-playwright-python, so the audit runs offline."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from icc_practices.models import PracticeSubmission
from tests.factories import CountryFactory, PracticePageFactory
from tests.test_multilingual import bilingual as bilingual  # fixtures, re-exported
from tests.test_submissions import proposal as proposal  # a fixture, re-exported
from tests.test_submissions import propose_url
from tests.test_submissions import taxonomy as taxonomy  # a fixture, re-exported

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")
WIDTHS = (1280, 390)

# Not audited: the test host's own navigation (tests/templates/base.html), a bare "Home"
# link that fails target-size; it is the host's markup, not the package's.
HOST_CHROME = {"exclude": [["nav[aria-label='Site']"]]}


def serious_violations(tab) -> list[str]:
    options = {"runOnly": {"type": "tag", "values": TAGS}}
    results = Axe().run(tab, context=HOST_CHROME, options=options)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.fixture
def collection(index_page):
    spain = CountryFactory(code="ES")
    practices = [
        PracticePageFactory(
            parent=index_page,
            title=f"Barcelona and international municipalism {number}",
            country=spain,
            summary="Barcelona works with cities worldwide. " * 6,
            purpose="<p>To share what works between cities.</p>",
        )
        for number in range(7)  # two pages of results at 5 a page
    ]
    return index_page, practices


def audit(tab, url: str, width: int) -> list[str]:
    tab.set_viewport_size({"width": width, "height": 900})
    tab.goto(url)
    return serious_violations(tab)


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_have_no_serious_violations(js_tab, live_server, collection, width):
    index, practices = collection
    topic = practices[0].topics.first().slug
    states = {
        "index": index.url,
        "filtered": f"{index.url}?topic={topic}",
        "empty result": f"{index.url}?q=nothingmatchesthisatall",
        "search": f"{index.url}?q=barcelona",
        "page 2": f"{index.url}?page=2",
        "map": f"{index.url}map/",
        "practice": practices[0].url,
        "proposal form": propose_url(index),
        "thanks": propose_url(index) + "thanks/?confirmation=sent",
    }
    found = {
        name: problems
        for name, url in states.items()
        if (problems := audit(js_tab, live_server.url + url, width))
    }
    assert found == {}


def test_practice_at_200_percent_text_has_no_serious_violations(js_tab, live_server, collection):
    _index, practices = collection
    js_tab.set_viewport_size({"width": 390, "height": 844})
    js_tab.goto(live_server.url + practices[0].url)
    larger = js_tab.get_by_role("button", name="Increase text size")
    for _ in range(4):
        larger.click()
    assert serious_violations(js_tab) == []


def test_the_form_with_errors_has_no_serious_violations(js_tab, live_server, collection):
    index, _practices = collection
    js_tab.goto(live_server.url + propose_url(index))
    js_tab.get_by_role("button", name="Send the proposal").click()
    js_tab.wait_for_selector(".icc-field__error")
    assert serious_violations(js_tab) == []


def test_the_package_admin_screens_have_no_serious_violations(
    js_tab,
    live_server,
    collection,
    proposal,
    django_user_model,
):
    index, _practices = collection
    Client().post(propose_url(index), proposal)
    submission = PracticeSubmission.objects.get()
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("a11y", "a@example.org", "pw"))
    js_tab.context.add_cookies(
        [{"name": "sessionid", "value": editor.cookies["sessionid"].value, "url": live_server.url}]
    )
    screens = {
        "good practices": "/admin/icc_practices/practicepage/",
        "proposals": "/admin/snippets/icc_practices/practicesubmission/",
        "proposal": f"/admin/snippets/icc_practices/practicesubmission/inspect/{submission.pk}/",
        "conversion": f"/admin/snippets/icc_practices/practicesubmission/convert/{submission.pk}/",
        "topics": "/admin/snippets/icc_practices/topic/",
    }
    found = {
        name: problems
        for name, url in screens.items()
        if (problems := audit(js_tab, live_server.url + url, 1280))
    }
    assert found == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_french_pages_have_no_serious_violations(js_tab, live_server, bilingual, width):
    french_index = bilingual["french_index"]
    states = {
        "index": french_index.url,
        "filtered": f"{french_index.url}?topic=education",
        "practice": bilingual["french_schools"].url,
        "proposal form": propose_url(french_index),
    }
    found = {
        name: problems
        for name, url in states.items()
        if (problems := audit(js_tab, live_server.url + url, width))
    }
    assert found == {}
    assert js_tab.evaluate("document.documentElement.lang") == "fr"


def test_the_narrow_screen_filter_dialog_has_no_serious_violations(js_tab, live_server, collection):
    index, _practices = collection
    js_tab.set_viewport_size({"width": 390, "height": 844})
    js_tab.goto(live_server.url + index.url)
    js_tab.locator("[data-icc-filters-toggle]").click()
    js_tab.get_by_role("dialog").wait_for()
    assert serious_violations(js_tab) == []
