"""Settings for ``benchmarks/load_fault.py``: the example site as a city deploys it (its
production profile, ``ICC_EXAMPLE_PROFILE=production``, which the script sets with the
variables that profile reads: database, Redis, hosts, SMTP server), plus what a load test
needs, each from an ``ICC_LOAD_*`` variable the script sets:

- ``ICC_LOAD_PDF_RENDER_ON_PUBLISH``: ``ICC_PRACTICES_PDF_RENDER_ON_PUBLISH`` (off while
  seeding 10,000 practices; unset, the package's default, for the site under load);
- ``ICC_LOAD_SUBMISSIONS_PER_HOUR``: the proposal rate limit (every proposal of the test
  comes from 127.0.0.1);
- ``ICC_LOAD_SEEDING``: tasks are collected instead of queued, and the seed runs them once
  per batch (``benchmarks/load_seed.py``).

Nothing else is changed: caches, database options, static files, logging, timeouts and the
task backend are the production profile's own.
"""

import os

from example_site.settings import *  # noqa: F403

if "ICC_LOAD_PDF_RENDER_ON_PUBLISH" in os.environ:
    ICC_PRACTICES_PDF_RENDER_ON_PUBLISH = env_flag("ICC_LOAD_PDF_RENDER_ON_PUBLISH", True)  # noqa: F405
ICC_PRACTICES_SUBMISSIONS_PER_HOUR = int(os.environ.get("ICC_LOAD_SUBMISSIONS_PER_HOUR", "100000"))

if env_flag("ICC_LOAD_SEEDING", False):  # noqa: F405
    # The seed runs what would be queued (search and reference index updates) itself, once
    # per batch of pages, rather than leaving 20,000 tasks to the worker of every run.
    TASKS = {
        alias: {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
        for alias in globals().get("TASKS", {"default": None})
    }
