"""Proposals read where they are handled: the edit view shows the proposal formatted beside
its status and notes, with the action on its draft practice; so does the inspect view."""

import pytest
from bs4 import BeautifulSoup, NavigableString  # Wagtail's own dependency
from bs4.element import TemplateString
from django.contrib.auth.models import Group, Permission

from icc_practices.models import PracticePage, PracticeSubmission
from tests.test_submissions import (  # noqa: F401 - fixtures
    convert_url,
    proposal,
    propose_url,
    reviewer,
    taxonomy,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/snippets/icc_practices/practicesubmission/"
PURPOSE = (
    "Bring <b>families</b> & schools together.\r\n"
    "Every term.\r\n"
    "\r\n"
    "The report is at https://example.org/report."
)


@pytest.fixture
def submission(client, index_page, proposal):  # noqa: F811
    proposal["purpose"] = PURPOSE
    client.post(propose_url(index_page), proposal)
    return PracticeSubmission.objects.get()


def edit_url(submission) -> str:
    return f"{ADMIN}edit/{submission.pk}/"


def inspect_url(submission) -> str:
    return f"{ADMIN}inspect/{submission.pk}/"


def page(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def described(soup: BeautifulSoup, label: str):
    """The <dd> that follows the <dt> saying ``label``."""
    term = soup.find("dt", string=lambda text: text and text.strip() == label)
    assert term is not None, f"no {label!r} in the page"
    return term.find_next_sibling("dd")


def links_to(soup: BeautifulSoup, url: str) -> list[str]:
    return [" ".join(a.get_text().split()) for a in soup.find_all("a", href=url)]


def assert_purpose_formatted(soup: BeautifulSoup) -> None:
    purpose = described(soup, "Purpose")
    paragraphs = purpose.find_all("p")
    assert len(paragraphs) == 2  # the blank line parts them, the line break stays in one
    assert paragraphs[0].get_text() == "Bring <b>families</b> & schools together.Every term."
    assert paragraphs[0].find("br") is not None
    assert purpose.find("b") is None  # the visitor's HTML is text
    link = paragraphs[1].find("a")
    assert link["href"] == "https://example.org/report"
    assert link.get_text() == "https://example.org/report"


def test_the_edit_view_shows_the_proposal_formatted_beside_status_and_notes(
    admin_client, submission
):
    response = admin_client.get(edit_url(submission))
    html = response.content.decode()
    assert "Bring &lt;b&gt;families&lt;/b&gt; &amp; schools together." in html
    assert "<b>families</b>" not in html
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", id="w-editor-form")
    assert form.find("select", attrs={"name": "status"}) is not None
    assert form.find("textarea", attrs={"name": "notes"}) is not None
    assert_purpose_formatted(form)
    # Every field the visitor sent, under the model's labels.
    for name in PracticeSubmission.SUBMITTED_FIELDS:
        label = str(PracticeSubmission._meta.get_field(name).verbose_name)
        assert described(form, label[0].upper() + label[1:]) is not None
    assert described(form, "Stimulus and rationale").get_text(strip=True) == (
        "Parents felt unwelcome."
    )
    assert described(form, "Topics").get_text(strip=True) == "Education, Roma"
    assert described(form, "Country").get_text(strip=True) == "Spain"
    links = described(form, "Links").find_all("a")
    assert [a["href"] for a in links] == [
        "https://example.org/open-schools",
        "https://example.org/report",
    ]
    partners = described(form, "Partners").find("p")
    assert partners.find("br") is not None  # two lines, kept apart


def test_saving_the_status_still_works_beside_the_proposal(admin_client, submission):
    response = admin_client.post(edit_url(submission), {"status": "in_review", "notes": "Call."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.notes) == ("in_review", "Call.")
    assert submission.purpose == PURPOSE  # what the visitor sent is not editable


def test_the_edit_and_inspect_views_offer_to_create_the_draft(admin_client, submission):
    for url in (edit_url(submission), inspect_url(submission)):
        soup = page(admin_client, url)
        assert links_to(soup, convert_url(submission)) == ["Create draft practice"]


def test_the_inspect_view_formats_paragraphs_and_links(admin_client, submission):
    soup = page(admin_client, inspect_url(submission))
    assert_purpose_formatted(soup)
    assert described(soup, "Draft practice").get_text(strip=True) == "None yet"


def test_after_conversion_the_proposal_links_to_its_draft(admin_client, submission, index_page):
    admin_client.post(convert_url(submission), {"index": index_page.pk})
    practice = PracticePage.objects.get()
    draft = f"/admin/pages/{practice.pk}/edit/"
    for url in (edit_url(submission), inspect_url(submission)):
        soup = page(admin_client, url)
        assert "Open the draft practice" in links_to(soup, draft)
        assert links_to(soup, convert_url(submission)) == []
    assert links_to(page(admin_client, inspect_url(submission)), draft) == [
        "Open the draft practice",
        "Open schools",  # the "Draft practice" field
    ]
    listing = page(admin_client, ADMIN)
    # The "Draft practice" column, once (the row's menu offers no second copy).
    assert links_to(listing, draft) == ["Open draft practice of the proposal “Open schools”"]
    assert "Draft practice" in [th.get_text(strip=True) for th in listing.find_all("th")]


def test_the_listing_has_no_draft_link_before_conversion(admin_client, submission):
    listing = page(admin_client, ADMIN)
    assert not listing.find_all("a", href=lambda href: href and href.startswith("/admin/pages/"))
    assert convert_url(submission) in str(listing)  # the listing's own button


def test_no_create_action_for_those_who_cannot_convert(client, submission, reviewer):  # noqa: F811
    user, group = reviewer  # may change proposals, may not add practices anywhere
    client.force_login(user)
    soup = page(client, edit_url(submission))
    assert links_to(soup, convert_url(submission)) == []
    assert "you cannot create a draft practice" in soup.get_text()

    viewer = type(user).objects.create_user("viewer", password="pw")
    viewers = Group.objects.create(name="Viewers")
    viewers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_practicesubmission"),
    )
    viewer.groups.add(viewers)
    client.force_login(viewer)
    soup = page(client, inspect_url(submission))
    assert_purpose_formatted(soup)
    assert links_to(soup, convert_url(submission)) == []


def text_of(element) -> str:
    """Its text, counting <template> content (Wagtail's dialogs), which get_text omits."""
    return element.get_text(strip=True, types=(NavigableString, TemplateString))


def unnamed_controls(soup: BeautifulSoup) -> list[str]:
    """Links and buttons without an accessible name (text, aria-label or a labelling
    element with text)."""
    unnamed = []
    for control in soup.find_all(["a", "button"]):
        if text_of(control) or control.get("aria-label", "").strip():
            continue
        labelled_by = control.get("aria-labelledby", "").split()
        if any((label := soup.find(id=i)) and text_of(label) for i in labelled_by):
            continue
        unnamed.append(str(control))
    return unnamed


def test_the_conversion_page_has_no_unnamed_button(admin_client, submission, index_page):
    soup = page(admin_client, convert_url(submission))
    assert unnamed_controls(soup) == []
    header = soup.find("header", class_="w-header")
    assert header.find("a") is None  # no header action: the form holds it
    form = soup.find("form", action=convert_url(submission))
    assert form.find("button", type="submit").get_text(strip=True) == "Create draft practice"
    assert links_to(soup, edit_url(submission)) == ["Cancel"]


def test_the_proposal_screens_have_no_unnamed_button(admin_client, submission, index_page):
    for url in (edit_url(submission), inspect_url(submission), ADMIN):
        assert unnamed_controls(page(admin_client, url)) == [], url


def test_html_in_a_proposal_stays_text_on_every_screen(
    admin_client,
    client,
    index_page,
    proposal,  # noqa: F811
):
    xss = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    proposal.update(title=xss[:200], partners=xss, cities=xss[:200], links="")
    client.post(propose_url(index_page), proposal)
    submission = PracticeSubmission.objects.get()
    for url in (edit_url(submission), inspect_url(submission), convert_url(submission)):
        html = admin_client.get(url).content.decode()
        assert "<script>alert" not in html and "onerror=alert(1)>" not in html, url
        assert "&lt;script&gt;" in html


def test_keywords_of_the_proposal_become_the_draft_s_keywords(
    client,
    admin_client,
    index_page,
    proposal,  # noqa: F811
):
    proposal["keywords"] = "families, evening classes,  , families"
    client.post(propose_url(index_page), proposal)
    submission = PracticeSubmission.objects.get()
    assert submission.keywords == "families, evening classes,  , families"
    admin_client.post(convert_url(submission), {"index": index_page.pk})
    practice = PracticePage.objects.get()
    assert sorted(tag.name for tag in practice.tags.all()) == ["evening classes", "families"]


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [
        (", ".join(["a" * 95, "A" * 95, "!!!", "???", "ok"]), ["a" * 90, "ok"]),
        ("x" * 89 + " y, quoted", ["quoted", "x" * 89]),
    ],
)
def test_awkward_keywords_become_valid_tags(
    client,
    admin_client,
    index_page,
    proposal,  # noqa: F811
    keywords,
    expected,
):
    proposal["keywords"] = keywords
    client.post(propose_url(index_page), proposal)
    submission = PracticeSubmission.objects.get()
    admin_client.post(convert_url(submission), {"index": index_page.pk})
    assert sorted(tag.name for tag in PracticePage.objects.get().tags.all()) == expected


@pytest.mark.parametrize("indexes", [1, 6])
def test_the_indexes_an_editor_may_add_to_take_one_query(
    site, django_user_model, django_assert_num_queries, indexes
):
    from wagtail.models import GroupPagePermission

    from icc_practices.submissions.admin_views import indexes_for
    from tests.factories import PracticeIndexPageFactory

    group = Group.objects.create(name="Section editors")
    allowed = [PracticeIndexPageFactory(parent=site.root_page) for _ in range(indexes)]
    PracticeIndexPageFactory(parent=site.root_page, title="Elsewhere")
    for index in allowed:
        GroupPagePermission.objects.create(group=group, page=index, permission_type="add")
    user = django_user_model.objects.create_user("section", password="pw")
    user.groups.add(group)
    user = django_user_model.objects.get(pk=user.pk)
    with django_assert_num_queries(2):  # the user's page permissions, then the indexes
        found = indexes_for(user)
    assert [index.pk for index in found] == [index.pk for index in allowed]
