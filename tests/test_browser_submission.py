"""Proposing a practice in a real browser, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from icc_practices.models import PracticeSubmission
from tests.factories import CountryFactory, PracticeIndexPageFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def index(site):
    CountryFactory(code="ES")
    TopicFactory(name="Education", slug="education")
    return PracticeIndexPageFactory(parent=site.root_page, slug="practices")


def test_a_city_proposes_a_practice(tab, live_server, index):
    tab.goto(live_server.url + index.url)
    tab.get_by_role("link", name="Propose a practice from your city").click()
    expect(tab.get_by_role("heading", name="Propose a practice", exact=True)).to_be_visible()

    tab.get_by_label("Title of the practice").fill("Open schools")
    tab.get_by_role("button", name="Send the proposal").click()  # incomplete: errors
    expect(tab.get_by_role("alert")).to_contain_text("Please correct the fields marked below")
    expect(tab.get_by_role("alert")).to_be_focused()  # the summary is where focus lands
    assert tab.title().startswith("Error:")
    tab.get_by_role("link", name="Topics: This field is required.").click()
    expect(
        tab.get_by_role("group", name="Topics").get_by_role("checkbox").first
    ).to_be_in_viewport()
    expect(tab.get_by_label("Title of the practice")).to_have_value("Open schools")  # kept

    tab.get_by_label("Country").select_option("ES")
    tab.get_by_label("Year").fill("2021")
    tab.get_by_role("group", name="Topics").get_by_label("Education").check()
    tab.get_by_label("Summary").fill("Schools open their doors to families.")
    tab.get_by_label("Contact person").fill("Marta Puig")
    tab.get_by_label("Organisation").fill("Barcelona City Council")
    tab.get_by_label("E-mail").fill("marta@example.org")
    tab.get_by_label("Consent to publish").check()
    tab.get_by_role("button", name="Send the proposal").click()

    expect(tab.get_by_role("heading", name="Thank you for your proposal")).to_be_visible()
    assert PracticeSubmission.objects.get().title == "Open schools"
    expect(tab.locator('input[name="website"]')).to_be_hidden()
