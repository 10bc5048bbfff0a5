"""Benchmark settings: the test settings, with a real database of their own and DEBUG off.

SQLite: a file in the system temp folder. PostgreSQL: DATABASE_URL (the script creates
and drops the database named there).
"""

import os
import tempfile

from tests.settings import *  # noqa: F403

DATABASES = {
    "default": dj_database_url.config(  # noqa: F405
        default="sqlite:///" + os.path.join(tempfile.gettempdir(), "icc-practices-bench.sqlite3")
    )
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DEBUG = False

# A host site as the README makes one: without the test suite's own host app and its facet.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "tests.urbact"]  # noqa: F405
