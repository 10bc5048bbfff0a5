import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from wagtail.models import Site

from tests.factories import PracticeIndexPageFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """The cache outlives each test's database rollback; start every test without it."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def site(db) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def index_page(site):
    return PracticeIndexPageFactory(parent=site.root_page, slug="practices", results_per_page=5)


@pytest.fixture
def icc_taxonomy(db) -> None:
    call_command("load_icc_taxonomy", stdout=io.StringIO())


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client
