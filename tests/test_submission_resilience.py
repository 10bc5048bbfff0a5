"""The proposal form when things fail: a proposal that cannot be saved is shown back whole
and uses no rate-limit slot; a cache that is down leaves the limit to the database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import override_settings

from icc_practices import degraded
from icc_practices.models import PracticeSubmission
from tests import test_submissions

pytestmark = pytest.mark.django_db

taxonomy = test_submissions.taxonomy
proposal = test_submissions.proposal
propose_url = test_submissions.propose_url

TABLE = PracticeSubmission._meta.db_table
TRIGGER = "icc_test_refuse_proposals"

BROKEN_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "down": {"BACKEND": "tests.broken_cache.BrokenCache"},
}


@pytest.fixture(autouse=True)
def fresh_failure_reports():
    """Failures are reported once per interval and process: each test sees its own."""
    degraded.reset()
    yield
    degraded.reset()


@contextlib.contextmanager
def inserts_refused() -> Iterator[None]:
    """The database refuses new proposals (disk full, read-only, a lock timeout), with a
    message that quotes the address as PostgreSQL's "Failing row contains" does."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION 'unavailable for %', NEW.contact_email; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} BEFORE INSERT ON {TABLE} "
                f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} BEFORE INSERT ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, 'unavailable'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER {TRIGGER} ON {TABLE}")
                cursor.execute(f"DROP FUNCTION {TRIGGER}()")
            else:
                cursor.execute(f"DROP TRIGGER {TRIGGER}")


@override_settings(ICC_PRACTICES_SUBMISSIONS_PER_HOUR=1)
def test_a_proposal_that_cannot_be_saved_is_shown_back_whole_and_uses_no_slot(
    client, index_page, proposal, caplog
):
    with inserts_refused():
        response = client.post(propose_url(index_page), proposal)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert (
        "We could not save your proposal just now. Nothing you typed is lost: "
        "please try again in a few minutes."
    ) in html
    assert 'value="Open schools"' in html
    assert "Schools open their doors to families in the evening.</textarea>" in html
    assert 'value="marta@example.org"' in html
    assert PracticeSubmission.objects.count() == 0
    assert PracticeSubmission.topics.through.objects.count() == 0
    assert "database is failing" in caplog.text
    assert "marta@example.org" not in caplog.text

    again = client.post(propose_url(index_page), proposal)  # the limit is 1
    assert again.status_code == 302
    assert PracticeSubmission.objects.count() == 1


@override_settings(ICC_PRACTICES_SUBMISSIONS_PER_HOUR=1)
def test_the_limit_is_checked_before_saving_and_counted_after(client, index_page, proposal):
    assert client.post(propose_url(index_page), proposal).status_code == 302
    refused = client.post(propose_url(index_page), proposal)
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert PracticeSubmission.objects.count() == 1


@override_settings(ICC_PRACTICES_SUBMISSIONS_PER_HOUR=1)
def test_bots_caught_by_the_honeypot_use_up_their_networks_slots(client, index_page, proposal):
    bot = {**proposal, "website": "http://spam.example"}
    assert client.post(propose_url(index_page), bot).status_code == 302
    assert client.post(propose_url(index_page), proposal).status_code == 429
    assert PracticeSubmission.objects.count() == 0


@override_settings(
    CACHES=BROKEN_CACHE, ICC_PRACTICES_CACHE_ALIAS="down", ICC_PRACTICES_SUBMISSIONS_PER_HOUR=2
)
def test_with_the_cache_down_the_database_limits_proposals_to_one_address(
    client, index_page, proposal, caplog
):
    for number in range(2):
        response = client.post(
            propose_url(index_page), proposal, REMOTE_ADDR=f"198.51.100.{number}"
        )
        assert response.status_code == 302
    third = client.post(propose_url(index_page), proposal, REMOTE_ADDR="198.51.100.9")
    assert third.status_code == 429
    assert PracticeSubmission.objects.count() == 2
    # Another address is not limited (nor, while the cache is down, is one client).
    other = {**proposal, "contact_email": "Jordi@Example.org"}
    assert client.post(propose_url(index_page), other).status_code == 302
    assert caplog.text.count("cache is failing") == 1  # reported once per interval


@override_settings(
    CACHES=BROKEN_CACHE,
    ICC_PRACTICES_RATELIMIT_CACHE_ALIAS="down",
    ICC_PRACTICES_SUBMISSIONS_PER_HOUR=1,
)
def test_the_rate_limit_can_have_a_cache_of_its_own(client, index_page, proposal, caplog):
    assert client.post(propose_url(index_page), proposal).status_code == 302
    assert client.post(propose_url(index_page), proposal).status_code == 429
    assert "cache is failing" in caplog.text
    assert "marta@example.org" not in caplog.text
