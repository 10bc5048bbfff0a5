"""Proposing a practice: the public form, abuse limits, e-mails, moderation and conversion."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client, override_settings
from wagtail.models import GroupPagePermission, ModelLogEntry

from icc_practices.models import PracticePage, PracticeSubmission
from tests.factories import CityFactory, CountryFactory, TopicFactory

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def taxonomy(db):
    spain = CountryFactory(code="ES")
    CityFactory(name="Barcelona", slug="barcelona", country=spain)
    return {
        "education": TopicFactory(name="Education", slug="education"),
        "roma": TopicFactory(name="Roma", slug="roma"),
    }


@pytest.fixture
def proposal(taxonomy):
    return {
        "title": "Open schools",
        "country": "ES",
        "cities": "Barcelona, Sabadell",
        "year": "2021",
        "period": "2021 - ongoing",
        "topics": [str(taxonomy["education"].pk), str(taxonomy["roma"].pk)],
        "summary": "Schools open their doors to families in the evening.",
        "purpose": "Bring families and schools together.\n\nA second paragraph.",
        "rationale": "Parents felt unwelcome.",
        "process": "Teachers and mediators plan evenings.",
        "impact": "More parents take part.",
        "partners": "Parents' association\nNeighbourhood library",
        "links": "https://example.org/open-schools\nhttps://example.org/report",
        "contact_name": "Marta Puig",
        "organisation": "Barcelona City Council",
        "contact_email": "marta@example.org",
        "consent": "on",
        "website": "",
    }


def propose_url(index_page) -> str:
    return index_page.url + "propose/"


def test_the_form_is_linked_from_the_index_and_never_cached(client, index_page):
    assert f'href="{propose_url(index_page)}"' in client.get(index_page.url).content.decode()
    response = client.get(propose_url(index_page))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert re.search(r'<div class="icc-proposal__trap" aria-hidden="true" hidden>', html)
    assert 'name="website"' in html and 'tabindex="-1"' in html
    # Attachments (issue 19): one input for several files, in a multipart form.
    assert 'type="file" name="attachments" multiple' in html
    assert 'enctype="multipart/form-data"' in html


@override_settings(ICC_PRACTICES_SUBMISSION_NOTIFY=["editors@example.org"])
def test_a_valid_proposal_is_stored_and_both_emails_are_sent(
    client, index_page, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    # The e-mails are queued when the proposal commits; the test's transaction never does.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(propose_url(index_page), proposal)
    assert response.status_code == 302
    assert response["Location"] == propose_url(index_page) + "thanks/"
    submission = PracticeSubmission.objects.get()
    assert submission.title == "Open schools" and submission.status == "new"
    assert submission.country.code == "ES" and submission.year == 2021
    assert {topic.slug for topic in submission.topics.all()} == {"education", "roma"}
    assert submission.language == "en" and submission.index_page_id == index_page.pk
    editors, acknowledgement = mailoutbox
    assert editors.to == ["editors@example.org"] and "Open schools" in editors.subject
    assert (
        f"/admin/snippets/icc_practices/practicesubmission/inspect/{submission.pk}/" in editors.body
    )
    assert acknowledgement.to == ["marta@example.org"]
    assert "Marta Puig" in acknowledgement.body
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Thank you for your proposal" in thanks.content.decode()


def test_the_acknowledgement_is_in_the_submitters_language(
    client, index_page, proposal, mailoutbox
):
    from django.utils import translation

    from icc_practices.submissions.notifications import acknowledgement_message

    client.post(propose_url(index_page), proposal)
    submission = PracticeSubmission.objects.get()
    submission.language = "fr"
    assert "Nous avons reçu votre proposition" in acknowledgement_message(submission).subject
    assert translation.get_language() == "en"


@pytest.mark.parametrize(
    ("confirmation", "expected"),
    [
        ("sent", "We have received it and sent you a confirmation by e-mail."),
        ("queued", "You will receive a confirmation by e-mail shortly."),
        ("failed", "We could not send you a confirmation e-mail, but your proposal has been saved"),
        ("", "We have received it. Editors will review it"),
        ("<script>alert(1)</script>", "We have received it. Editors will review it"),
        ("SENT", "We have received it. Editors will review it"),
    ],
)
def test_the_thanks_page_says_what_became_of_the_confirmation(
    client, index_page, confirmation, expected
):
    response = client.get(propose_url(index_page) + "thanks/", {"confirmation": confirmation})
    html = response.content.decode()
    assert response.status_code == 200 and "Thank you for your proposal" in html
    assert expected in html
    assert "no-store" in response["Cache-Control"]
    assert "<script>alert" not in html


def test_errors_are_shown_per_field_and_nothing_typed_is_lost(client, index_page, proposal):
    proposal.update(title="", links="not a link", year="1800")
    response = client.post(propose_url(index_page), proposal)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the fields marked below" in html
    assert 'href="#id_title"' in html and 'href="#id_links"' in html
    assert "“not a link” is not a web address" in html
    assert "Enter a year between" in html
    assert "Schools open their doors to families in the evening." in html  # kept
    assert "Marta Puig" in html
    assert 'value="marta@example.org"' in html
    assert PracticeSubmission.objects.count() == 0


def test_every_field_has_a_length_limit(client, index_page, proposal):
    proposal.update(title="t" * 256, summary="s" * 601, purpose="p" * 5001, cities="c" * 501)
    response = client.post(propose_url(index_page), proposal)
    html = response.content.decode()
    assert response.status_code == 200 and PracticeSubmission.objects.count() == 0
    for field in ("title", "summary", "purpose", "cities"):
        assert f'href="#id_{field}"' in html
    assert html.count("Ensure this value has at most") == 8  # in the summary and by the field


def test_the_honeypot_is_rejected_silently(client, index_page, proposal, mailoutbox):
    proposal["website"] = "http://spam.example"
    response = client.post(propose_url(index_page), proposal)
    assert response.status_code == 302 and response["Location"].endswith("/propose/thanks/")
    assert PracticeSubmission.objects.count() == 0
    assert mailoutbox == []


@override_settings(ICC_PRACTICES_SUBMISSIONS_PER_HOUR=2)
def test_the_rate_limit_answers_429_with_a_clear_message(client, index_page, proposal):
    for _ in range(2):
        assert client.post(propose_url(index_page), proposal).status_code == 302
    proposal["title"] = "A third one"
    response = client.post(propose_url(index_page), proposal)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many proposals from your connection" in html
    assert 'value="A third one"' in html  # what was typed is kept
    assert PracticeSubmission.objects.count() == 2
    proposal["contact_email"] = "someone.else@example.org"
    other = client.post(propose_url(index_page), proposal, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302  # another client is not limited


@override_settings(ICC_PRACTICES_SUBMISSIONS_PER_HOUR=2)
def test_one_address_is_not_mailed_more_than_the_limit(
    client, index_page, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                propose_url(index_page), proposal, REMOTE_ADDR=f"198.51.100.{number}"
            )
    assert response.status_code == 429  # three clients, one victim's address
    assert sum("marta@example.org" in message.to for message in mailoutbox) == 2


@override_settings(ICC_PRACTICES_SUBMISSIONS_PER_HOUR=1)
def test_an_ipv6_network_shares_one_limit(client, index_page, proposal):
    first = client.post(propose_url(index_page), proposal, REMOTE_ADDR="2001:db8:1:2::1")
    proposal["contact_email"] = "other@example.org"
    second = client.post(propose_url(index_page), proposal, REMOTE_ADDR="2001:db8:1:2::ffff")
    assert (first.status_code, second.status_code) == (302, 429)


def test_the_editors_link_ignores_a_forged_host(
    client, index_page, proposal, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.ICC_PRACTICES_SUBMISSION_NOTIFY = ["editors@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(propose_url(index_page), proposal, HTTP_HOST="evil.example")
    editors = mailoutbox[0]
    assert "evil.example" not in editors.body
    assert "http://testserver/admin/snippets/" in editors.body


def test_csrf_is_required(index_page, proposal):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(propose_url(index_page), proposal).status_code == 403
    assert PracticeSubmission.objects.count() == 0


def test_an_index_can_refuse_proposals(client, index_page):
    index_page.accept_submissions = False
    index_page.save_revision().publish()
    assert client.get(propose_url(index_page)).status_code == 404
    assert "propose/" not in client.get(index_page.url).content.decode()


# Moderation -------------------------------------------------------------------------------


@pytest.fixture
def submission(client, index_page, proposal):
    client.post(propose_url(index_page), proposal)
    return PracticeSubmission.objects.get()


def convert_url(submission) -> str:
    return f"/admin/snippets/icc_practices/practicesubmission/convert/{submission.pk}/"


def test_the_admin_lists_filters_searches_and_inspects(admin_client, submission):
    listing = admin_client.get("/admin/snippets/icc_practices/practicesubmission/")
    assert listing.status_code == 200 and "Open schools" in listing.content.decode()
    assert "Create draft practice" in listing.content.decode()
    filtered = admin_client.get(
        "/admin/snippets/icc_practices/practicesubmission/", {"status": "rejected"}
    )
    assert "Open schools" not in filtered.content.decode()
    found = admin_client.get("/admin/snippets/icc_practices/practicesubmission/", {"q": "schools"})
    assert "Open schools" in found.content.decode()
    inspect = admin_client.get(
        f"/admin/snippets/icc_practices/practicesubmission/inspect/{submission.pk}/"
    )
    assert "Parents felt unwelcome." in inspect.content.decode()


def test_a_status_change_is_logged_with_its_author(admin_client, submission):
    response = admin_client.post(
        f"/admin/snippets/icc_practices/practicesubmission/edit/{submission.pk}/",
        {"status": "in_review", "notes": "Call the city."},
    )
    assert response.status_code == 302
    entry = ModelLogEntry.objects.get(action="icc_practices.submission.status")
    assert entry.user.username == "admin"
    assert entry.data == {"from": "new", "to": "in_review"}


def test_conversion_maps_every_field_into_a_draft(admin_client, submission, index_page):
    form = admin_client.get(convert_url(submission))
    assert form.status_code == 200
    assert f'<option value="{index_page.pk}" selected>' in form.content.decode()
    response = admin_client.post(convert_url(submission), {"index": index_page.pk})
    practice = PracticePage.objects.get()
    assert response["Location"] == f"/admin/pages/{practice.pk}/edit/"
    assert not practice.live and practice.get_parent().pk == index_page.pk
    assert practice.title == "Open schools" and practice.slug == "open-schools"
    assert practice.country.code == "ES" and practice.year == 2021
    assert practice.period == "2021 - ongoing"
    assert practice.summary == "Schools open their doors to families in the evening."
    assert (
        practice.purpose == "<p>Bring families and schools together.</p><p>A second paragraph.</p>"
    )
    assert practice.rationale == "<p>Parents felt unwelcome.</p>"
    assert practice.process == "<p>Teachers and mediators plan evenings.</p>"
    assert practice.impact == "<p>More parents take part.</p>"
    assert practice.lead_organisation == "Barcelona City Council"
    assert practice.partners == "Parents' association\nNeighbourhood library"
    # The submitter's address is never published: the form promises it.
    assert (practice.contact_name, practice.contact_email) == ("Marta Puig", "")
    assert {topic.slug for topic in practice.topics.all()} == {"education", "roma"}
    assert [city.slug for city in practice.cities.all()] == ["barcelona"]
    assert [link.url for link in practice.links.all()] == [
        "https://example.org/open-schools",
        "https://example.org/report",
    ]
    submission.refresh_from_db()
    assert submission.practice_id == practice.pk and submission.status == "accepted"
    assert ModelLogEntry.objects.filter(action="icc_practices.submission.convert").exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Sabadell" in message for message in messages)  # the unmatched city
    # A second conversion goes to the existing draft instead of making another.
    again = admin_client.post(convert_url(submission), {"index": index_page.pk})
    assert again["Location"] == f"/admin/pages/{practice.pk}/edit/"
    assert PracticePage.objects.count() == 1


def test_xss_payloads_stay_inert_in_the_admin_and_on_the_draft(
    admin_client, client, index_page, proposal
):
    proposal.update(title=XSS[:200], summary=XSS, purpose=XSS, contact_name=XSS[:200])
    client.post(propose_url(index_page), proposal)
    submission = PracticeSubmission.objects.get()
    for url in (
        "/admin/snippets/icc_practices/practicesubmission/",
        f"/admin/snippets/icc_practices/practicesubmission/inspect/{submission.pk}/",
    ):
        html = admin_client.get(url).content.decode()
        assert "<script>alert" not in html and "onerror=alert(1)>" not in html
        assert "&lt;script&gt;" in html
    admin_client.post(convert_url(submission), {"index": index_page.pk})
    practice = PracticePage.objects.get()
    assert "<script>" not in practice.purpose and "&lt;script&gt;" in practice.purpose
    preview = practice.make_preview_request().content.decode()
    assert "<script>alert" not in preview and "onerror=alert(1)>" not in preview
    editor = admin_client.get(f"/admin/pages/{practice.pk}/edit/").content.decode()
    assert "<script>alert" not in editor


@pytest.fixture
def reviewer(django_user_model, index_page):
    """An editor who may see and change proposals, and add pages under the index."""
    group = Group.objects.create(name="Reviewers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_practicesubmission"),
        Permission.objects.get(codename="change_practicesubmission"),
    )
    user = django_user_model.objects.create_user("reviewer", password="pw")
    user.groups.add(group)
    return user, group


def test_only_users_with_submission_permissions_see_or_convert(
    client, submission, index_page, reviewer, django_user_model
):
    user, group = reviewer
    outsider = django_user_model.objects.create_user("outsider", password="pw")
    outsider.groups.add(Group.objects.create(name="Editors without proposals"))
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    # Wagtail answers a refusal in the admin with a redirect to the dashboard and a message.
    assert client.get("/admin/snippets/icc_practices/practicesubmission/").status_code == 302
    assert client.get(convert_url(submission)).status_code == 302
    assert client.post(convert_url(submission), {"index": index_page.pk}).status_code == 302
    assert PracticePage.objects.count() == 0

    client.force_login(user)  # may change proposals, but may not add pages yet
    assert client.get("/admin/snippets/icc_practices/practicesubmission/").status_code == 200
    refused = client.post(convert_url(submission), {"index": index_page.pk})
    assert refused.status_code == 302 and PracticePage.objects.count() == 0
    GroupPagePermission.objects.create(group=group, page=index_page, permission_type="add")
    response = client.post(convert_url(submission), {"index": index_page.pk})
    assert response.status_code == 302 and PracticePage.objects.count() == 1
    assert not PracticePage.objects.get().live  # never published


def test_nobody_adds_a_proposal_in_the_admin(admin_client, submission):
    listing = admin_client.get("/admin/snippets/icc_practices/practicesubmission/")
    assert "Add practice proposal" not in listing.content.decode()
    add = admin_client.get("/admin/snippets/icc_practices/practicesubmission/add/")
    assert add.status_code == 302


@override_settings(EMAIL_BACKEND="tests.test_submissions.BrokenMailServer")
def test_a_mail_server_failure_loses_nothing(
    client, index_page, proposal, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(propose_url(index_page), proposal)
    assert response.status_code == 302  # the visitor sees success
    assert PracticeSubmission.objects.count() == 1  # and the proposal is kept
    assert "Could not send" in caplog.text


class BrokenMailServer(BaseEmailBackend):
    """A mail backend whose server refuses connections, as a real one does when down."""

    def open(self):
        raise ConnectionRefusedError("mail server down")

    def send_messages(self, messages):
        self.open()


def test_the_form_shows_every_field_a_proposal_holds(client, index_page, taxonomy):
    html = client.get(propose_url(index_page)).content.decode()
    for name in PracticeSubmission.SUBMITTED_FIELDS:
        assert f'name="{name}"' in html, name
