"""Settings for the example site, read from the environment.

Two profiles, chosen by ICC_EXAMPLE_PROFILE:

- unset or "development" (what `make demo` runs): SQLite unless DATABASE_URL says
  otherwise, DEBUG on, a per-process cache, e-mail to the console, tasks run at once.
  DJANGO_DEBUG, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS behave as their names say.
- "production": PostgreSQL, Redis, the database task worker, WhiteNoise, secure cookies and
  HTTPS, SMTP, logs on stderr. It refuses to start without the variables it needs. Every
  variable is listed in docs/deploying.md.

It installs icc_practices exactly as the README tells any host site to.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    """A yes/no variable: 1, true, yes or on (any case) mean yes; unset means the default."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PROFILE = os.environ.get("ICC_EXAMPLE_PROFILE", "").strip().lower() or "development"
if PROFILE not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"ICC_EXAMPLE_PROFILE is {PROFILE!r}; use 'production', or leave it unset."
    )
PRODUCTION = PROFILE == "production"

if PRODUCTION:
    # A production server that starts half-configured fails later and less clearly: in a
    # leaked debug page, on SQLite, or with editors' e-mails linking to 127.0.0.1.
    _missing = [
        name
        for name in (
            "DJANGO_SECRET_KEY",
            "DJANGO_ALLOWED_HOSTS",
            "DATABASE_URL",
            "WAGTAILADMIN_BASE_URL",
        )
        if not os.environ.get(name, "").strip()
    ]
    if _missing:
        raise ImproperlyConfigured(
            "The production profile needs " + ", ".join(_missing) + " (see docs/deploying.md)."
        )
    if env_flag("DJANGO_DEBUG", False):
        raise ImproperlyConfigured("DJANGO_DEBUG cannot be on in the production profile.")
    DEBUG = False
else:
    DEBUG = os.environ.get("DJANGO_DEBUG", "true").lower() in {"1", "true", "yes"}
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is false.")
    SECRET_KEY = "example-site-insecure-development-key"  # noqa: S105 (development only)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "home",
    # icc-practices and what it needs
    "icc_practices",
    "icc_practices.demo",  # sample practices: load_demo_practices (opt-in)
    "wagtail_modeladmin",
    "django_countries",
    # Wagtail, as `wagtail start` sets it up
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.api.v3",  # the headless API; icc-practices adds its endpoints to it
    "ninja",  # serves the API docs page's Swagger UI locally, not from a CDN
    "wagtail.contrib.forms",
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
    "django_filters",
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
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
# Wagtail i18n: content in English and French (a translated demo subset); the interface
# also in the package's other catalogues, whose pages show the English content.
WAGTAIL_I18N_ENABLED = True
# ASCII page addresses ("cafes", not "caf%C3%A9s" when copied): see docs/decisions.md.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("de", "German"),
    ("it", "Italian"),
    ("es", "Spanish"),
    ("pt", "Portuguese"),
    ("pl", "Polish"),
    ("uk", "Ukrainian"),
    ("el", "Greek"),
    ("nl", "Dutch"),
]
WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("fr", "French")]
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Intercultural City"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# E-mail (proposal notifications) goes to the console unless a server is configured.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "practices@example.org")
MANAGERS = [("Editors", os.environ.get("DJANGO_EDITORS_EMAIL", "editors@example.org"))]

# icc-practices: every setting is optional; see docs/reference/settings.md.
ICC_PRACTICES_BASE_TEMPLATE = "base.html"


if PRODUCTION:
    # Several gunicorn processes, a task worker and a cron job share one database and one
    # cache; docs/deploying.md explains each choice and lists every variable.

    # PostgreSQL. A connection is kept for 60 s rather than opened per request; the health
    # check, run when a request reuses one, replaces a connection that died (PostgreSQL
    # restarted, a failover) instead of failing that request.
    DATABASES = {
        "default": dj_database_url.config(
            conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        # Several processes writing at once (web, worker, cron) is where SQLite locks up.
        raise ImproperlyConfigured("The production profile runs on PostgreSQL (DATABASE_URL).")

    # Two caches. The package's ("icc_practices") is one Redis for every process: counts
    # and results computed once for all, and one proposal rate limit. What visitors may
    # see is decided by the database on every request, and the package serves from the
    # database when Redis fails. Short socket timeouts (redis-py's connection arguments,
    # which Django passes through) bound each cache call to a quarter of a second when
    # Redis hangs; a refused connection fails at once. Django's and Wagtail's own small
    # caches (site root paths, locale names, image renditions) stay in "default", in each
    # process: Wagtail answers 500 when its cache fails, and these take a few queries to
    # rebuild.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "icc_practices": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "icc_example"),
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
    }
    ICC_PRACTICES_CACHE_ALIAS = "icc_practices"
    # Behind a proxy every visitor comes from its address; name the header it sets
    # (HTTP_X_FORWARDED_FOR) so that the proposal form's rate limit counts visitors.
    ICC_PRACTICES_CLIENT_IP_HEADER = os.environ.get("ICC_PRACTICES_CLIENT_IP_HEADER", "REMOTE_ADDR")

    # Background tasks (Wagtail's own and the package's) are stored in the database and run
    # by `manage.py db_worker`. Development keeps django-tasks' default: run at once.
    INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    # Static files from the application with WhiteNoise: hashed names, compressed copies,
    # cached for a year. Run `manage.py collectstatic` on every deploy. Media (uploads) are
    # not served by Django: the web server in front serves MEDIA_ROOT at MEDIA_URL.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        },
    }

    # HTTPS. Turn the redirect off only to test on plain http (a load test on 127.0.0.1):
    # the cookies stay Secure unless DJANGO_SECURE_COOKIES is off too. HSTS starts at an
    # hour, so a mistake is undone within one; raise it to a year (31536000) once every
    # address of the site answers on HTTPS.
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "3600"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD", False)
    # gunicorn already trusts X-Forwarded-Proto from 127.0.0.1 (its FORWARDED_ALLOW_IPS);
    # set this only for another server or arrangement, and only if the proxy always sets
    # or strips the header ("X-Forwarded-Proto" means: "https" there marks a secure request).
    if _proxy_ssl_header := os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip():
        SECURE_PROXY_SSL_HEADER = (
            "HTTP_" + _proxy_ssl_header.upper().replace("-", "_"),
            "https",
        )
    # Django's defaults, stated here so that nobody weakens them unawares. The Referer stays
    # within the site ("Back to results" reads it), other sites learn nothing of what a
    # visitor browsed; no page may be framed (Wagtail's preview allows itself, same origin).
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    # Needed only when the admin is reached under another origin than its Host header.
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

    # E-mail (proposal notifications, password resets) over SMTP. The timeout bounds how
    # long a slow mail server can hold whatever is sending.
    EMAIL_BACKEND = os.environ.get(
        "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
    )
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = 10
    SERVER_EMAIL = DEFAULT_FROM_EMAIL

    # Logs to stderr, where systemd's journal or the container runtime collects them:
    # the package at INFO, everything else from WARNING (errors with their tracebacks).
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"},
        },
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            # Django's own handlers print only in DEBUG and mail ADMINS; replaced by root's.
            "django": {"handlers": [], "level": "WARNING"},
            "icc_practices": {"level": "INFO"},
        },
    }

    # Optional: a caching proxy or CDN in front (Varnish, nginx with proxy_cache) that
    # accepts PURGE requests. Publishing then purges the page (and a practice's PDF).
    if _purge_url := os.environ.get("WAGTAIL_FRONTEND_CACHE_PURGE_URL", "").strip():
        INSTALLED_APPS += ["wagtail.contrib.frontend_cache"]
        WAGTAILFRONTENDCACHE = {
            "default": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": _purge_url,
            }
        }
