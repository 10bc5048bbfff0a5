"""Whole responses kept for anonymous visitors: served again without rendering, never to
anyone who might see something of their own, and never after a change they depend on."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from icc_practices.models import PracticePage
from icc_practices.search.cache import ALL_GENERATIONS, generation_tokens
from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(index_page):
    return PracticePageFactory(parent=index_page, title="Barcelona and municipalism")


def rendered(response) -> bool:
    """Whether the response was rendered for this request (not read back)."""
    return bool(response.templates)


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_repeat_is_served_without_rendering(client, site, index_page, practice):
    plain = site.root_page.add_child(instance=Page(title="About", slug="about"))
    queries_of(client, plain.url)
    first = client.get(index_page.url + "?year=2020")
    assert first.status_code == 200 and rendered(first)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(index_page.url + "?year=2020")
    assert not rendered(again)
    # Wagtail's routing as for a plain page, the row of the page's own type (any page
    # type but Page has it), and the one read of the generations.
    assert len(queries) <= queries_of(client, plain.url) + 2
    assert again.content == first.content
    assert again["X-Robots-Tag"] == "noindex, follow"  # headers are kept with the body
    assert "Cookie" in again["Vary"]


def test_a_practice_page_is_kept_per_back_link(client, index_page, practice):
    plain = client.get(practice.url)
    from_results = client.get(
        practice.url, HTTP_REFERER=f"http://testserver{index_page.url}?year=2020"
    )
    again = client.get(practice.url, HTTP_REFERER=f"http://testserver{index_page.url}?year=2020")
    assert not rendered(again)
    assert b"?year=2020" not in plain.content
    assert b"?year=2020" in from_results.content
    assert again.content == from_results.content
    assert "Referer" in again["Vary"]
    assert client.get(practice.url).content == plain.content


def test_a_publish_shows_at_once(client, index_page, practice):
    assert b"Barcelona and municipalism" in client.get(index_page.url).content
    PracticePageFactory(parent=index_page, title="Intercultural Lisbon")
    assert b"Intercultural Lisbon" in client.get(index_page.url).content


def test_a_restriction_is_honoured_on_the_next_request(client, practice):
    assert client.get(practice.url).status_code == 200
    PageViewRestriction.objects.create(
        page=practice, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = client.get(practice.url)
    assert response.status_code == 200
    assert b"Barcelona and municipalism" not in response.content  # the password form


@override_settings(ICC_PRACTICES_BASE_TEMPLATE="menu_base.html")
def test_any_page_published_renews_the_menu_around_the_practices(client, site, index_page):
    assert b"Contact" not in client.get(index_page.url).content
    contact = site.root_page.add_child(instance=Page(title="Contact", slug="contact"))
    contact.save_revision().publish()
    assert b"Contact" in client.get(index_page.url).content
    contact.unpublish()
    assert b"Contact" not in client.get(index_page.url).content


@override_settings(ICC_PRACTICES_BASE_TEMPLATE="menu_base.html")
def test_editors_never_get_nor_leave_a_kept_response(admin_client, index_page, practice):
    visitor = Client()
    assert b"wagtail-userbar" not in visitor.get(index_page.url).content
    editor = admin_client.get(index_page.url)
    assert rendered(editor)
    assert b"wagtail-userbar" in editor.content
    assert b"wagtail-userbar" not in visitor.get(index_page.url).content


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "consent"])
def test_a_visitor_with_a_cookie_of_their_own_gets_a_fresh_page(
    client, index_page, practice, cookie
):
    client.get(index_page.url)
    client.cookies[cookie] = "x"
    assert rendered(client.get(index_page.url))


def test_analytics_and_csrf_cookies_do_not_prevent_sharing(client, index_page, practice):
    client.get(index_page.url)
    client.cookies["csrftoken"] = "x" * 32
    client.cookies["_pk_id.1.1fff"] = "y"
    assert not rendered(client.get(index_page.url))


@override_settings(ICC_PRACTICES_BASE_TEMPLATE="csrf_base.html")
def test_a_page_with_a_form_token_is_never_kept(client, index_page, practice):
    first = client.get(index_page.url)
    assert "csrftoken" in first.cookies
    second = client.get(index_page.url)
    assert rendered(second)
    assert "csrftoken" in second.cookies  # with the cookie its form needs


@override_settings(ICC_PRACTICES_RESPONSE_CACHE=False)
def test_the_setting_turns_it_off(client, index_page, practice):
    client.get(index_page.url)
    assert rendered(client.get(index_page.url))


def test_head_requests_are_answered_from_the_same_entry(client, index_page, practice):
    client.head(index_page.url)
    body = client.get(index_page.url)
    assert not rendered(body)
    assert b"Barcelona and municipalism" in body.content


def test_sub_pages_are_not_kept(client, index_page):
    propose = index_page.url + "propose/"
    assert client.get(propose).status_code == 200
    again = client.get(propose)
    assert rendered(again)
    assert b"csrfmiddlewaretoken" in again.content


def test_migrate_starts_new_generations(db):
    before = generation_tokens(ALL_GENERATIONS)
    call_command("migrate", "icc_practices", verbosity=0)
    assert generation_tokens(ALL_GENERATIONS) != before


def response_entries() -> list[str]:
    return [key for key in caches["default"]._cache if ":response:" in key]


def test_a_publish_between_routing_and_rendering_is_not_kept_as_new(client, index_page):
    """Wagtail loads the page before the generations are read: the revision it routed to
    is part of the key, so the old page is never served under the new generations."""
    practice = PracticePageFactory(parent=index_page, title="Old title")
    published = []

    def publish_meanwhile(page, request, args, kwargs):
        if not published:
            published.append(True)
            other = PracticePage.objects.get(pk=practice.pk)
            other.title = "New title"
            other.save_revision().publish()

    with hooks.register_temporarily("before_serve_page", publish_meanwhile):
        assert b"Old title" in client.get(practice.url).content
    later = Client().get(practice.url)
    assert b"New title" in later.content


def test_addresses_with_other_parameters_are_not_kept(client, index_page, practice):
    for number in range(20):
        Client().get(f"{practice.url}?utm_source={number}")
        Client().get(f"{index_page.url}?fbclid={number}")
        Client().get(f"{index_page.url}?topic=unknown-{number}")
        Client(HTTP_HOST="TestServer").get(index_page.url)
    # Unknown topics are dropped and host names compared in lower case: all of those are
    # the unfiltered index, kept once. The others are rendered every time.
    assert len(response_entries()) == 1
    assert not rendered(client.get(index_page.url))
    assert rendered(client.get(f"{practice.url}?utm_source=x"))
    client.get(practice.url)
    assert len(response_entries()) == 2


def test_variants_of_one_filter_state_share_one_kept_page(client, index_page, practice):
    year_first = client.get(f"{index_page.url}?q=&year=2020&sort=")
    assert rendered(year_first)
    same_state = client.get(f"{index_page.url}?year=2020")
    assert not rendered(same_state)
    assert same_state.content == year_first.content


@override_settings(ICC_PRACTICES_BASE_TEMPLATE="csrf_base.html")
def test_pages_that_cannot_be_kept_still_keep_their_fragments(client, index_page, practice):
    """A host template with a CSRF form makes every page personal: the page is rendered
    each time, but the filter form and results come from their kept fragments."""
    first = Client().get(index_page.url + "?year=2020")
    assert "csrftoken" in first.cookies
    Client().get(index_page.url + "?year=2020")  # learns it cannot be kept: keeps fragments
    again = Client().get(index_page.url + "?year=2020")
    assert rendered(again)  # never kept whole
    templates = {template.name for template in again.templates}
    assert "icc_practices/includes/filter_form.html" not in templates
    assert "icc_practices/includes/practice_list.html" not in templates


@pytest.mark.django_db(transaction=True)
def test_migrating_the_package_to_zero_and_back_works():
    call_command("migrate", "icc_practices", "zero", verbosity=0)
    call_command("migrate", verbosity=0)  # every app: the test host app's page type too
    assert generation_tokens(ALL_GENERATIONS)


def test_a_revalidation_is_answered_304_without_rendering_or_reading(client, index_page, practice):
    first = client.get(index_page.url + "?year=2020")
    etag = first["ETag"]
    assert etag.startswith('"') and "no-cache" in first["Cache-Control"]
    assert "public" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(index_page.url + "?year=2020", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    assert not rendered(again)
    assert len(queries) <= queries_of(client, index_page.url + "?year=2020")
    # A publish starts new generations: the old copy is not current any more.
    PracticePageFactory(parent=index_page, title="Intercultural Lisbon")
    fresh = client.get(index_page.url + "?year=2020", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag


def test_kept_and_rendered_responses_carry_the_same_validator(client, practice):
    rendered_first = client.get(practice.url)
    kept = client.get(practice.url)
    assert rendered(rendered_first) and not rendered(kept)
    assert rendered_first["ETag"] == kept["ETag"]
    assert client.get(practice.url, HTTP_IF_NONE_MATCH=f"W/{kept['ETag']}").status_code == 304


@override_settings(ICC_PRACTICES_HTTP_SHARED_MAX_AGE=300)
def test_a_shared_cache_may_serve_pages_for_the_time_set(client, practice):
    cache_control = client.get(practice.url)["Cache-Control"]
    assert "s-maxage=300" in cache_control and "max-age=0" in cache_control
    assert "no-cache" not in cache_control


def test_personal_responses_carry_no_shared_validator(admin_client, practice):
    response = admin_client.get(practice.url)
    assert not response.has_header("ETag")
    assert "public" not in response.get("Cache-Control", "")
    assert admin_client.get(practice.url, HTTP_IF_NONE_MATCH='"x"').status_code == 200


def test_a_copy_older_than_the_kept_response_is_not_validated(client, index_page, practice):
    """A change the package cannot hear (the host's base template, a snippet) shows once
    the kept response expires: the old validator then gets the new page, not a 304."""
    etag = client.get(index_page.url)["ETag"]
    caches["default"].clear()  # the kept response expired; no generation changed
    again = client.get(index_page.url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200  # rendered again: same body here, so the same tag
    assert client.get(index_page.url, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
    # The body is part of the tag: a page that changed under the same key has another.
    from icc_practices.public.response_cache import _etag

    assert _etag("key", b"old footer") != _etag("key", b"new footer")


def test_a_304_varies_as_the_page_does(client, index_page, practice):
    referer = f"http://testserver{index_page.url}?year=2020"
    first = client.get(practice.url, HTTP_REFERER=referer)
    again = client.get(practice.url, HTTP_REFERER=referer, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "Referer" in again["Vary"] and "Cookie" in again["Vary"]


def test_practice_pages_vary_on_referer_and_keep_search_words_private(client, index_page, practice):
    plain = client.get(practice.url)
    assert "Referer" in plain["Vary"] and "public" in plain["Cache-Control"]
    from_results = client.get(practice.url, HTTP_REFERER=f"http://testserver{index_page.url}?q=x")
    assert "private" in from_results["Cache-Control"]
    assert "public" not in from_results["Cache-Control"]
    assert from_results.has_header("ETag")  # the visitor's own browser may revalidate
