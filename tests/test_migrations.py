"""Models and migrations agree, so hosts never get a migration of their own."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    out = io.StringIO()
    call_command("makemigrations", "icc_practices", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()
