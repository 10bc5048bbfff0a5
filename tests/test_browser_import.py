"""The admin's import screen in Chromium: upload, read the dry run's report with its row
errors, confirm, find the practice (issue 16)."""

import pytest
from playwright.sync_api import expect

from icc_practices.models import PracticePage
from tests.factories import CountryFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE = (
    "key,title,summary,country,topics,year,partner_cities\n"
    "ui-1,Library of things,Lend tools to neighbours,ES,education,2021,\n"
    "ui-2,Broken row,A summary,ES,astrology,3000,\n"
)


def test_an_editor_checks_a_file_then_imports_it(editor_tab, index_page, tmp_path):
    CountryFactory(code="ES")
    TopicFactory(name="Education", slug="education")
    path = tmp_path / "practices.csv"
    path.write_text(FILE, encoding="utf-8")
    tab = editor_tab
    tab.goto(tab.admin_url + "/")
    tab.get_by_role("link", name="Import practices").click()
    tab.get_by_label("File").set_input_files(str(path))
    tab.get_by_label("Publish what is imported").check()
    tab.get_by_role("button", name="Check the file").click()
    expect(tab.locator("[data-icc-import-summary]")).to_have_text(
        "1 created, 0 updated, 0 unchanged, 1 failed."
    )
    problems = tab.get_by_role("table").first
    expect(problems).to_contain_text("astrology")
    expect(problems).to_contain_text("Enter a year between")
    assert not PracticePage.objects.filter(title="Library of things").exists()
    tab.get_by_role("button", name="Import", exact=True).click()
    expect(tab.get_by_role("heading", name="What was done")).to_be_visible()
    tab.get_by_role("link", name="Library of things").click()
    expect(tab).to_have_url(f"{tab.admin_url}/pages/{PracticePage.objects.get().pk}/edit/")
    assert PracticePage.objects.get().live
