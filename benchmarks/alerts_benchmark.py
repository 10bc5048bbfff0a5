"""Sending throughput of e-mail alerts (issue 19): 10,000 confirmed subscriptions over many
filters, a few new practices published through Wagtail's page API, then every due message
built and handed to the mail backend, batch by batch, as the worker's tasks do.

    python -m benchmarks.alerts_benchmark --database sqlite --subscriptions 10000
    python -m benchmarks.alerts_benchmark --database postgres --practices 1000

The site is ``benchmarks.host_benchmark``'s (a ``wagtail start`` host, ``DEBUG = False``,
practices created through the page API beside ordinary pages). Subscriptions follow random
filter states (one or two topics, up to two countries), so that most filters are asked by
several addresses, as on a real site (half follow one topic, most others a topic in
one or two countries); a fifth of them are weekly and not due. The mail
backend is Django's in-memory one: what is measured is the package's work (due query, the
query layer per filter, rendering, the claim) and not an SMTP server's, which a real
provider bounds anyway (``ICC_PRACTICES_ALERT_MAILS_PER_HOUR``). Then the same batches are
run again, as a worker retrying them would: they must send nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import statistics
import sys
import time
from urllib.parse import urlencode

from benchmarks.host_benchmark import RESULTS, build_site, grow, prepare_database, prepare_host


def subscribe(index, count: int, rng: random.Random) -> int:
    """``count`` confirmed subscriptions; returns how many distinct filters they follow."""
    from django.utils import timezone

    from icc_practices.models import AlertSubscription, PracticePage, Topic

    topics = sorted(Topic.objects.filter(locale=index.locale).values_list("slug", flat=True))
    countries = sorted(
        {
            code.lower()
            for code in PracticePage.objects.child_of(index).values_list("country__code", flat=True)
        }
    )
    confirmed = timezone.now() - datetime.timedelta(days=8)
    rows, filters = [], set()
    for number in range(count):
        shape = rng.random()  # half follow a topic, most others a topic in a country
        state = {
            "topic": sorted(rng.sample(topics, 2 if shape > 0.9 else 1)),
            "country": sorted(rng.sample(countries, 0 if shape < 0.5 else rng.randint(1, 2))),
        }
        query = urlencode({k: v for k, v in state.items() if v}, doseq=True)
        filters.add(query)
        weekly = number % 5 == 0
        rows.append(
            AlertSubscription(
                email=f"reader{number}@example.org",
                index_page=index,
                query=query,
                language="en",
                frequency="weekly" if weekly else "immediate",
                confirmed_at=confirmed,
                sent_through=confirmed,
                # Weekly ones had their message two days ago: not due.
                last_sent_at=confirmed + datetime.timedelta(days=6) if weekly else None,
            )
        )
    AlertSubscription.objects.bulk_create(rows, batch_size=1000)
    return len(filters)


def publish_new(index, count: int) -> None:
    """``count`` more practices through the page API, now (after the subscriptions)."""
    from icc_practices.models import PracticePage

    sources = list(PracticePage.objects.child_of(index).live().order_by("?")[:count])
    for source in sources:
        copy = source.copy(
            to=index,
            update_attrs={"title": f"New: {source.title}", "slug": f"new-{source.slug}"},
            keep_live=False,
        )
        copy.save_revision().publish()


def send_everything(batch_size: int) -> dict:
    from django.core import mail
    from django.utils import timezone

    from icc_practices.alerts.sending import due_subscription_ids, send_batch

    mail.outbox = []
    now = timezone.now()
    started = time.perf_counter()
    ids = due_subscription_ids(now)
    due_s = time.perf_counter() - started
    batch_times, totals = [], {"sent": 0, "nothing_new": 0, "held_back": 0, "failed": 0}
    batches = [ids[i : i + batch_size] for i in range(0, len(ids), batch_size)]
    for batch in batches:
        begun = time.perf_counter()
        result = send_batch(batch, now).as_dict()
        batch_times.append(time.perf_counter() - begun)
        for key in totals:
            totals[key] += result[key]
    total_s = time.perf_counter() - started
    retried_started = time.perf_counter()
    resent = sum(send_batch(batch, now).sent for batch in batches)
    return {
        "due": len(ids),
        "batches": len(batches),
        **totals,
        "outbox": len(mail.outbox),
        "due_query_ms": round(due_s * 1000, 1),
        "total_s": round(total_s, 2),
        "messages_per_s": round(totals["sent"] / total_s, 1) if total_s else None,
        "subscriptions_per_s": round(len(ids) / total_s, 1) if total_s else None,
        "batch_median_s": round(statistics.median(batch_times), 3) if batch_times else None,
        "retry_s": round(time.perf_counter() - retried_started, 2),
        "resent_on_retry": resent,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--host", choices=["wagtail-start", "example"], default="example")
    parser.add_argument("--practices", type=int, default=1000)
    parser.add_argument("--subscriptions", type=int, default=10000)
    parser.add_argument("--new", type=int, default=5, help="practices published after")
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()

    prepare_host(args.host)
    prepare_database(args.database)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ICC_PRACTICES_ALERT_MAILS_PER_HOUR = 10**9
    index = build_site(args.host)
    grow(index, args.practices, 0, args.practices)
    rng = random.Random(2018)
    started = time.perf_counter()
    filters = subscribe(index, args.subscriptions, rng)
    subscribe_s = time.perf_counter() - started
    publish_new(index, args.new)
    row = {
        "database": connection.vendor,
        "practices": args.practices,
        "subscriptions": args.subscriptions,
        "filters": filters,
        "new_practices": args.new,
        "subscribe_s": round(subscribe_s, 1),
        **send_everything(args.batch_size),
    }
    print(json.dumps(row, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"alerts-{args.database}.json").write_text(json.dumps(row, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
