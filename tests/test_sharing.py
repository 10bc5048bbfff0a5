"""Share and cite links, OpenGraph and Twitter meta, and schema.org JSON-LD (issue 17)."""

import json
import re
from html.parser import HTMLParser

import pytest
from wagtail.models import PageViewRestriction

from icc_practices.public.citation import bibtex_text
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of JSON-LD scripts."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_json_ld = tag == "script" and attributes.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


@pytest.fixture
def practice(index_page):
    spain = CountryFactory(code="ES")
    education = TopicFactory(name="Education", slug="education")
    barcelona = CityFactory(
        name="Barcelona", slug="barcelona", country=spain, latitude=41.3874, longitude=2.1686
    )
    page = PracticePageFactory(
        parent=index_page,
        title='Schools </script><script>alert(1)</script> & "friends"',
        slug="schools",
        country=spain,
        year=2018,
        topics=[education],
        cities=[barcelona],
        lead_organisation="Barcelona City Council",
        summary="Children learn together.",
    )
    page.save()
    return page


def test_share_links_are_plain_links_with_no_script_or_external_resource(client, practice):
    html = client.get("/practices/schools/").content.decode()
    tags = parse(html)
    share = html[
        html.index('class="icc-share"') : html.index("</section>", html.index('class="icc-share"'))
    ]
    links = [attributes["href"] for tag, attributes in parse(share).tags if tag == "a"]
    assert links[0] == "http://localhost/practices/schools/"  # "Link to this page"
    assert links[1].startswith("mailto:?subject=Schools%20%3C%2Fscript%3E")
    assert "body=http%3A%2F%2Flocalhost%2Fpractices%2Fschools%2F" in links[1]
    assert links[2].startswith("https://bsky.app/intent/compose?text=")
    assert links[3] == (
        "https://www.linkedin.com/sharing/share-offsite/?url=http%3A%2F%2Flocalhost%2Fpractices%2Fschools%2F"
    )
    # Nothing on the page loads from another host: no script, image, frame or stylesheet.
    for tag, attributes in tags.tags:
        source = attributes.get("src") or (attributes.get("href") if tag == "link" else None)
        if source and tag in ("script", "img", "iframe", "link"):
            assert not re.match(r"(https?:)?//", source) or source.startswith(
                "http://localhost/"
            ), source


def test_share_networks_are_configurable(client, practice, settings):
    settings.ICC_PRACTICES_SHARE_NETWORKS = [
        "x",
        ("Mastodon", "https://toot.example/share?text={title}%20{url}"),
    ]
    html = client.get("/practices/schools/").content.decode()
    assert 'href="https://x.com/intent/post?text=Schools' in html
    assert 'href="https://toot.example/share?text=Schools' in html
    assert "linkedin" not in html


def test_an_unknown_share_network_is_named_by_a_check(settings):
    from icc_practices.checks import check_share_networks

    settings.ICC_PRACTICES_SHARE_NETWORKS = ["email", "myspace"]
    assert [warning.id for warning in check_share_networks()] == ["icc_practices.W005"]


def test_opengraph_and_twitter_meta(client, practice):
    tags = parse(client.get("/practices/schools/").content.decode())
    meta = {
        a.get("property") or a.get("name"): a["content"]
        for t, a in tags.tags
        if t == "meta" and "content" in a
    }
    assert meta["og:type"] == "article"
    assert meta["og:title"] == practice.title
    assert meta["og:url"] == "http://localhost/practices/schools/"
    assert meta["og:description"] == "Children learn together."
    assert meta["article:tag"] == "Education"
    assert meta["twitter:card"] == "summary"
    index_tags = parse(client.get("/practices/").content.decode())
    index_meta = {
        a.get("property"): a["content"]
        for t, a in index_tags.tags
        if t == "meta" and a.get("property")
    }
    assert index_meta["og:type"] == "website"


def test_json_ld_parses_as_a_schema_org_article(client, practice):
    tags = parse(client.get("/practices/schools/").content.decode())
    assert len(tags.json_ld) == 1
    data = json.loads(tags.json_ld[0])  # a title with </script> did not end the element
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["name"] == practice.title
    assert data["description"] == "Children learn together."
    assert data["inLanguage"] == "en"
    assert data["datePublished"].startswith(str(practice.first_published_at.date()))
    assert data["about"] == [{"@type": "DefinedTerm", "name": "Education", "termCode": "education"}]
    place = data["spatialCoverage"][0]
    assert place["@type"] == "Place" and place["name"] == "Barcelona"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 41.3874, "longitude": 2.1686}
    assert data["isPartOf"] == {
        "@type": "CollectionPage", "name": "Good practices", "url": "http://localhost/practices/"
    }  # fmt: skip
    assert data["author"] == {"@type": "Organization", "name": "Barcelona City Council"}
    index = json.loads(parse(client.get("/practices/").content.decode()).json_ld[0])
    assert index["@type"] == "CollectionPage"


def test_cite_this_practice_in_text_bibtex_and_csl_json(client, practice):
    html = client.get("/practices/schools/").content.decode()
    assert "<summary>Cite this practice</summary>" in html
    year = practice.first_published_at.year
    assert f"Barcelona City Council ({year}). Schools &lt;/script&gt;" in html
    bibtex = client.get("/practices/schools/cite/bibtex/")
    assert bibtex["Content-Type"].startswith("application/x-bibtex")
    text = bibtex.content.decode()
    assert text.startswith(f"@misc{{schools-{practice.pk},")
    assert "author = {{Barcelona City Council}}" in text
    assert r"\& \"friends\"" not in text and r"\&" in text
    assert "url = {http://localhost/practices/schools/}" in text
    csl = json.loads(client.get("/practices/schools/cite/csl-json/").content)
    assert csl[0]["type"] == "webpage"
    assert csl[0]["title"] == practice.title
    assert csl[0]["issued"]["date-parts"][0][0] == year
    assert client.get("/practices/schools/cite/ris/").status_code == 404


def test_bibtex_escapes_what_latex_would_run():
    """And keeps braces balanced: BibTeX counts an escaped brace as a brace."""
    assert bibtex_text("50% & $5 #1 a_b {x} ~^\\") == (
        r"50\% \& \$5 \#1 a\_b \textbraceleft{}x\textbraceright{} "
        r"\textasciitilde{}\textasciicircum{}\textbackslash{}"
    )


def test_drafts_and_restricted_practices_give_no_citation(client, practice):
    PageViewRestriction.objects.create(
        page=practice, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = client.get("/practices/schools/cite/csl-json/")
    assert response.status_code == 200 and b"password" in response.content.lower()
    assert b"Barcelona City Council" not in response.content
    practice.unpublish()
    assert client.get("/practices/schools/cite/bibtex/").status_code == 404


def test_a_restricted_or_unpublished_practice_shows_no_structured_data(client, practice):
    PageViewRestriction.objects.create(
        page=practice, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    html = client.get("/practices/schools/").content.decode()
    assert "application/ld+json" not in html and "Children learn together." not in html
    practice.unpublish()
    assert client.get("/practices/schools/").status_code == 404


def test_a_french_practice_says_so_in_its_structured_data_and_meta(client, practice, french):
    from tests.test_multilingual import translate

    education = practice.topics.get()
    translate(education, french, name="Éducation")
    translate(practice.get_parent(), french, title="Bonnes pratiques")
    translate(practice, french, title="Écoles ensemble", summary="Les enfants apprennent.")
    tags = parse(client.get("/fr/practices/schools/").content.decode())
    data = json.loads(tags.json_ld[0])
    assert data["inLanguage"] == "fr"
    assert data["name"] == "Écoles ensemble"
    assert data["about"][0]["name"] == "Éducation"
    assert data["isPartOf"]["url"] == "http://localhost/fr/practices/"
    meta = {
        a.get("property"): a["content"] for t, a in tags.tags if t == "meta" and a.get("property")
    }
    assert meta["og:url"] == "http://localhost/fr/practices/schools/"
    assert meta["article:tag"] == "Éducation"
