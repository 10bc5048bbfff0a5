"""A proposal's e-mails: sent by a task off the request path, over real SMTP sockets, with
a timeout; the thanks page tells what became of them; logs never show the submitter's
address.

These tests commit for real (``transaction=True``): the e-mails are queued when the
proposal's transaction commits, as in production.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend

from icc_practices import degraded
from icc_practices.models import PracticeSubmission
from tests import test_submissions

pytestmark = pytest.mark.django_db(transaction=True)

taxonomy = test_submissions.taxonomy
proposal = test_submissions.proposal
propose_url = test_submissions.propose_url

SUBMITTER = "marta@example.org"
EDITORS = "editors@example.org"
# A server that never answers closes the connection after this long, so that code without
# a timeout makes the test fail instead of hanging it.
GIVE_UP_AFTER = 15.0


@pytest.fixture(autouse=True)
def fresh_failure_reports():
    """Failures are reported once per interval and process: each test sees its own."""
    degraded.reset()
    yield
    degraded.reset()


@pytest.fixture
def notify_editors(settings):
    settings.ICC_PRACTICES_SUBMISSION_NOTIFY = [EDITORS]


Handler = Callable[[socket.socket, threading.Event], None]


@contextlib.contextmanager
def socket_server(handle: Handler) -> Iterator[tuple[int, list[socket.socket]]]:
    """A TCP server on 127.0.0.1 whose clients are served by ``handle``, each in a thread.
    Yields its port and the connections it accepted."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _address = listener.accept()
            except TimeoutError:
                continue
            accepted.append(connection)
            threading.Thread(target=handle, args=(connection, stop), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()


def never_answer(connection: socket.socket, stop: threading.Event) -> None:
    """A mail server that accepts connections and then hangs (overloaded, half dead)."""
    stop.wait(GIVE_UP_AFTER)
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)


def smtp_refusing(refused: str, delivered: list[str]) -> Handler:
    """Just enough SMTP: accepts every recipient but ``refused``, whom it refuses (550)
    quoting the address, as real servers do."""

    def handle(connection: socket.socket, stop: threading.Event) -> None:
        connection.settimeout(GIVE_UP_AFTER)
        reader = connection.makefile("rb")

        def reply(line: str) -> None:
            connection.sendall(line.encode() + b"\r\n")

        reply("220 mail.test ESMTP")
        recipients: list[str] = []
        for raw in reader:
            command = raw.decode().strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                reply("250 mail.test")
            elif verb == "RCPT" and refused in command.lower():
                reply(f"550 5.1.1 <{refused}>: mailbox unavailable")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                reply("250 OK")
            elif verb == "DATA":
                reply("354 end with .")
                for line in reader:
                    if line.rstrip(b"\r\n") == b".":
                        break
                delivered.extend(recipients)
                reply("250 OK queued")
            elif verb == "QUIT":
                reply("221 bye")
                break
            else:  # MAIL, RSET, NOOP: a new envelope, or nothing
                if verb in ("MAIL", "RSET"):
                    recipients.clear()
                reply("250 OK")

    return handle


def use_smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.ICC_PRACTICES_MAIL_TIMEOUT = 1


# Without a worker (ImmediateBackend): the task runs in the request ----------------------


def test_without_a_worker_the_emails_are_sent_and_the_thanks_page_says_so(
    client, index_page, proposal, mailoutbox, notify_editors
):
    response = client.post(propose_url(index_page), proposal)
    assert response["Location"] == propose_url(index_page) + "thanks/?confirmation=sent"
    assert [message.to for message in mailoutbox] == [[EDITORS], [SUBMITTER]]
    thanks = client.get(response["Location"]).content.decode()
    assert "We have received it and sent you a confirmation by e-mail." in thanks


def test_a_hung_mail_server_costs_the_visitor_one_timeout_and_loses_nothing(
    client, index_page, proposal, settings, notify_editors, caplog
):
    with socket_server(never_answer) as (port, accepted):
        use_smtp(settings, port)
        started = time.monotonic()
        response = client.post(propose_url(index_page), proposal)
        elapsed = time.monotonic() - started
        assert accepted  # the mail server was really reached, and hung
    assert response.status_code == 302
    assert elapsed < 4, f"the visitor waited {elapsed:.1f} s"
    assert PracticeSubmission.objects.get().title == "Open schools"
    assert response["Location"].endswith("thanks/?confirmation=failed")
    thanks = client.get(response["Location"]).content.decode()
    assert "We could not send you a confirmation e-mail, but your proposal has been saved" in (
        thanks
    )
    assert "sent you a confirmation" not in thanks
    assert "mail is failing" in caplog.text
    assert SUBMITTER not in caplog.text


# With a worker: the request only queues ---------------------------------------------------


def test_with_a_worker_the_request_sends_nothing_and_queues_the_submission_id(
    client, index_page, proposal, mailoutbox, notify_editors, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    response = client.post(propose_url(index_page), proposal)
    assert mailoutbox == []
    from icc_practices.submissions.tasks import send_submission_emails

    submission = PracticeSubmission.objects.get()
    (queued,) = [
        result
        for result in task_backends["default"].results  # Wagtail queues its own tasks too
        if result.task.func is send_submission_emails.func
    ]
    assert queued.args == [submission.pk]  # JSON: the id, never the instance
    assert response["Location"].endswith("thanks/?confirmation=queued")
    thanks = client.get(response["Location"]).content.decode()
    assert "You will receive a confirmation by e-mail shortly." in thanks

    assert queued.task.call(*queued.args) is True  # what the worker will do
    assert [message.to for message in mailoutbox] == [[EDITORS], [SUBMITTER]]


class UnreachableQueue(DummyBackend):
    """A task queue whose broker is down. The package's own: Wagtail queues its
    reference index updates on ``default`` during the save, and would fail the save."""

    def enqueue(self, task, args, kwargs):
        raise ConnectionError("queue down")


def test_a_queue_that_is_down_keeps_the_proposal_and_says_no_email_was_sent(
    client, index_page, proposal, mailoutbox, settings, caplog
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "proposals": {"BACKEND": f"{__name__}.UnreachableQueue"},
    }
    settings.ICC_PRACTICES_TASK_BACKEND = "proposals"
    response = client.post(propose_url(index_page), proposal)
    assert response["Location"].endswith("thanks/?confirmation=failed")
    assert PracticeSubmission.objects.count() == 1 and mailoutbox == []
    assert "task queue is failing" in caplog.text


# Logs -------------------------------------------------------------------------------------


def test_a_refused_address_is_logged_masked_and_the_editors_still_hear(
    client, index_page, proposal, settings, notify_editors, caplog
):
    delivered: list[str] = []
    with socket_server(smtp_refusing(SUBMITTER, delivered)) as (port, _accepted):
        use_smtp(settings, port)
        response = client.post(propose_url(index_page), proposal)
    assert "m***@e***.org" in caplog.text  # the failure is there, the address is not
    assert SUBMITTER not in caplog.text
    assert SUBMITTER not in repr([record.args for record in caplog.records])
    assert delivered == [EDITORS]
    assert response["Location"].endswith("thanks/?confirmation=failed")


@pytest.mark.parametrize(
    "address", ["jane.secretname!x@example.org", "o'secretname@example.org", "a+secretname@ex.org"]
)
def test_every_address_form_accepts_is_masked_in_logs(address):
    import smtplib

    from icc_practices.submissions.privacy import RedactedError

    error = smtplib.SMTPRecipientsRefused({address: (550, f"<{address}> unknown".encode())})
    assert "secretname" not in str(RedactedError(error))


def test_long_log_messages_are_masked_then_cut():
    from icc_practices.submissions.privacy import MAX_MASKED_LENGTH, mask_addresses

    masked = mask_addresses("jane.secretname@example.org " + "word " * 20_000)
    assert len(masked) == MAX_MASKED_LENGTH + 1 and masked.endswith("…")
    assert masked.startswith("j***@e***.org word")


def test_an_address_at_the_cut_is_masked_whole_and_quoted_ones_too():
    from icc_practices.submissions.privacy import mask_addresses

    text = "Failing row contains (" + "x" * 1957 + ", firstname.lastname@example.org, ...)"
    assert "firstname" not in mask_addresses(text)  # the cut falls on its "@"
    quoted = mask_addresses("""{'"jane,doe"@example.org': (550, b'5.1.1 no such user')}""")
    assert "jane" not in quoted and "doe" not in quoted
