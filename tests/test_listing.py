"""The listing: what visitors may see, in what order, at a fixed query cost."""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from icc_practices.search.cache import generation_scope
from icc_practices.search.listing import latest_practices, listed_practices
from icc_practices.search.privacy import visible_practices
from icc_practices.search.query import search_practices
from tests.factories import (
    CityFactory,
    PracticeIndexPageFactory,
    PracticePageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def titles(practices) -> list[str]:
    return [practice.title for practice in practices]


def list_practices(index_page, page=None):
    return search_practices(index_page, {"page": [page]} if page else {}, per_page=5)


def test_newest_year_comes_first_then_latest_publication(index_page):
    day = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    PracticePageFactory(parent=index_page, title="old", year=2016, first_published_at=day)
    PracticePageFactory(parent=index_page, title="new-early", year=2023, first_published_at=day)
    PracticePageFactory(
        parent=index_page,
        title="new-late",
        year=2023,
        first_published_at=day + datetime.timedelta(days=30),
    )
    assert titles(list_practices(index_page, 1).practices) == ["new-late", "new-early", "old"]


def test_drafts_and_unpublished_practices_are_not_listed(index_page):
    PracticePageFactory(parent=index_page, title="draft", live=False)
    withdrawn = PracticePageFactory(parent=index_page, title="withdrawn")
    withdrawn.unpublish()
    PracticePageFactory(parent=index_page, title="public")
    assert titles(list_practices(index_page, 1).practices) == ["public"]


@pytest.mark.parametrize("restriction_type", ["password", "login", "groups"])
def test_view_restricted_practices_are_not_listed(index_page, restriction_type):
    hidden = PracticePageFactory(parent=index_page, title="hidden")
    restriction = PageViewRestriction.objects.create(
        page=hidden, restriction_type=restriction_type, password="secret"
    )
    if restriction_type == "groups":
        restriction.groups.add(Group.objects.create(name="Staff"))
    PracticePageFactory(parent=index_page, title="public")
    assert titles(list_practices(index_page, 1).practices) == ["public"]


@pytest.mark.parametrize("hidden_by", ["draft", "unpublished", "restriction"])
def test_rows_are_read_only_for_visible_practices_whatever_ids_are_asked(index_page, hidden_by):
    """The ids come from the query layer; a stale or damaged list (a snapshot row) must
    still never show a draft, an unpublished or a restricted practice."""
    hidden = PracticePageFactory(parent=index_page, title="hidden", live=hidden_by != "draft")
    if hidden_by == "unpublished":
        hidden.unpublish()
    if hidden_by == "restriction":
        PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    shown = PracticePageFactory(parent=index_page, title="public")
    with generation_scope():
        assert titles(listed_practices([hidden.pk, shown.pk])) == ["public"]


def test_a_restriction_on_the_index_hides_its_practices_from_teasers(site, index_page):
    PracticePageFactory(parent=index_page, title="under restricted index")
    PageViewRestriction.objects.create(page=index_page, restriction_type="login")
    assert latest_practices(site, 5) == []


def test_only_children_of_the_index_are_listed(site, index_page):
    other_index = PracticeIndexPageFactory(parent=site.root_page)
    PracticePageFactory(parent=other_index, title="other index")
    PracticePageFactory(parent=index_page, title="mine")
    assert titles(list_practices(index_page, 1).practices) == ["mine"]


@pytest.mark.parametrize(
    ("requested", "shown"), [(None, 1), ("2", 2), ("99", 3), ("abc", 1), ("-1", 1), ("0", 1)]
)
def test_any_page_number_gives_a_page(index_page, requested, shown):
    for number in range(12):
        PracticePageFactory(parent=index_page, title=f"p{number}")
    listing = list_practices(index_page, requested)
    assert listing.page.number == shown
    assert listing.state.page == shown
    assert listing.paginator.num_pages == 3


def test_results_per_page_comes_from_the_index(index_page):
    for number in range(7):
        PracticePageFactory(parent=index_page, title=f"p{number}")
    assert len(list_practices(index_page, 1).practices) == 5


def test_latest_practices_are_limited_to_the_site(site, index_page):
    from wagtail.models import Page, Site

    other_root = Page.get_first_root_node().add_child(title="Other", slug="other-site")
    other_site = Site.objects.create(hostname="other.example", root_page=other_root)
    PracticePageFactory(parent=PracticeIndexPageFactory(parent=other_root), title="elsewhere")
    PracticePageFactory(parent=index_page, title="here")
    assert titles(latest_practices(site, 5)) == ["here"]
    assert titles(latest_practices(other_site, 5)) == ["elsewhere"]


def test_latest_practices_respects_the_limit(site, index_page):
    for number in range(4):
        PracticePageFactory(parent=index_page, title=f"p{number}")
    assert len(latest_practices(site, 2)) == 2
    assert latest_practices(site, -3) == []


def _fill(index_page, count):
    topics = [TopicFactory(slug=f"fill-topic-{n}") for n in range(3)]
    cities = [CityFactory() for _ in range(3)]
    for number in range(count):
        practice = PracticePageFactory(parent=index_page, topics=topics, cities=cities)
        practice.tags.add(f"tag{number}")
        practice.save()


def _read_everything(results) -> None:
    for practice in results.practices:
        list(practice.topics.all()), list(practice.cities.all()), practice.country.name
    for facet in results.facets.values():
        [option.label for option in facet.options]


FILTERED = {"topic": ["fill-topic-0"], "year": ["2020"], "q": ["summary"], "sort": ["title"]}


@pytest.mark.parametrize("count", [3, 40])
@pytest.mark.parametrize(
    ("params", "cold"), [({}, 15), (FILTERED, 18)], ids=["unfiltered", "filtered"]
)
def test_query_count_does_not_grow_with_practices(
    index_page, count, params, cold, django_assert_max_num_queries
):
    """Cold (nothing kept for this generation): generations (1), taxonomy (1),
    restrictions (1), the index's translations (1), search (1-2), the facet index snapshot
    looked up (1, 3 with the savepoint a test's transaction adds), the facet index built
    (4: practices, topics,
    countries lead and further, cities; its snapshot is stored after the commit, in a
    transaction of its own), the title order when sorted by title (1), rows (4: with
    further countries). Warm: the generations, and the rows when iterated (the HTML index
    reads cached cards instead, below)."""
    _fill(index_page, count)
    with django_assert_max_num_queries(cold), generation_scope():
        _read_everything(search_practices(index_page, params, per_page=25))
    with django_assert_max_num_queries(5), generation_scope():
        _read_everything(search_practices(index_page, params, per_page=25))


@pytest.mark.parametrize("count", [3, 40])
def test_a_filter_state_nobody_asked_for_is_counted_without_the_database(
    index_page, count, django_assert_max_num_queries
):
    """Once the facet index of a generation is built, a new filter state costs the
    generations (1) and the page of rows (4): no aggregate, whatever the collection."""
    _fill(index_page, count)
    with generation_scope():
        search_practices(index_page, {}, per_page=25)
    for params in ({"topic": ["fill-topic-1"]}, {"year": ["2020"], "topic": ["fill-topic-2"]}):
        with django_assert_max_num_queries(5), generation_scope():
            _read_everything(search_practices(index_page, params, per_page=25))


@pytest.mark.parametrize("count", [3, 30])
def test_index_page_query_count_does_not_grow_with_practices(
    client, index_page, count, django_assert_max_num_queries
):
    index_page.results_per_page = 25
    index_page.save()
    _fill(index_page, count)
    client.get(index_page.url)  # fills Wagtail's site-root cache and ours
    # Wagtail's routing, specific page and restriction check (6); ours: the generations.
    with django_assert_max_num_queries(7):
        assert client.get(index_page.url).status_code == 200


def test_visible_practices_is_the_single_source_for_privacy(index_page):
    PracticePageFactory(parent=index_page, live=False)
    assert visible_practices().count() == 0


@pytest.mark.parametrize("count", [3, 30])
def test_a_new_filter_state_on_a_warm_index_page_reads_no_rows(
    client, index_page, count, django_assert_max_num_queries
):
    """Once the cards are in the process's memory, a filter state nobody asked for
    before costs Wagtail's routing (6) and the generations (1): no count, no row."""
    index_page.results_per_page = 25
    index_page.save()
    _fill(index_page, count)
    client.get(index_page.url)  # renders every card (25 a page)
    with django_assert_max_num_queries(7) as captured:
        assert client.get(f"{index_page.url}?topic=fill-topic-1").status_code == 200
    assert not [q for q in captured.captured_queries if "icc_practices_practicepage" in q["sql"]]
