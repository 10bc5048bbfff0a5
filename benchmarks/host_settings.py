"""Settings for ``benchmarks/host_benchmark.py``: the host's own settings as a small city
runs it, with what the benchmark sets through the environment before Django starts.

The host (``ICC_BENCHMARK_HOST``):

- ``wagtail-start``: the production settings of a project ``wagtail start`` made, with the
  README's installation step and nothing else (static files collected by the benchmark, as
  a deploy does, for its ``ManifestStaticFilesStorage``);
- ``example``: the example site (``example_site/``), with its own design.

Then, for both:

- ``DATABASE_URL``: the benchmark's own SQLite file or PostgreSQL database;
- ``DEBUG`` off, with a secret key, and the per-process cache a new Wagtail project has
  (``LocMemCache``): every cache the package keeps is in this process;
- tasks are collected (``DummyBackend``) instead of run at once: the benchmark runs the
  seeding's search-index updates itself, once per batch, and a publication during the
  measurement leaves its follow-up work (warming the cards) to a worker that does not run,
  which is what the first visitor after a publication gets;
- PDFs are not rendered on publish (no visitor request waits for them in any case).
"""

import os

import dj_database_url

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")

if os.environ.get("ICC_BENCHMARK_HOST") == "example":
    from example_site.settings import *  # noqa: F403
else:
    from benchhost.settings.production import *  # noqa: F403

    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")

DEBUG = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
ICC_PRACTICES_PDF_RENDER_ON_PUBLISH = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
