"""Authors of proposals hear what happened (issue 19): editors choose to tell them, in the
author's language; "accepted" waits for the practice to go live; "needs more information"
gives a private link to complete the same proposal."""

import re

import pytest
from django.utils import translation

from icc_practices.models import PracticePage, PracticeSubmission
from icc_practices.submissions.conversion import create_draft_practice
from icc_practices.submissions.status_emails import send_status_email
from tests.test_submissions import (  # noqa: F401 - fixtures
    proposal,
    propose_url,
    taxonomy,
)

pytestmark = pytest.mark.django_db
ADMIN = "/admin/snippets/icc_practices/practicesubmission/"


@pytest.fixture(params=["en", "fr"])
def submission(request, client, index_page, proposal, french, mailoutbox):  # noqa: F811
    """A proposal sent in English or in French (its author's language)."""
    client.post(propose_url(index_page), proposal)
    submission = PracticeSubmission.objects.get()
    submission.language = request.param
    submission.save(update_fields=["language"])
    mailoutbox.clear()
    return submission


def change_status(admin_client, submission, status, *, notify=True, message="", captured):
    data = {"status": status, "notes": "", "message_to_author": message}
    if notify:
        data["notify_author"] = "on"
    with captured(execute=True):
        response = admin_client.post(f"{ADMIN}edit/{submission.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def in_language(submission, text: str) -> str:
    with translation.override(submission.language):
        return translation.gettext(text)


def test_rejected_tells_the_author_in_their_language_with_the_message(
    admin_client, submission, mailoutbox, django_capture_on_commit_callbacks
):
    change_status(
        admin_client, submission, "rejected", message="Outside our scope, sorry.",
        captured=django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["marta@example.org"]
    assert "Outside our scope, sorry." in email.body
    assert in_language(submission, "A message from the editors:") in email.body
    assert ("Merci" in email.body) == (submission.language == "fr")


def test_nothing_is_sent_unless_editors_ask(
    admin_client, submission, mailoutbox, django_capture_on_commit_callbacks
):
    change_status(
        admin_client, submission, "rejected", notify=False,
        captured=django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert mailoutbox == []


def test_accepted_waits_for_the_practice_to_go_live(
    admin_client, submission, index_page, django_user_model, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    editor = django_user_model.objects.get(username="admin")
    practice = create_draft_practice(submission, index_page, editor).practice
    change_status(
        admin_client, PracticeSubmission.objects.get(pk=submission.pk), "accepted",
        captured=django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert mailoutbox == [] and PracticeSubmission.objects.get().acceptance_pending
    with django_capture_on_commit_callbacks(execute=True):
        PracticePage.objects.get(pk=practice.pk).save_revision().publish()
    assert len(mailoutbox) == 1
    assert PracticePage.objects.get(pk=practice.pk).full_url in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        PracticePage.objects.get(pk=practice.pk).save_revision().publish()
    assert len(mailoutbox) == 1  # once


def test_needs_info_gives_a_private_link_to_complete_the_same_proposal(
    admin_client, client, submission, index_page, proposal, mailoutbox,  # noqa: F811
    django_capture_on_commit_callbacks,
):  # fmt: skip
    change_status(
        admin_client, submission, "needs_info", message="Which neighbourhoods?",
        captured=django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/propose/update/\S+/", mailoutbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form = client.get(path).content.decode()
    assert 'value="Open schools"' in form  # the same proposal, as sent
    proposal["summary"] = "Schools open in the evening, in Raval and Poble-sec."
    response = client.post(path, proposal)
    assert response.status_code == 200
    assert PracticeSubmission.objects.count() == 1
    updated = PracticeSubmission.objects.get()
    assert updated.summary.endswith("Poble-sec.") and updated.status == "new"
    assert client.get(path).status_code == 404  # no longer waiting: the link is spent
    assert client.get(path.replace("/update/", "/update/x")).status_code == 404


def test_a_status_changed_again_before_sending_sends_nothing(submission, mailoutbox):
    PracticeSubmission.objects.filter(pk=submission.pk).update(status="rejected")
    assert send_status_email.enqueue(submission.pk, "needs_info").return_value is False
    assert mailoutbox == []
