"""Editors' journeys in the Wagtail admin, in Chromium: create and publish a practice,
search and reorder the taxonomy; and an axe audit of the package's admin screens."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from icc_practices.models import PracticePage, PracticeSubmission, Topic
from tests.factories import CityFactory, CountryFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def taxonomy(site):
    germany, france = CountryFactory(code="DE"), CountryFactory(code="FR")
    for name in ("Berlin", "Hamburg", "Munich"):
        CityFactory(name=name, slug=name.lower(), country=germany)
    for name in ("Lyon", "Paris", "Strasbourg"):
        CityFactory(name=name, slug=name.lower(), country=france)
    names = ["Education", "Housing", "Roma", "Security, Justice and Safety", "Sport"]
    for position, name in enumerate(names):
        TopicFactory(name=name, slug=f"topic-{position}", sort_order=position)
    return {"germany": germany, "france": france}


def cities_picker(tab):
    """The picker of the practice's own cities (the partner cities' one follows it)."""
    return tab.locator("[data-icc-city-picker]").first


def visible_cities(tab) -> list[str]:
    return [label.strip() for label in cities_picker(tab).locator("li:visible").all_inner_texts()]


def test_an_editor_creates_and_publishes_a_practice(editor_tab, index_page, taxonomy):
    tab = editor_tab
    tab.goto(f"{tab.admin_url}/pages/add/icc_practices/practicepage/{index_page.pk}/")
    tab.get_by_role("textbox", name="Title").fill("Welcome desk for newcomers")
    tab.get_by_role("textbox", name="Summary").fill("A desk where newcomers find every service.")
    tab.get_by_role("combobox", name="Country").select_option(label="Germany")
    assert visible_cities(tab) == ["Berlin", "Hamburg", "Munich"]  # narrowed to Germany
    tab.get_by_role("searchbox", name="Find a city").fill("ham")
    assert visible_cities(tab) == ["Hamburg"]
    cities_picker(tab).get_by_role("checkbox", name="Hamburg").check()
    expect(cities_picker(tab).locator("[data-icc-chosen]")).to_have_text("Chosen: Hamburg")
    tab.get_by_role("spinbutton", name="Year").fill("2023")
    tab.get_by_role("checkbox", name="Education").check()
    tab.get_by_role("button", name="More actions").click()
    tab.get_by_role("button", name="Publish").click()

    expect(tab.get_by_text("created and published")).to_be_visible()
    practice = PracticePage.objects.get(title="Welcome desk for newcomers")
    assert practice.live
    assert [city.name for city in practice.cities.all()] == ["Hamburg"]
    # The explorer lists the new practice first.
    expect(tab.locator("table tbody tr").first).to_contain_text("Welcome desk for newcomers")


def test_a_city_abroad_is_refused_on_the_first_save(editor_tab, index_page, taxonomy):
    tab = editor_tab
    tab.goto(f"{tab.admin_url}/pages/add/icc_practices/practicepage/{index_page.pk}/")
    tab.get_by_role("textbox", name="Title").fill("Wrong city")
    tab.get_by_role("combobox", name="Country").select_option(label="France")
    cities_picker(tab).get_by_role("checkbox", name="Lyon").check()
    tab.get_by_role("combobox", name="Country").select_option(label="Germany")
    # The chosen city stays in view although its country is no longer chosen.
    expect(cities_picker(tab).get_by_role("checkbox", name="Lyon")).to_be_visible()
    tab.get_by_role("button", name="Save draft").click()
    expect(
        tab.get_by_text("These cities are in none of the practice's countries: Lyon.")
    ).to_be_visible()
    assert not PracticePage.objects.filter(title="Wrong city").exists()


def test_an_editor_searches_topics_and_cities(editor_tab, taxonomy):
    tab = editor_tab
    for model, query, found, absent in (
        ("topic", "Rom", "Roma", "Housing"),
        ("city", "Lyo", "Lyon", "Berlin"),
    ):
        tab.goto(f"{tab.admin_url}/snippets/icc_practices/{model}/")
        tab.get_by_role("textbox", name="Search term").fill(query)
        listing = tab.locator("table.listing")
        expect(listing).to_contain_text(found)
        expect(listing).not_to_contain_text(absent)


def test_an_editor_drags_a_topic_below_another_and_it_stays_there(editor_tab, taxonomy):
    tab = editor_tab
    tab.goto(f"{tab.admin_url}/snippets/icc_practices/topic/?ordering=sort_order")
    rows = tab.locator("table.listing tbody tr")
    expect(rows).to_have_count(5)
    handle = rows.filter(has_text="Education").locator("[data-w-orderable-target='handle']")
    target = rows.filter(has_text="Security, Justice and Safety")
    handle_box, box = handle.bounding_box(), target.bounding_box()
    x = handle_box["x"] + handle_box["width"] / 2
    tab.mouse.move(x, handle_box["y"] + handle_box["height"] / 2)
    tab.mouse.down()
    # Sortable follows the pointer row by row and animates each swap: move in small steps
    # with pauses, then rest on the lower part of the target row before dropping.
    end_y = box["y"] + box["height"] * 0.75
    for step in range(1, 31):
        tab.mouse.move(x, handle_box["y"] + (end_y - handle_box["y"]) * step / 30)
        tab.wait_for_timeout(30)
    tab.wait_for_timeout(400)
    tab.mouse.move(x, end_y + 1)
    tab.wait_for_timeout(400)
    tab.mouse.up()
    expected = ["Housing", "Roma", "Security, Justice and Safety", "Education", "Sport"]
    expect(tab.get_by_text("has been moved")).to_be_visible()
    tab.reload()
    expect(rows.first).to_contain_text("Housing")
    assert [row.split("\t")[1].strip() for row in rows.all_inner_texts()] == expected
    assert list(english_topics()) == expected


def test_a_topic_moves_with_the_keyboard(editor_tab, taxonomy):
    tab = editor_tab
    tab.goto(f"{tab.admin_url}/snippets/icc_practices/topic/?ordering=sort_order")
    handle = tab.locator("table.listing tbody tr").filter(has_text="Sport")
    handle = handle.locator("[data-w-orderable-target='handle']")
    handle.focus()
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("Enter")
    expect(tab.get_by_text("has been moved")).to_be_visible()
    assert list(english_topics()) == [
        "Education",
        "Housing",
        "Sport",
        "Roma",
        "Security, Justice and Safety",
    ]


def english_topics():
    return (
        Topic.objects.filter(locale__language_code="en")
        .order_by("sort_order")
        .values_list("name", flat=True)
    )


# Wagtail's own widgets, the same on every Wagtail site: Draftail's rich text editors (an
# aria-describedby placeholder without a name) and the tag field's jQuery input (no label).
# Reported to nobody from here; the package's own markup is audited in full.
WAGTAIL_OWN = {"exclude": [[".Draftail-Editor"], [".tagit"]]}


def admin_violations(tab) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    from tests.test_accessibility_audit import BLOCKING, TAGS

    options = {"runOnly": {"type": "tag", "values": TAGS}}
    results = Axe().run(tab, context=WAGTAIL_OWN, options=options)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(str(node["target"][0]) for node in violation["nodes"][:4])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_the_package_admin_screens_pass_axe(editor_tab, index_page, taxonomy, proposal):
    from tests.factories import PracticePageFactory

    tab = editor_tab
    practice = PracticePageFactory(parent=index_page, country=taxonomy["germany"])
    screens = {
        "new practice": f"/pages/add/icc_practices/practicepage/{index_page.pk}/",
        "practice editor": f"/pages/{practice.pk}/edit/",
        "good practices": "/icc_practices/practicepage/",
        "topics": "/snippets/icc_practices/topic/",
        "topics sort mode": "/snippets/icc_practices/topic/?ordering=sort_order",
        "cities": "/snippets/icc_practices/city/?q=Ly",
        "countries": "/snippets/icc_practices/country/",
        "proposal": f"/snippets/icc_practices/practicesubmission/edit/{proposal.pk}/",
        "proposal inspect": f"/snippets/icc_practices/practicesubmission/inspect/{proposal.pk}/",
        "proposal to draft": f"/snippets/icc_practices/practicesubmission/convert/{proposal.pk}/",
        "proposals": "/snippets/icc_practices/practicesubmission/",
    }
    found = {}
    for name, path in screens.items():
        tab.goto(tab.admin_url + path)
        found[name] = admin_violations(tab)
    assert found == {name: [] for name in screens}


@pytest.fixture
def proposal(index_page, taxonomy):
    from tests.test_submissions import proposal as proposal_fields

    fields = proposal_fields.__wrapped__(
        {"education": Topic.objects.get(name="Education"), "roma": Topic.objects.get(name="Roma")}
    )
    fields.update(country="FR", cities="Lyon, Vienne", keywords="schools, families")
    fields["purpose"] = "Bring families and schools together.\n\nSee https://example.org/a."
    Client().post(index_page.url + "propose/", fields)
    return PracticeSubmission.objects.get()


def test_a_proposal_becomes_a_published_practice(editor_tab, index_page, proposal):
    tab = editor_tab
    tab.goto(f"{tab.admin_url}/snippets/icc_practices/practicesubmission/")
    tab.get_by_role("link", name="Open schools").click()
    # The proposal's content is on the page where its status is changed.
    expect(tab.get_by_text("Bring families and schools together.")).to_be_visible()
    expect(tab.get_by_role("link", name="https://example.org/a")).to_be_visible()
    tab.get_by_role("link", name="Create draft practice").click()
    tab.get_by_role("button", name="Create draft practice").click()
    expect(tab.get_by_text("Cities not found in the taxonomy")).to_contain_text("Vienne")
    tab.get_by_role("button", name="More actions").click()
    tab.get_by_role("button", name="Publish").click()
    expect(tab.get_by_text("published")).to_be_visible()
    practice = PracticePage.objects.get()
    assert practice.live
    assert [city.name for city in practice.cities.all()] == ["Lyon"]
    assert sorted(tag.name for tag in practice.tags.all()) == ["families", "schools"]
    proposal.refresh_from_db()
    assert proposal.practice_id == practice.pk
