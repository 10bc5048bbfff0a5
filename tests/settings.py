"""Settings for the test suite: SQLite by default, PostgreSQL when DATABASE_URL is set."""

import os
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "icc_practices",
    "icc_practices.demo",
    "tests.urbact",  # a host's app that adds a facet (tests/test_host_facet.py)
    "wagtail_modeladmin",
    "django_countries",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail_localize",
    "wagtail.api.v3",
    "ninja",  # Swagger UI from static files, not a CDN (check icc_practices.W004)
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "tests.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(default="sqlite:///" + str(BASE_DIR / "test.sqlite3"))
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file rather than memory: the multi-process tests open the test database from a
    # second process (tests/other_process.py).
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"icc-practices-tests-{os.getpid()}.sqlite3")
    }

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "French"), ("de", "German")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
WAGTAIL_I18N_ENABLED = True
# German is an interface language without content of its own: /de/ pages fall back to the
# default locale's content with German labels.
WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("fr", "French")]

STATIC_URL = "/static/"
# A fresh folder per run, so uploads from one run never leak into the next.
MEDIA_ROOT = tempfile.mkdtemp(prefix="icc-practices-test-media-")
MEDIA_URL = "/media/"
# Proposals' attachments in a folder of this run's own (by default: beside MEDIA_ROOT).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "icc_private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="icc-practices-test-private-")},
    },
}
ICC_PRACTICES_ATTACHMENT_STORAGE = "icc_private"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

WAGTAIL_SITE_NAME = "Test site"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

ICC_PRACTICES_BASE_TEMPLATE = "base.html"
