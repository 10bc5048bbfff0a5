"""Hostile or malformed input never makes a page, an API or an export answer 500, and
exported spreadsheets never turn practice text into formulas."""

import csv
import html
import io
import re
from urllib.parse import quote_from_bytes

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db

API_V2 = "/api/v2/practices/"
API_V3 = "/api/v3/practices/"
LISTING = "/admin/icc_practices/practicepage/"
BACK_LINK = re.compile(r'href="([^"]*)" data-icc-back')


@pytest.fixture
def practice(index_page):
    spain = CountryFactory(code="ES")
    education = TopicFactory(name="Education", slug="education")
    barcelona = CityFactory(name="Barcelona", slug="barcelona", country=spain)
    return PracticePageFactory(
        parent=index_page,
        title="Schools together",
        country=spain,
        topics=[education],
        cities=[barcelona],
    )


def back_link(response) -> str:
    match = BACK_LINK.search(response.content.decode())
    assert match, "no back link on the practice page"
    return html.unescape(match.group(1))


# 1. The Referer that the back link is read from.

REFERER_ON_THIS_SITE = st.builds(
    "{}{}".format,
    st.sampled_from(["http://testserver/practices/?", "/practices/?", "//testserver/practices?"]),
    st.text(),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(referer=st.one_of(st.text(), REFERER_ON_THIS_SITE))
@example(referer="http://[::1")
@example(referer="http://[invalid")
@example(referer="http://[invalid]/practices/?topic=education")
@example(referer="http://testserver:99999999999/practices/?topic=education")
@example(referer="http://ex\uff03ample/practices/")  # NFKC turns the ＃ into #: ValueError
@example(referer="http://testserver/pr\u00e4ctices/?q=\u00fcber&topic=education")
@example(referer="http://testserver/practices/?q=" + "x" * 20_000)
@example(referer="http://testserver/practices/?" + "&".join(["topic=education"] * 1500))
@example(referer="http://testserver/practices/?topic=%ff&q=%00%c3")
@example(referer="javascript:alert(document.cookie)//testserver/practices/")
@example(referer="javascript:/practices/?topic=education")
@example(referer="//evil.example/practices/?topic=education")
@example(referer="http://testserver@evil.example/practices/?topic=education")
def test_any_referer_gives_the_practice_page_with_a_back_link_to_the_index(
    client, practice, referer
):
    index_url = practice.get_parent().url
    response = client.get(practice.url, HTTP_REFERER=referer)
    assert response.status_code == 200
    link = back_link(response)
    assert link == index_url or link.startswith(index_url + "?")


@pytest.mark.parametrize(
    "referer",
    [
        "http://[::1",
        "http://[invalid",
        "http://[invalid]/practices/?topic=education",
        "http://ex\uff03ample/practices/?topic=education",
    ],
)
def test_a_malformed_referer_is_ignored(client, practice, referer):
    response = client.get(practice.url, HTTP_REFERER=referer)
    assert response.status_code == 200
    assert back_link(response) == practice.get_parent().url
    assert "Referer" in response["Vary"]  # as every practice page: the link depends on it


@pytest.mark.parametrize(
    "referer",
    [
        "javascript:/practices/?topic=education",
        "//evil.example/practices/?topic=education",
        "ftp://testserver/practices/?topic=education",
    ],
)
def test_a_referer_that_no_browser_sends_from_the_index_is_ignored(client, practice, referer):
    response = client.get(practice.url, HTTP_REFERER=referer)
    assert back_link(response) == practice.get_parent().url


def test_a_referer_with_too_many_parameters_is_ignored(client, practice):
    referer = "http://testserver/practices/?" + "&".join(["topic=education"] * 1500)
    response = client.get(practice.url, HTTP_REFERER=referer)
    assert response.status_code == 200
    assert back_link(response) == practice.get_parent().url


# 2. Practice ids beyond what the database stores.

BAD_IDS = [2**63, 2**64, 10**30, -1, 0, 2**31, -(2**63), "9" * 5000, "0" * 20 + "1"]


@pytest.mark.parametrize("api", [API_V2, API_V3])
@pytest.mark.parametrize("practice_id", BAD_IDS, ids=[str(i)[:31] for i in BAD_IDS])
def test_out_of_range_practice_ids_are_a_json_client_error(client, practice, api, practice_id):
    response = client.get(f"{api}{practice_id}/")
    if api == API_V2:
        assert response.status_code == 404
        assert response.json()["message"]
    else:
        # A well-formed id that names no practice is not found; one outside 1..2**31-1 is
        # refused by the schema before any query.
        digits = str(practice_id)
        in_range = digits.isdigit() and len(digits) < 30 and 1 <= int(digits) < 2**31
        assert response.status_code == (404 if in_range else 422)
        assert response.json()["detail"]


def test_the_v2_detail_still_finds_a_practice(client, practice):
    assert client.get(f"{API_V2}{practice.pk}/").json()["title"] == "Schools together"


# 3. Formula injection in the admin's spreadsheet exports.

FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


@pytest.fixture
def hostile_practices(index_page):
    for title in FORMULAS:
        PracticePageFactory(parent=index_page, title=title, lead_organisation="\tTab & co")
    PracticePageFactory(parent=index_page, title="Plain title", lead_organisation="\rCR")


def test_csv_export_neutralises_formulas(admin_client, hostile_practices):
    response = admin_client.get(f"{LISTING}?export=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    titles = {row["Title"] for row in rows}
    assert titles == {"'" + formula for formula in FORMULAS} | {"Plain title"}
    assert {row["Lead Organisation"] for row in rows} == {"'\tTab & co", "'\rCR"}
    assert {row["Cities"] for row in rows} == {"-"}  # the empty-value mark is left alone
    assert {row["Year"] for row in rows} == {"2020"}


def test_xlsx_export_keeps_the_text_as_a_string(admin_client, hostile_practices):
    response = admin_client.get(f"{LISTING}?export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = {row[0].value: row[0] for row in sheet.iter_rows(min_row=2)}
    assert set(cells) == {*FORMULAS, "Plain title"}
    for cell in cells.values():
        assert cell.data_type == "s"


# 4. Odd parameters on the index and the APIs.

ODD_QUERIES = [
    "page=99999999999999999999",
    "page=-1",
    "page=" + "9" * 5000,
    "page_size=99999999999999999999",
    "page_size=-5",
    "offset=99999999999999999999",
    "limit=99999999999999999999",
    "index=99999999999999999999",
    "index=-1",
    "q=%00",
    "q=a%00b",
    "q=%ff%fe",
    "q=" + "%F0%9D%94%B8" * 1000,
    "q=" + "x" * 999 + "%00",
    "q=a&q=b&q=%00",
    "topic=%ff",
    "topic=%00",
    "topic=education&topic=education&topic=%ff",
    "country=%ff",
    "year=%ff&year=99999999999999999999",
    "city=%c3",
    "sort=%ff",
    "sort=title&sort=oldest",
    "locale=%ff",
    "locale=en&locale=fr",
    "%ff=1",
    "%00=%00",
    "page=1&page=2&page=%ff",
    "page_size=1&page_size=2",
    "format=%ff",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
@pytest.mark.parametrize("endpoint", ["index", API_V3, API_V3 + "facets/", API_V2])
def test_odd_parameters_never_answer_500(client, practice, endpoint, query):
    url = practice.get_parent().url if endpoint == "index" else endpoint
    response = client.get(f"{url}?{query}")
    assert response.status_code < 500
    if endpoint == "index":
        assert response.status_code == 200
    else:
        assert response.json()


PARAMETER_NAMES = [
    "topic", "country", "year", "city", "q", "sort", "page", "page_size", "locale", "index",
    "offset", "limit", "format", "version",
]  # fmt: skip
RAW_VALUES = st.one_of(
    st.binary(max_size=40),
    st.text(max_size=40).map(str.encode),
    st.sampled_from([b"education", b"es", b"2020", b"-1", b"0", b"1" * 30, b"\x00", b"\xff"]),
)
QUERY_STRINGS = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETER_NAMES).map(str.encode), RAW_VALUES), RAW_VALUES),
    max_size=6,
).map(lambda pairs: "&".join(f"{quote_from_bytes(k)}={quote_from_bytes(v)}" for k, v in pairs))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERY_STRINGS)
def test_arbitrary_query_strings_never_answer_500(client, practice, query):
    for url in (practice.get_parent().url, API_V3, API_V3 + "facets/", API_V2):
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, url
