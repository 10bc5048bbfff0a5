"""E-mails are plain text: what was typed arrives as typed, never HTML-escaped, and a
newline typed into a title cannot add a header."""

from __future__ import annotations

import pytest

from tests import test_submissions

pytestmark = pytest.mark.django_db

taxonomy = test_submissions.taxonomy
proposal = test_submissions.proposal
propose_url = test_submissions.propose_url

TITLE = """Tom & co <b>"quoted"</b> 'single'"""
NAME = """Anna & Jo <O'Neil> "AJ\""""


@pytest.fixture
def emails(client, index_page, proposal, mailoutbox, settings, django_capture_on_commit_callbacks):
    """The editors' notice and the acknowledgement of a proposal with HTML-special
    characters in its title and contact name."""

    def send(**typed):
        settings.ICC_PRACTICES_SUBMISSION_NOTIFY = ["editors@example.org"]
        proposal.update(typed)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(propose_url(index_page), proposal)
        assert response.status_code == 302
        editors, acknowledgement = mailoutbox
        return editors, acknowledgement

    return send


def test_subjects_and_bodies_are_plain_text(emails):
    editors, acknowledgement = emails(title=TITLE, contact_name=NAME)
    assert editors.subject == f"New practice proposal: {TITLE}"
    assert acknowledgement.subject == f"We have received your proposal: {TITLE}"
    assert f'"{TITLE}", by {NAME} (Barcelona City Council)' in editors.body
    assert f"Dear {NAME}," in acknowledgement.body
    assert f'Thank you for proposing "{TITLE}".' in acknowledgement.body
    for message in (editors, acknowledgement):
        for text in (message.subject, message.body):
            assert "&amp;" not in text and "&lt;" not in text and "&quot;" not in text
            assert "&#x27;" not in text and "&#39;" not in text


def test_a_newline_in_the_title_cannot_add_a_header(emails):
    editors, acknowledgement = emails(title="Open schools\r\nBcc: victim@example.org")
    for message in (editors, acknowledgement):
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.subject.endswith("Open schools Bcc: victim@example.org")
        mime = message.message()
        assert mime["Bcc"] is None
        assert "victim@example.org" not in message.recipients()
