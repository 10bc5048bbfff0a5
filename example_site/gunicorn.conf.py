"""gunicorn settings for the example site's production profile (docs/deploying.md).

From any folder (it changes to its own, where `example_site.settings` is importable):

    gunicorn -c /srv/icc/example_site/gunicorn.conf.py

Each worker is a process with its own memory (about 150 MB with the app loaded) and its own
threads. Every worker holds up to `threads` database connections, so workers x threads,
plus the task worker and the cron job, must stay under PostgreSQL's max_connections.
"""

import os
from pathlib import Path

# This file serves the production profile; the rest of the environment (secret key,
# database, hosts) must come from the service's environment file.
os.environ.setdefault("ICC_EXAMPLE_PROFILE", "production")
wsgi_app = "example_site.wsgi:application"
chdir = str(Path(__file__).resolve().parent)

# Where the web server in front connects; on the same machine by default, so the
# application is never reachable without it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Processes, and threads in each. Threads suit this application: a request waits on
# PostgreSQL, Redis or a PDF render far more than it computes. Two processes keep the site
# up while one restarts; add processes for more cores, threads for more waiting.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A worker whose main loop has not reported for `timeout` seconds is killed and replaced.
# With threads that loop keeps running while requests are slow, so this catches a hung
# process, not a slow request. It stays above ICC_PRACTICES_PDF_RENDER_TIMEOUT (20 s), the
# longest a request waits for a PDF on purpose.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On restart or reload, requests in progress get this long to finish.
graceful_timeout = 30
keepalive = 5

# Replace each worker after about 20,000 requests, at staggered times, so that memory
# a library holds on to is given back and workers never restart all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10

# Access log on stdout, errors on stderr: systemd's journal collects both. %(M)s is the
# request's time in milliseconds, %(p)s the worker's process id.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" %(p)s'

# gunicorn 25.1+ opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl),
# which a second instance would take over; systemd and signals are enough here.
control_socket_disable = True
