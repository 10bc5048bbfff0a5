"""The API's documentation page works offline and tells no third party about visitors."""

import re

import pytest
from django.core.management import call_command

from icc_practices.checks import api_docs_problems, check_api_docs_offline

pytestmark = pytest.mark.django_db


def test_the_docs_page_loads_nothing_from_another_host(client):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html  # Swagger UI is there...
    addresses = re.findall(r'(?:src|href)=["\']([^"\']+)', html)
    assert addresses
    # ...served from this site: no absolute address, no protocol-relative one.
    assert [a for a in addresses if re.match(r"^(?:[a-z]+:)?//", a)] == []
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


def test_without_ninja_installed_a_check_says_the_page_uses_a_cdn(settings):
    apps = [app for app in settings.INSTALLED_APPS if app != "ninja"]
    assert [warning.id for warning in api_docs_problems(apps)] == ["icc_practices.W004"]
    assert api_docs_problems([*apps, "ninja"]) == []
    assert check_api_docs_offline() == []


def test_the_example_site_installs_ninja():
    from pathlib import Path

    settings_file = Path(__file__).parent.parent / "example_site/example_site/settings.py"
    assert '"ninja"' in settings_file.read_text()
    call_command("check", "--fail-level", "ERROR")
