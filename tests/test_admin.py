"""The editors' screens: taxonomy snippets and the "Good practices" listing."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from icc_practices.models import Topic
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db

LISTING = "/admin/icc_practices/practicepage/"


@pytest.fixture
def practices(index_page):
    education, roma = TopicFactory(name="Education"), TopicFactory(name="Roma")
    spain, italy = CountryFactory(code="ES"), CountryFactory(code="IT")
    return {
        "madrid": PracticePageFactory(
            parent=index_page,
            title="Madrid schools",
            country=spain,
            year=2019,
            topics=[education],
            cities=[CityFactory(name="Madrid", country=spain)],
        ),
        "turin": PracticePageFactory(
            parent=index_page, title="Turin camps", country=italy, year=2021, topics=[roma]
        ),
        "draft": PracticePageFactory(
            parent=index_page, title="Draft idea", country=italy, year=2021, live=False
        ),
    }


def listed_titles(response) -> set[str]:
    html = response.content.decode()
    return {title for title in ("Madrid schools", "Turin camps", "Draft idea") if title in html}


def test_listing_shows_every_practice_including_drafts(admin_client, practices):
    response = admin_client.get(LISTING)
    assert response.status_code == 200
    assert listed_titles(response) == {"Madrid schools", "Turin camps", "Draft idea"}


def test_rows_link_to_the_page_editor(admin_client, practices):
    html = admin_client.get(LISTING).content.decode()
    assert f"/admin/pages/{practices['madrid'].pk}/edit/" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2019", {"Madrid schools"}),
        ("status=draft", {"Draft idea"}),
        ("status=live", {"Madrid schools", "Turin camps"}),
        ("q=Turin", {"Turin camps"}),
    ],
)
def test_listing_filters_and_search(admin_client, practices, query, expected):
    assert listed_titles(admin_client.get(f"{LISTING}?{query}")) == expected


def test_listing_filters_by_topic_and_country(admin_client, practices):
    """The listing's filters take the public index's parameters and values."""
    roma = Topic.objects.get(name="Roma")
    assert listed_titles(admin_client.get(f"{LISTING}?topic={roma.slug}")) == {"Turin camps"}
    assert listed_titles(admin_client.get(f"{LISTING}?country=es")) == {"Madrid schools"}
    assert listed_titles(admin_client.get(f"{LISTING}?country=ES")) == {"Madrid schools"}
    madrid = practices["madrid"].cities.get()
    assert listed_titles(admin_client.get(f"{LISTING}?city={madrid.slug}")) == {"Madrid schools"}


def test_csv_export_has_one_row_per_practice_with_readable_values(admin_client, practices):
    response = admin_client.get(f"{LISTING}?export=csv&year=2019")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    assert rows[0]["Title"] == "Madrid schools"
    assert rows[0]["Country"] == "Spain"
    assert rows[0]["Cities"] == "Madrid"
    assert rows[0]["Topics"] == "Education"
    assert rows[0]["Status"] == "live"
    assert rows[0]["Language"] == "en"
    published = datetime.datetime.fromisoformat(rows[0]["First Published At (UTC)"])
    assert published.utcoffset() == datetime.timedelta(0)


def test_xlsx_export_opens_as_a_workbook(admin_client, practices):
    response = admin_client.get(f"{LISTING}?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == {"Madrid schools", "Turin camps", "Draft idea"}
    heading = rows[0].index("First Published At (UTC)")
    madrid = next(row for row in rows if row[0] == "Madrid schools")
    assert madrid[heading] == practices["madrid"].first_published_at.replace(
        tzinfo=None, microsecond=madrid[heading].microsecond
    )  # the same instant as in the CSV, in UTC


@pytest.mark.parametrize("count", [2, 25])
def test_listing_query_count_does_not_grow_with_rows(
    admin_client, index_page, count, django_assert_max_num_queries
):
    topics = [TopicFactory(), TopicFactory()]
    for _ in range(count):
        PracticePageFactory(parent=index_page, topics=topics)
    admin_client.get(LISTING)
    with django_assert_max_num_queries(30):
        admin_client.get(LISTING)


def test_listing_needs_permission(client, django_user_model, practices):
    user = django_user_model.objects.create_user("editor", password="pw")
    editors = Group.objects.create(name="No practices")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(editors)
    client.force_login(user)
    assert client.get(LISTING).status_code == 302  # Wagtail: back to the dashboard, with a message


@pytest.mark.parametrize("model", ["topic", "country", "city"])
def test_taxonomy_snippet_listings_render(admin_client, model):
    TopicFactory(name="Education")
    CityFactory(name="Turin", country=CountryFactory(code="IT"))
    response = admin_client.get(f"/admin/snippets/icc_practices/{model}/")
    assert response.status_code == 200


def test_city_listing_filters_by_country(admin_client):
    turin = CityFactory(name="Turin", country=CountryFactory(code="IT"))
    CityFactory(name="Lyon", country=CountryFactory(code="FR"))
    html = admin_client.get(
        f"/admin/snippets/icc_practices/city/?country={turin.country_id}"
    ).content.decode()
    assert "Turin" in html
    assert "Lyon" not in html


def test_topic_can_be_created_in_the_admin_with_a_derived_slug(admin_client):
    response = admin_client.post(
        "/admin/snippets/icc_practices/topic/add/",
        {"name": "Urban gardens", "slug": "", "description": "", "locale": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Topic.objects.get(name="Urban gardens").slug == "urban-gardens"


def test_practice_editor_offers_only_default_locale_taxonomy(admin_client, index_page):
    from wagtail.models import Locale

    TopicFactory(name="Education")
    TopicFactory(name="Éducation", locale=Locale.objects.create(language_code="fr"))
    html = admin_client.get(
        f"/admin/pages/add/icc_practices/practicepage/{index_page.pk}/"
    ).content.decode()
    assert "Education" in html
    assert "Éducation" not in html


def test_editor_sees_only_practices_under_their_permitted_section(
    client, django_user_model, site, practices
):
    from wagtail.models import GroupPagePermission

    from tests.factories import PracticeIndexPageFactory

    other_index = PracticeIndexPageFactory(parent=site.root_page, title="Other section")
    PracticePageFactory(parent=other_index, title="Other section practice")
    editors = Group.objects.create(name="Other section editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=editors,
        page=other_index,
        permission=Permission.objects.get(codename="change_page"),
    )
    user = django_user_model.objects.create_user("section-editor", password="pw")
    user.groups.add(editors)
    client.force_login(user)
    html = client.get(LISTING).content.decode()
    assert "Other section practice" in html
    assert "Madrid schools" not in html
    assert "Draft idea" not in html


def test_city_choices_are_grouped_by_country(admin_client, index_page):
    CityFactory(name="Turin", country=CountryFactory(code="IT"))
    CityFactory(name="Lyon", country=CountryFactory(code="FR"))
    html = admin_client.get(
        f"/admin/pages/add/icc_practices/practicepage/{index_page.pk}/"
    ).content.decode()
    france, italy = html.index("<legend>France</legend>"), html.index("<legend>Italy</legend>")
    assert france < html.index("Lyon", france) < italy < html.index("Turin", italy)


def test_country_choices_are_in_order_of_the_localised_name(
    admin_client, django_user_model, index_page
):
    from wagtail.users.models import UserProfile

    for code in ("AT", "AU", "CH", "DE"):
        CountryFactory(code=code)
    add_url = f"/admin/pages/add/icc_practices/practicepage/{index_page.pk}/"
    form = admin_client.get(add_url).context["form"]
    assert [label for _value, label in form.fields["country"].choices][1:] == [
        "Australia",
        "Austria",
        "Germany",
        "Switzerland",
    ]
    profile = UserProfile.get_for_user(django_user_model.objects.get(is_superuser=True))
    profile.preferred_language = "de"
    profile.save()
    form = admin_client.get(add_url).context["form"]  # ordered in the editor's language
    with translation.override("de"):  # the labels are read as the template reads them
        labels = [str(label) for _value, label in form.fields["country"].choices][1:]
    assert labels == ["Australien", "Deutschland", "Österreich", "Schweiz"]


def editor_form(**fields) -> dict:
    """A practice editor submission with empty inline and stream formsets."""
    inline = {
        f"{name}-{field}": value
        for name in ("links", "pinned_related", "excluded_related")
        for field, value in (
            ("TOTAL_FORMS", "0"),
            ("INITIAL_FORMS", "0"),
            ("MIN_NUM_FORMS", "0"),
            ("MAX_NUM_FORMS", "1000"),
        )
    }
    return {"body-count": "0", **inline, "action-publish": "publish", **fields}


def test_practice_can_be_created_through_the_editor(admin_client, index_page):
    from icc_practices.models import PracticePage

    madrid = CityFactory(name="Madrid", country=CountryFactory(code="ES"))
    topic = TopicFactory(name="Education")
    response = admin_client.post(
        f"/admin/pages/add/icc_practices/practicepage/{index_page.pk}/",
        editor_form(
            title="Madrid welcome desk",
            slug="madrid-welcome-desk",
            summary="A desk for newcomers.",
            country=madrid.country_id,
            cities=[madrid.pk],
            year="2022",
            topics=[topic.pk],
            tags="newcomers",
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    practice = PracticePage.objects.get(slug="madrid-welcome-desk")
    assert practice.live
    assert list(practice.topics.all()) == [topic]
    assert list(practice.cities.all()) == [madrid]


def test_editor_rejects_a_practice_without_topics(admin_client, index_page):
    country = CountryFactory(code="ES")
    response = admin_client.post(
        f"/admin/pages/add/icc_practices/practicepage/{index_page.pk}/",
        editor_form(
            title="No topics", slug="no-topics", summary="Missing.", country=country.pk, year="2022"
        ),
    )
    assert response.status_code == 200
    assert "topics" in response.context["form"].errors


@pytest.fixture
def germany_and_lyon(index_page):
    return {
        "germany": CountryFactory(code="DE"),
        "lyon": CityFactory(name="Lyon", country=CountryFactory(code="FR")),
        "topic": TopicFactory(name="Education"),
    }


def lyon_in_germany(taxonomy: dict) -> dict:
    """A complete new practice whose only fault is a city outside its country."""
    return editor_form(
        title="Wrong city",
        slug="wrong-city",
        summary="A city outside the country.",
        country=taxonomy["germany"].pk,
        cities=[taxonomy["lyon"].pk],
        year="2022",
        topics=[taxonomy["topic"].pk],
    )


@pytest.mark.parametrize("action", ["publish", "draft"])
def test_a_new_practice_with_a_city_abroad_is_refused_on_the_first_save(
    admin_client, index_page, germany_and_lyon, action
):
    from icc_practices.models import PracticePage

    fields = lyon_in_germany(germany_and_lyon)
    if action == "draft":
        del fields["action-publish"]
    response = admin_client.post(
        f"/admin/pages/add/icc_practices/practicepage/{index_page.pk}/", fields
    )
    assert response.status_code == 200
    assert response.context["form"].errors["cities"] == [
        "These cities are in none of the practice's countries: Lyon. Add their country to "
        "the further countries, or list them as partner cities."
    ]
    assert not PracticePage.objects.filter(slug="wrong-city").exists()


def test_autosave_of_a_new_practice_refuses_a_city_abroad(
    admin_client, index_page, germany_and_lyon
):
    from icc_practices.models import PracticePage

    fields = lyon_in_germany(germany_and_lyon)
    del fields["action-publish"]
    response = admin_client.post(
        f"/admin/pages/add/icc_practices/practicepage/{index_page.pk}/",
        fields,
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert not PracticePage.objects.filter(slug="wrong-city").exists()


def test_every_error_of_a_save_is_reported_at_once(admin_client, index_page, germany_and_lyon):
    response = admin_client.post(
        f"/admin/pages/add/icc_practices/practicepage/{index_page.pk}/",
        editor_form(
            title="Incomplete",
            slug="incomplete",
            summary="",
            country=germany_and_lyon["germany"].pk,
            cities=[germany_and_lyon["lyon"].pk],
            year="3000",
        ),
    )
    errors = response.context["form"].errors
    assert {"summary", "year", "topics", "cities"} <= set(errors)


def test_an_existing_practice_can_move_to_another_country_with_its_new_cities(
    admin_client, index_page, germany_and_lyon
):
    """The rule reads the cities being saved, not those stored before."""
    from icc_practices.models import PracticePage

    berlin = CityFactory(name="Berlin", country=germany_and_lyon["germany"])
    practice = PracticePageFactory(
        parent=index_page,
        slug="moving",
        country=germany_and_lyon["germany"],
        cities=[berlin],
        topics=[germany_and_lyon["topic"]],
    )
    response = admin_client.post(
        f"/admin/pages/{practice.pk}/edit/",
        editor_form(
            title=practice.title,
            slug="moving",
            summary=practice.summary,
            country=germany_and_lyon["lyon"].country_id,
            cities=[germany_and_lyon["lyon"].pk],
            year="2022",
            topics=[germany_and_lyon["topic"].pk],
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert list(PracticePage.objects.get(pk=practice.pk).cities.all()) == [germany_and_lyon["lyon"]]


def test_the_classification_is_on_the_editor_s_first_tab(admin_client, index_page):
    from icc_practices.models import PracticePage

    first_tab = PracticePage.get_edit_handler().children[0]
    names = set(first_tab.get_form_options()["fields"])
    assert {"title", "summary", "country", "cities", "year", "topics"} <= names


def test_listing_names_its_filters_for_people_and_counts_each_option(admin_client, practices):
    html = admin_client.get(LISTING).content.decode()
    assert "By live" not in html
    assert "By locale" not in html
    assert "By publication status" in html
    assert "By language" in html
    assert "Education (1)" in html
    assert "2021 (2)" in html
    assert "draft (1)" in html
    assert "<h1" in html and "Good practices" in html[html.index("<h1") :][:300]


def test_a_private_practice_says_so_in_the_listing(admin_client, practices):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=practices["turin"], restriction_type="password", password="secret"
    )
    html = admin_client.get(LISTING).content.decode()
    assert "live, private" in html
    assert listed_titles(admin_client.get(f"{LISTING}?status=private")) == {"Turin camps"}


def test_a_restriction_on_the_index_makes_its_practices_private(
    admin_client, practices, index_page
):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=index_page, restriction_type="login")
    assert listed_titles(admin_client.get(f"{LISTING}?status=private")) == {
        "Madrid schools",
        "Turin camps",
        "Draft idea",
    }


def test_listing_shows_one_language_and_names_the_translations(admin_client, practices):
    from wagtail.models import Locale

    french = Locale.objects.create(language_code="fr")
    practices["madrid"].copy_for_translation(french, copy_parents=True)
    html = admin_client.get(LISTING).content.decode()
    assert html.count("Madrid schools") == 1  # the English row only
    madrid_row = html[html.index("Madrid schools") :]
    assert "French" in madrid_row[: madrid_row.index("</tr>")]
    everything = admin_client.get(f"{LISTING}?language=all").content.decode()
    assert everything.count("Madrid schools") == 2
    assert listed_titles(admin_client.get(f"{LISTING}?language=fr")) == {"Madrid schools"}


def test_after_publishing_the_new_practice_is_first_in_the_explorer(admin_client, index_page):
    for number in range(30):
        PracticePageFactory(parent=index_page, title=f"Older practice {number}")
    newest = PracticePageFactory(parent=index_page, title="Just published")
    newest.save_revision().publish()
    html = admin_client.get(f"/admin/pages/{index_page.pk}/").content.decode()
    assert "Just published" in html  # on the first page of the listing
    assert html.index("Just published") < html.index("Older practice")


@pytest.mark.parametrize(
    "query",
    [
        "topic=²",
        "country=²",
        "year=²",
        "topic=9223372036854775808",
        "country=99999999999999999999999",
        "year=-1",
        "status=%27%3B--",
        "language=%00",
        "language=zz",
    ],
)
@pytest.mark.parametrize("export", ["", "&export=csv", "&export=xlsx"])
def test_listing_ignores_values_that_are_not_options(admin_client, practices, query, export):
    response = admin_client.get(f"{LISTING}?{query}{export}")
    assert response.status_code == 200
    if not export:
        assert listed_titles(response) == {"Madrid schools", "Turin camps", "Draft idea"}


def test_counts_follow_the_other_filters_but_not_their_own(admin_client, practices):
    html = admin_client.get(f"{LISTING}?country=es").content.decode()
    assert "2021 (0)" in html  # no Spanish practice of 2021
    assert "2019 (1)" in html
    assert "Italy (2)" in html  # the country filter's own options ignore it
    assert "Education (1)" in html


def test_an_unknown_language_shows_the_default_language_with_its_counts(admin_client, practices):
    html = admin_client.get(f"{LISTING}?language=zz").content.decode()
    assert "Education (1)" in html


def test_a_country_changed_in_code_is_checked_against_the_stored_cities(
    index_page, germany_and_lyon
):
    from django.core.exceptions import ValidationError

    from icc_practices.models import PracticePage

    practice = PracticePageFactory(
        parent=index_page,
        country=germany_and_lyon["lyon"].country,
        cities=[germany_and_lyon["lyon"]],
    )
    practice = PracticePage.objects.get(pk=practice.pk)
    practice.country = germany_and_lyon["germany"]
    with pytest.raises(ValidationError):
        practice.save()
