"""Load and fault test of the example site as a city runs it (production profile).

    make loadtest                                   # installs the production requirements
    python -m benchmarks.load_fault                 # 10,000 practices, 20 s per scenario
    python -m benchmarks.load_fault --quick         # 500 practices, 5 s per scenario

What it does, stopping everything it started at the end (also on Ctrl-C or a failure):

1. A private PostgreSQL cluster (port 5440, data kept in --state-dir) and a private Redis
   (port 6390, no persistence); the machine's own servers are never touched. The site is
   seeded once through Wagtail's page API (``benchmarks/load_seed.py``) into a template
   database, ``icc_load_seed``, reused while its seed version matches; each run works on
   ``CREATE DATABASE ... TEMPLATE icc_load_seed``.
2. gunicorn with ``example_site/gunicorn.conf.py`` (2 processes) and the task worker
   (``manage.py db_worker``), production profile (``benchmarks/load_settings.py``). The
   worker is started again 5 s after it exits, as docs/deploying.md's systemd unit does.
3. Load from this process, ``--clients`` threads in a closed loop, each scenario for
   ``--duration`` seconds: a plain Wagtail page (the reference), the home page, warm URLs,
   new filter states,
   practice pages, the API, and a burst of 32 PDF requests while the index is browsed.
4. Faults under load: Redis stopped and started again, PostgreSQL restarted, and a mail
   server that accepts connections and never answers while proposals are sent.
5. A Markdown report with PASS/FAIL for each target, printed and written to --output
   (default /tmp/load_fault.md), with JSON next to it; logs stay in a /tmp/icc-load-fault-*
   folder named in the report.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from importlib import metadata
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from benchmarks.load_client import (
    Connection,
    Response,
    UrlSource,
    errors,
    fingerprint,
    percentile,
    run_load,
    summarise,
)
from benchmarks.load_seed import SEED_VERSION
from benchmarks.load_services import (
    MailServer,
    Postgres,
    Process,
    Redis,
    free_port,
    port_open,
    wait_until,
)

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "example_site"
RUN_DATABASE = "icc_load_run"
PDF_BURST = 32

# Targets the report marks PASS or FAIL.
PLAIN = "plain Wagtail page (/about/)"
TARGET_FILTER_RATIO = 0.5  # new filter states: at least half the plain page's throughput
TARGET_WARM_RATIO = 0.7  # warm URLs: at least 70 % of it
TARGET_BURST_P95 = 3.0  # index p95 during the PDF burst: at most 3 x alone
TARGET_PG_RECOVERY_S = 5.0  # requests succeed again within 5 s of PostgreSQL being back
TARGET_POST_P95_MS = 1000.0  # a proposal is answered within 1 s while the mail server hangs


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Interrupted(Exception):
    pass


def _on_signal(signum, _frame) -> None:
    raise Interrupted(f"signal {signum}")


# ---------------------------------------------------------------------------------------
# Machine load: all cores busy, and this process's own CPU


class CpuMeter:
    """Share of the machine's CPU that was busy (all processes, all cores) and of one core
    this process used, between ``start`` and ``stop``."""

    @staticmethod
    def _machine() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields), idle

    def start(self) -> CpuMeter:
        self._machine_start = self._machine()
        self._process_start = time.process_time()
        self._wall_start = time.monotonic()
        return self

    def stop(self) -> dict:
        total, idle = self._machine()
        total0, idle0 = self._machine_start
        wall = time.monotonic() - self._wall_start
        busy = 1 - (idle - idle0) / max(1, total - total0)
        return {
            "machine_busy_pct": round(100 * busy, 0),
            "client_cpu_pct": round(100 * (time.process_time() - self._process_start) / wall, 0),
        }


# ---------------------------------------------------------------------------------------
# Environment and processes


def django_env(args, database: str, *, web_port: int, mail_port: int, redis: Redis) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "ICC_", "EMAIL_"))
        and key not in {"DATABASE_URL", "REDIS_URL", "WAGTAILADMIN_BASE_URL", "PYTHONPATH"}
    }
    env.update(
        {
            "PYTHONPATH": f"{REPO}{os.pathsep}{EXAMPLE}",
            "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
            "ICC_EXAMPLE_PROFILE": "production",
            "DJANGO_SECRET_KEY": args.secret_key,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{args.pg_port}/{database}",
            "REDIS_URL": redis.url,
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{web_port}",
            # Plain http on 127.0.0.1, and forms posted: see docs/deploying.md.
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_STATIC_ROOT": str(args.state_dir / "static"),
            "DJANGO_MEDIA_ROOT": str(args.run_dir / "media"),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_port),
            "GUNICORN_BIND": f"127.0.0.1:{web_port}",
            "GUNICORN_WORKERS": "2",
            "ICC_LOAD_SUBMISSIONS_PER_HOUR": "100000",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run_command(argv: list[str], env: dict, cwd: Path, log_path: Path, timeout: float) -> str:
    """Run a Django command to completion in a session of its own; its stdout, or an
    error quoting the end of its log."""
    with open(log_path, "ab") as err:
        process = subprocess.Popen(  # noqa: S603 (our own argv)
            argv,
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            out, _ = process.communicate(timeout=timeout)
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
    if process.returncode:
        tail = log_path.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(argv[1:4])} failed ({process.returncode}):\n{tail}")
    return out.decode(errors="replace")


def seed_fingerprint(practices: int) -> dict:
    """What a template must match to be reused: the seed's version and size. Migrations
    added since are applied to the template before each run, as a city upgrading would."""
    return {"seed_version": SEED_VERSION, "practices": practices}


def template_name(practices: int) -> str:
    return "icc_load_seed" if practices == 10000 else f"icc_load_seed_{practices}"


def database_comment(pg: Postgres, name: str) -> dict | None:
    with pg.connect() as db:
        row = db.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
    if row is None:
        return None
    try:
        return json.loads(row[0] or "{}")
    except ValueError:
        return {}


def drop_database(pg: Postgres, name: str) -> None:
    with pg.connect() as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ensure_template(args, pg: Postgres, redis: Redis) -> dict:
    """The seeded template database, built if missing or outdated; its description."""
    name = template_name(args.practices)
    wanted = seed_fingerprint(args.practices)
    existing = database_comment(pg, name)
    if existing is not None and not args.reseed:
        if all(existing.get(key) == value for key, value in wanted.items()):
            log(f"template {name} reused (seeded {existing.get('created')})")
            return {**existing, "reused": True, "name": name}
        log(f"template {name} is outdated ({existing}); seeding again")
    building = f"{name}_building"
    drop_database(pg, building)
    with pg.connect() as db:
        db.execute(f'CREATE DATABASE "{building}"')
    media = args.state_dir / f"media-{name}"
    shutil.rmtree(media, ignore_errors=True)
    env = django_env(args, building, web_port=args.web_port, mail_port=1, redis=redis)
    env.update(
        {
            "ICC_LOAD_SEEDING": "1",
            "ICC_LOAD_PDF_RENDER_ON_PUBLISH": "false",
            "DJANGO_MEDIA_ROOT": str(media),
        }
    )
    log(f"seeding {args.practices:,} practices through the page API into {name} ...")
    started = time.monotonic()
    seed_log = args.run_dir / "seed.log"
    argv = [sys.executable, "-m", "benchmarks.load_seed", "--practices", str(args.practices)]
    argv += ["--workers", str(args.seed_workers)]
    process = Process("seed", argv, env=env, cwd=REPO, log=seed_log).start()
    try:
        shown = 0
        while process.popen.poll() is None:
            time.sleep(1)
            lines = seed_log.read_text(errors="replace").splitlines()
            for line in lines[shown:]:
                if "practices" in line and "/" in line and line.startswith("  "):
                    log(f"  seed:{line.strip()}  ({time.monotonic() - started:.0f} s)")
            shown = len(lines)
        if process.popen.returncode:
            tail = seed_log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"seeding failed:\n{tail}")
    finally:
        process.stop()
    seconds = time.monotonic() - started
    timings = {}
    for line in reversed(seed_log.read_text(errors="replace").splitlines()):
        if line.startswith("{"):
            timings = json.loads(line)
            break
    description = {
        **wanted,
        "created": datetime.datetime.now().isoformat(timespec="seconds"),
        "seed_seconds": round(seconds, 1),
        "timings": timings,
        "seed_workers": args.seed_workers,
    }
    drop_database(pg, name)
    with pg.connect() as db:
        db.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        comment = json.dumps(description).replace("'", "''")
        db.execute(f"COMMENT ON DATABASE \"{name}\" IS '{comment}'")
    log(f"seeded in {seconds:.0f} s: {timings}")
    return {**description, "reused": False, "name": name}


def prepare_run_database(args, pg: Postgres, template: dict) -> None:
    drop_database(pg, RUN_DATABASE)
    started = time.monotonic()
    with pg.connect() as db:
        db.execute(f'CREATE DATABASE "{RUN_DATABASE}" TEMPLATE "{template["name"]}"')
    media = args.state_dir / f"media-{template['name']}"
    if media.exists():
        shutil.copytree(media, args.run_dir / "media", dirs_exist_ok=True)
    log(f"run database copied from {template['name']} in {time.monotonic() - started:.1f} s")


def site_address(pg: Postgres, port: int) -> None:
    """Absolute links (hreflang, the PDF's address and its resources) point at our server."""
    with pg.connect(RUN_DATABASE) as db:
        db.execute(
            "UPDATE wagtailcore_site SET hostname = '127.0.0.1', port = %s WHERE is_default_site",
            (port,),
        )


# ---------------------------------------------------------------------------------------
# What the site holds, for building URLs


class SiteData:
    def __init__(self, pg: Postgres) -> None:
        with pg.connect(RUN_DATABASE) as db:
            root = db.execute(
                "SELECT p.url_path FROM wagtailcore_site s JOIN wagtailcore_page p "
                "ON p.id = s.root_page_id WHERE s.is_default_site"
            ).fetchone()[0]
            self.topics = [
                row[0]
                for row in db.execute(
                    "SELECT DISTINCT t.slug FROM icc_practices_topic t "
                    "JOIN icc_practices_practicepage_topics pt ON pt.topic_id = t.id ORDER BY 1"
                )
            ]
            self.countries = [
                row[0].lower()
                for row in db.execute(
                    "SELECT DISTINCT c.code FROM icc_practices_country c "
                    "JOIN icc_practices_practicepage p ON p.country_id = c.id ORDER BY 1"
                )
            ]
            self.years = [
                row[0]
                for row in db.execute(
                    "SELECT DISTINCT year FROM icc_practices_practicepage ORDER BY 1"
                )
            ]
            rows = db.execute(
                "SELECT p.id, p.url_path FROM wagtailcore_page p JOIN "
                "icc_practices_practicepage pp ON pp.page_ptr_id = p.id WHERE p.live ORDER BY p.id"
            ).fetchall()
            index_path = db.execute(
                "SELECT p.url_path FROM wagtailcore_page p JOIN icc_practices_practiceindexpage i "
                "ON i.page_ptr_id = p.id ORDER BY p.path LIMIT 1"
            ).fetchone()[0]
        self.practices = [(pk, "/" + path[len(root) :]) for pk, path in rows]
        self.index = "/" + index_path[len(root) :]
        self.home = "/"
        self.core_page = "/about/"  # load_seed.ORDINARY_SECTIONS

    def filter_params(self, rng: random.Random) -> list[tuple[str, str]]:
        params = [("topic", t) for t in sorted(rng.sample(self.topics, rng.choice((0, 1, 1, 2))))]
        params += [
            ("country", c) for c in sorted(rng.sample(self.countries, rng.choice((0, 1, 1, 2))))
        ]
        if rng.random() < 0.6:
            params.append(("year", str(rng.choice(self.years))))
        return params

    def new_filter_states(self, seed: int, seen: set[str]):
        """Endless filter states (topics, countries, a year), each only once in the run."""
        rng = random.Random(seed)
        misses = 0
        while misses < 10000:
            params = self.filter_params(rng)
            query = urlencode(params)
            if not params or query in seen:
                misses += 1
                continue
            seen.add(query)
            yield query

    def practice_urls(self, seed: int):
        rng = random.Random(seed)
        urls = [url for _pk, url in self.practices]
        while True:
            rng.shuffle(urls)
            yield from urls


# ---------------------------------------------------------------------------------------
# Scenarios


def scenario(
    name: str, args, source, results: list, *, plain_rps: float | None = None, note: str = ""
) -> dict:
    meter = CpuMeter().start()
    responses, elapsed = run_load(args.web_port, source, args.duration, args.clients)
    row = {**summarise(name, responses, elapsed), **meter.stop(), "note": note}
    if plain_rps:
        row["ratio"] = round(row["rps"] / plain_rps, 2)
    results.append(row)
    log(
        f"{name}: {row['requests']} requests, {row['rps']} rps, p50 {row['p50_ms']} ms, "
        f"p95 {row['p95_ms']} ms, p99 {row['p99_ms']} ms, errors {row['errors'] or 'none'}"
        + (f", {row['ratio']:.2f} x plain" if plain_rps else "")
        + f" (machine {row['machine_busy_pct']:.0f} % busy)"
    )
    return row


def warm_urls(site: SiteData) -> list[str]:
    topic, country, year = site.topics[0], site.countries[0], site.years[len(site.years) // 2]
    (first_id, first), (_, second), (_, third) = site.practices[:3]
    api = "/api/v3/practices/"
    return [
        site.index,
        f"{site.index}?topic={topic}",
        f"{site.index}?country={country}&year={year}",
        f"{site.index}?page=2",
        first,
        second,
        third,
        api,
        f"{api}?topic={topic}",
        f"{api}facets/?country={country}",
        f"{api}{first_id}/",
    ]


def api_urls(site: SiteData, seed: int, seen: set[str]):
    """Listings and facet counts for new filter states, and practices' details."""
    rng = random.Random(seed)
    states = site.new_filter_states(seed + 1, seen)
    api = "/api/v3/practices/"
    while True:
        draw = rng.random()
        if draw < 0.4:
            yield f"{api}?{next(states)}"
        elif draw < 0.7:
            yield f"{api}facets/?{next(states)}"
        else:
            yield f"{api}{rng.choice(site.practices)[0]}/"


def mixed_urls(site: SiteData, seed: int, seen: set[str]):
    """What visitors do at once: new and warm filter states, practices, the API."""
    rng = random.Random(seed)
    states = site.new_filter_states(seed + 1, seen)
    practices = site.practice_urls(seed + 2)
    api = api_urls(site, seed + 3, seen)
    warm = warm_urls(site)
    while True:
        draw = rng.random()
        if draw < 0.3:
            yield f"{site.index}?{next(states)}"
        elif draw < 0.5:
            yield rng.choice(warm)
        elif draw < 0.75:
            yield next(practices)
        else:
            yield next(api)


def pdf_burst(args, site: SiteData, results: list, plain_rps: float, seen: set[str]) -> dict:
    """The index browsed alone, then the same with 32 PDF requests at once; PDFs are asked
    again after their Retry-After until they are there (bounded)."""
    index_urls = warm_urls(site)[:4]
    for url in index_urls:
        Connection(args.web_port).request(url)
    alone = scenario(
        "index alone (before the PDF burst)",
        args,
        UrlSource(index_urls, cycle=True),
        results,
        plain_rps=plain_rps,
    )

    rng = random.Random(32)
    warm = set(warm_urls(site))
    candidates = [url for _pk, url in site.practices if url not in warm]
    chosen = rng.sample(candidates, min(PDF_BURST, len(candidates)))
    deadline_s = args.duration + args.pdf_wait
    pdfs: list[dict] = []
    lock = threading.Lock()
    burst_start = time.monotonic()
    start_gate = threading.Event()

    def fetch(url: str) -> None:
        connection = Connection(args.web_port)
        record = {"url": url + "pdf/", "attempts": []}
        start_gate.wait()
        while True:
            response = connection.request(url + "pdf/")
            record["attempts"].append(
                {
                    "at_s": round(response.started - burst_start, 2),
                    "status": response.status,
                    "ms": round(response.latency * 1000, 1),
                    "retry_after": response.headers.get("retry-after"),
                    "type": response.headers.get("content-type", ""),
                }
            )
            if response.status == 200 or time.monotonic() - burst_start > deadline_s:
                break
            try:
                wait = float(response.headers.get("retry-after") or 5)
            except ValueError:
                wait = 5.0
            time.sleep(min(max(wait, 0.5), 10.0))
        connection.close()
        if record["attempts"][-1]["status"] == 200:
            record["ready_after_s"] = round(time.monotonic() - burst_start, 1)
        with lock:
            pdfs.append(record)

    threads = [threading.Thread(target=fetch, args=(url,), daemon=True) for url in chosen]
    for thread in threads:
        thread.start()
    meter = CpuMeter().start()
    box: dict = {}

    def index_load() -> None:
        box["responses"], box["elapsed"] = run_load(
            args.web_port, UrlSource(index_urls, cycle=True), args.duration, args.clients
        )

    loader = threading.Thread(target=index_load, daemon=True)
    burst_start = time.monotonic()
    start_gate.set()
    loader.start()
    loader.join()
    during = {
        **summarise("index during the PDF burst", box["responses"], box["elapsed"]),
        **meter.stop(),
        "note": f"{len(chosen)} PDF requests at once at the start",
    }
    during["ratio"] = round(during["rps"] / plain_rps, 2)
    results.append(during)
    log(
        f"index during PDF burst: {during['requests']} requests, p95 {during['p95_ms']} ms "
        f"(alone {alone['p95_ms']} ms), errors {during['errors'] or 'none'}"
    )
    for thread in threads:
        thread.join(max(1.0, deadline_s - (time.monotonic() - burst_start)) + 15)
    first = [record["attempts"][0] for record in pdfs]
    ready = [record["ready_after_s"] for record in pdfs if "ready_after_s" in record]
    burst = {
        "pdfs": len(chosen),
        "first_statuses": dict(Counter(str(attempt["status"]) for attempt in first)),
        "first_p50_ms": round(percentile([a["ms"] for a in first], 0.5), 1),
        "first_max_ms": round(max((a["ms"] for a in first), default=float("nan")), 1),
        "retry_after": sorted({str(a["retry_after"]) for a in first}),
        "ready": len(ready),
        "all_ready_after_s": max(ready) if len(ready) == len(chosen) else None,
        "ready_p50_s": round(percentile(ready, 0.5), 1) if ready else None,
        "gave_up_after_s": deadline_s,
        "index_p95_alone_ms": alone["p95_ms"],
        "index_p95_during_ms": during["p95_ms"],
        "p95_ratio": round(during["p95_ms"] / alone["p95_ms"], 2) if alone["p95_ms"] else None,
        "urls": chosen,
        "samples": pdfs[:3],
    }
    log(
        f"PDF burst: {json.dumps({k: v for k, v in burst.items() if k not in ('urls', 'samples')})}"
    )
    return burst


# ---------------------------------------------------------------------------------------
# Faults


def windows(responses: list[Response], marks: list[tuple[str, float]], end: float) -> dict:
    """Responses split by start time at ``marks`` (name, time the window starts); the
    last window ends at ``end``."""
    out = {}
    for number, (name, start) in enumerate(marks):
        stop = marks[number + 1][1] if number + 1 < len(marks) else end
        chosen = [r for r in responses if start <= r.started < stop]
        out[name] = summarise(name, chosen, max(stop - start, 1e-9))
        out[name]["http_500"] = sum(1 for r in chosen if r.status == 500)
    return out


class Checker:
    """Asks a fixed set of URLs in turn and compares what they say with a reference taken
    while everything was up."""

    def __init__(self, port: int, urls: list[str]) -> None:
        self.port, self.urls = port, urls
        connection = Connection(port)
        self.reference = {}
        for url in urls:
            response = connection.request(url, keep_body=True)
            self.reference[url] = fingerprint(response)
        connection.close()
        self.results: list[tuple[float, str, bool, object]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> Checker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(90)

    def _run(self) -> None:
        connection = Connection(self.port)
        number = 0
        while not self._stop.is_set():
            url = self.urls[number % len(self.urls)]
            number += 1
            response = connection.request(url, keep_body=True)
            seen = fingerprint(response)
            self.results.append(
                (response.started, url, seen == self.reference[url], response.status)
            )
            time.sleep(0.05)
        connection.close()

    def between(self, start: float, end: float) -> dict:
        chosen = [r for r in self.results if start <= r[0] < end]
        wrong = [(url, status) for _t, url, same, status in chosen if not same]
        return {"checked": len(chosen), "different": len(wrong), "examples": wrong[:5]}


def checker_urls(site: SiteData) -> list[str]:
    rng = random.Random(77)
    urls = [
        site.index,
        *(f"{site.index}?{urlencode(site.filter_params(rng)) or 'page=2'}" for _ in range(5)),
    ]
    urls += ["/api/v3/practices/", f"/api/v3/practices/facets/?topic={site.topics[1]}"]
    urls += [f"/api/v3/practices/?{urlencode(site.filter_params(rng)) or 'page=3'}"]
    urls += [site.practices[5][1], site.home]
    return urls


def redis_fault(args, site: SiteData, redis: Redis, seen: set[str]) -> dict:
    check = Checker(args.web_port, checker_urls(site))
    before, down, after = args.fault_seconds / 2, args.fault_seconds, args.fault_seconds
    box: dict = {}
    source = UrlSource(mixed_urls(site, 501, seen))
    loader = threading.Thread(
        target=lambda: box.update(
            zip(
                ("responses", "elapsed"),
                run_load(args.web_port, source, before + down + after, args.clients),
                strict=True,
            )
        ),
        daemon=True,
    )
    start = time.monotonic()
    loader.start()
    check.start()
    time.sleep(before)
    t_down = time.monotonic()
    redis.stop()
    log("Redis stopped")
    time.sleep(down)
    t_up = time.monotonic()
    redis.start()
    log("Redis started again (empty)")
    loader.join()
    check.stop()
    parts = windows(
        box["responses"],
        [("Redis up", start), ("Redis down", t_down), ("Redis back (empty)", t_up)],
        start + box["elapsed"],
    )
    result = {
        "windows": parts,
        "http_500_while_down": parts["Redis down"]["http_500"],
        "correct_while_down": check.between(t_down, t_up),
        "correct_after": check.between(t_up, time.monotonic()),
        "correct_before": check.between(start, t_down),
        "checked_urls": len(check.urls),
    }
    log(f"Redis fault: {json.dumps({k: v for k, v in result.items() if k != 'windows'})}")
    return result


def postgres_fault(args, site: SiteData, pg: Postgres, seen: set[str]) -> dict:
    before, after = args.fault_seconds / 2, args.fault_seconds
    box: dict = {}
    source = UrlSource(mixed_urls(site, 601, seen))
    restart_budget = 30.0
    stop = threading.Event()
    loader = threading.Thread(
        target=lambda: box.update(
            zip(
                ("responses", "elapsed"),
                run_load(
                    args.web_port, source, before + restart_budget + after, args.clients, stop=stop
                ),
                strict=True,
            )
        ),
        daemon=True,
    )
    start = time.monotonic()
    loader.start()
    time.sleep(before)
    t_restart = time.monotonic()
    pg.restart()
    t_ready = time.monotonic()
    log(f"PostgreSQL restarted ({t_ready - t_restart:.1f} s until it accepted connections)")
    time.sleep(after)
    stop.set()
    loader.join()
    responses = box["responses"]
    # Failures answered once the restart began (some were sent just before it).
    failed = [r for r in responses if not r.ok and r.started + r.latency >= t_restart]
    after_ready = [r for r in responses if r.started >= t_ready]
    last_failure_end = max((r.started + r.latency for r in failed), default=None)
    first_ok_after = min((r.started + r.latency for r in after_ready if r.ok), default=None)
    parts = windows(
        responses,
        [("before", start), ("restarting", t_restart), ("after", t_ready)],
        start + box["elapsed"],
    )
    result = {
        "windows": parts,
        "restart_s": round(t_ready - t_restart, 2),
        "failed": len(failed),
        "failed_by_status": dict(errors(failed)),
        "failures_after_ready": sum(1 for r in failed if r.started >= t_ready),
        "recovered_after_ready_s": round(max(0.0, last_failure_end - t_ready), 2)
        if last_failure_end
        else 0.0,
        "first_success_after_ready_s": round(first_ok_after - t_ready, 2)
        if first_ok_after
        else None,
        "outage_s": round(last_failure_end - min(r.started for r in failed), 2) if failed else 0.0,
    }
    log(f"PostgreSQL fault: {json.dumps({k: v for k, v in result.items() if k != 'windows'})}")
    return result


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
_TOPIC_INPUT = re.compile(rb'name="topics" value="(\d+)"')


def send_proposal(port: int, index: str, marker: str, number: int) -> dict:
    """GET the form (CSRF cookie and token, topic ids), POST a valid proposal."""
    connection = Connection(port)
    form_url = index + "propose/"
    form = connection.request(form_url, keep_body=True)
    result = {"number": number, "form_status": form.status}
    if form.status != 200:
        connection.close()
        return result
    cookie = form.headers.get("set-cookie", "")
    token_cookie = re.search(r"csrftoken=([^;]+)", cookie)
    token = _CSRF_INPUT.search(form.body)
    topics = _TOPIC_INPUT.findall(form.body)[:2]
    fields = [
        ("csrfmiddlewaretoken", token.group(1).decode() if token else ""),
        ("title", f"{marker} {number}: neighbourhood mediators"),
        ("country", "ES"),
        ("cities", "Barcelona"),
        ("year", "2021"),
        ("period", "2021 - ongoing"),
        *(("topics", topic.decode()) for topic in topics),
        ("summary", "Mediators trained by the city help neighbours settle disputes."),
        ("purpose", "To prevent conflicts in diverse neighbourhoods."),
        ("rationale", "Conflicts grew with rapid change."),
        ("process", "Training, then a pilot in two districts."),
        ("impact", "Fewer complaints to the police."),
        ("partners", "Neighbourhood associations"),
        ("links", "https://example.org/mediators"),
        ("contact_name", "Load Test"),
        ("organisation", "City of Testing"),
        ("contact_email", f"load-{number}@example.org"),
        ("consent", "on"),
        ("website", ""),
    ]
    body = urlencode(fields).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={token_cookie.group(1)}" if token_cookie else "",
        "Referer": f"http://127.0.0.1:{port}{form_url}",
        "Origin": f"http://127.0.0.1:{port}",
    }
    post = connection.request(form_url, method="POST", body=body, headers=headers, keep_body=True)
    connection.close()
    location = post.headers.get("location", "")
    result.update(
        {
            "status": post.status,
            "ms": round(post.latency * 1000, 1),
            "location": location,
            "confirmation": (parse_qs(urlsplit(location).query).get("confirmation") or [""])[0],
        }
    )
    if post.status != 302:
        result["body_start"] = post.body[:300].decode(errors="replace")
    return result


def task_counts(pg: Postgres) -> dict:
    """Tasks by name and status (a RUNNING one that stays so was cut off by a crash)."""
    with contextlib.suppress(Exception), pg.connect(RUN_DATABASE) as db:
        rows = db.execute(
            "SELECT task_path, status, count(*) FROM django_tasks_database_dbtaskresult "
            "GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
        return {f"{path.rsplit('.', 1)[-1]}: {status}": count for path, status, count in rows}
    return {}


def pending_tasks(pg: Postgres) -> int | None:
    """Tasks due and not finished: ready to run, or running for less than a minute (one
    that has been RUNNING longer was orphaned by a worker that died)."""
    with contextlib.suppress(Exception), pg.connect(RUN_DATABASE) as db:
        return db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            # django-tasks-db marks "as soon as possible" with the largest date.
            "WHERE (status = 'READY' AND (run_after <= now() OR run_after >= '9999-01-01')) "
            "OR (status = 'RUNNING' AND started_at > now() - interval '1 minute')"
        ).fetchone()[0]
    return None


def wait_for_queue(pg: Postgres, limit: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if pending_tasks(pg) == 0:
            return round(time.monotonic() - started, 1)
        time.sleep(0.5)
    return None


def mail_fault(args, site: SiteData, pg: Postgres, mail: MailServer) -> dict:
    marker = f"Load test {args.run_id}"
    count_ok, count_hung = args.proposals, args.proposals * 2
    result: dict = {"marker": marker}

    mail.mode = "ok"
    delivered_before = mail.delivered
    ok_posts = [send_proposal(args.web_port, site.index, marker, n) for n in range(count_ok)]
    drained = wait_for_queue(pg, 60)
    result["mail_ok"] = {
        "posts": ok_posts,
        "post_p95_ms": round(percentile([p.get("ms", float("nan")) for p in ok_posts], 0.95), 1),
        "statuses": dict(Counter(str(p.get("status", p["form_status"])) for p in ok_posts)),
        "confirmations": dict(Counter(p.get("confirmation", "") for p in ok_posts)),
        "queue_drained_s": drained,
        "mails_delivered": mail.delivered - delivered_before,
    }
    log(
        "proposals, mail server working: "
        + json.dumps({k: v for k, v in result["mail_ok"].items() if k != "posts"})
    )

    mail.mode = "hang"
    delivered_before = mail.delivered
    probe_box: dict = {}
    probe_stop = threading.Event()
    probe = threading.Thread(
        target=lambda: probe_box.update(
            zip(
                ("responses", "elapsed"),
                run_load(
                    args.web_port,
                    UrlSource([site.home, site.index], cycle=True),
                    600,
                    1,
                    stop=probe_stop,
                ),
                strict=True,
            )
        ),
        daemon=True,
    )
    probe.start()
    hung_posts: list[dict] = []
    lock = threading.Lock()

    def submit(numbers: list[int]) -> None:
        for number in numbers:
            outcome = send_proposal(args.web_port, site.index, marker, number)
            with lock:
                hung_posts.append(outcome)

    numbers = list(range(count_ok, count_ok + count_hung))
    senders = [
        threading.Thread(target=submit, args=(numbers[n::4],), daemon=True) for n in range(4)
    ]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(300)
    time.sleep(args.mail_hang_seconds)  # the worker meets the hung server meanwhile
    probe_stop.set()
    probe.join()
    hung_connections = mail.connections["hang"]
    mail.mode = "ok"
    mail.release_hung()
    drained = wait_for_queue(pg, args.pdf_wait + 60)
    with pg.connect(RUN_DATABASE) as db:
        stored = db.execute(
            "SELECT count(*) FROM icc_practices_practicesubmission WHERE title LIKE %s",
            (marker + " %",),
        ).fetchone()[0]
    result["mail_hung"] = {
        "posts": hung_posts,
        "post_p50_ms": round(percentile([p.get("ms", float("nan")) for p in hung_posts], 0.5), 1),
        "post_p95_ms": round(percentile([p.get("ms", float("nan")) for p in hung_posts], 0.95), 1),
        "post_max_ms": max((p.get("ms", 0) for p in hung_posts), default=None),
        "statuses": dict(Counter(str(p.get("status", p["form_status"])) for p in hung_posts)),
        "confirmations": dict(Counter(p.get("confirmation", "") for p in hung_posts)),
        "site_while_hung": summarise(
            "home and index while mail hangs", probe_box["responses"], probe_box["elapsed"]
        ),
        "connections_to_hung_server": hung_connections,
        "queue_drained_after_restore_s": drained,
        "mails_delivered_after_restore": mail.delivered - delivered_before,
        "mails_expected": 2 * count_hung,
    }
    result["proposals_sent"] = count_ok + count_hung
    result["proposals_stored"] = stored
    result["tasks"] = task_counts(pg)
    log(
        "proposals, mail server hung: "
        + json.dumps({k: v for k, v in result["mail_hung"].items() if k != "posts"})
    )
    log(f"proposals stored: {stored} of {count_ok + count_hung}")
    return result


def worker_check(args, site: SiteData, used: set[str]) -> dict:
    """After the faults: does the task worker still render a PDF that was never asked?"""
    connection = Connection(args.web_port)
    for _pk, url in reversed(site.practices):
        if url not in used:
            break
    started = time.monotonic()
    statuses = []
    while time.monotonic() - started < args.pdf_wait + 30:
        response = connection.request(url + "pdf/")
        statuses.append(response.status)
        if response.status == 200:
            connection.close()
            return {"url": url + "pdf/", "ready_after_s": round(time.monotonic() - started, 1)}
        time.sleep(1)
    connection.close()
    return {
        "url": url + "pdf/",
        "ready_after_s": None,
        "statuses": dict(Counter(map(str, statuses))),
    }


# ---------------------------------------------------------------------------------------
# Logs and machine


_LOG_PROBLEM = re.compile(
    r"\b(WARNING|ERROR|CRITICAL|WORKER TIMEOUT)\b|\[(WARNING|ERROR|CRITICAL)\]"
)
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Shutdown)\b.*")
_DIGITS = re.compile(r"\d+")
_ACCESS_LINE = re.compile(r'^\S+ \[[^]]+\] "')


def _traceback_end(lines: list[str], start: int) -> tuple[int, str]:
    """Where the traceback block from ``start`` ends, and its first exception line."""
    first = ""
    number = start
    while number < len(lines):
        line = lines[number]
        if (
            line.startswith((" ", "\t", "Traceback", "During handling", "The above exception"))
            or not line
            or _ACCESS_LINE.match(line)  # another thread's request, logged meanwhile
        ):
            number += 1
            continue
        if _EXCEPTION_LINE.match(line):
            first = first or line.strip()
            number += 1
            continue
        break
    return number, first


def log_problems(path: Path, limit: int = 12) -> dict:
    """Warnings and errors in a log, and uncaught tracebacks, grouped with numbers blurred;
    each group quotes one example with the exception its traceback starts from."""
    if not path.exists():
        return {"lines": 0, "groups": [], "problem_lines": 0, "autorestarts": 0}
    lines = path.read_text(errors="replace").splitlines()
    groups: Counter = Counter()
    examples: dict[str, str] = {}
    number = 0
    while number < len(lines):
        line = lines[number]
        text = None
        if line.startswith("Traceback"):
            number, exception = _traceback_end(lines, number + 1)
            text = f"uncaught: {exception}"
        elif _LOG_PROBLEM.search(line):
            number, exception = _traceback_end(lines, number + 1)
            text = f"{line} -> {exception}" if exception else line
        else:
            number += 1
            continue
        key = re.sub(r"^(\S+ \S+ |\[[^]]+\] )", "", text)
        key = _DIGITS.sub("N", re.sub(r"(Error: )/\S*", r"\1<path>", key))[:200]
        groups[key] += 1
        examples.setdefault(key, text[:500])
    return {
        "lines": len(lines),
        "groups": [
            {"count": count, "example": examples[key]} for key, count in groups.most_common(limit)
        ],
        "problem_lines": sum(groups.values()),
        "autorestarts": sum("Autorestarting worker" in line for line in lines),
    }


def access_log_statuses(path: Path) -> dict:
    pattern = re.compile(r'" (\d{3}) \S+ (\d+)ms ')
    statuses: Counter = Counter()
    slow = []
    if path.exists():
        for line in path.read_text(errors="replace").splitlines():
            match = pattern.search(line)
            if match:
                statuses[match.group(1)] += 1
                if int(match.group(2)) > 2000:
                    slow.append(line[:200])
    return {
        "statuses": dict(sorted(statuses.items())),
        "slow_over_2s": len(slow),
        "slow_examples": slow[:5],
    }


def machine(pg: Postgres) -> dict:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "-"

    memory = ""
    with contextlib.suppress(OSError), open("/proc/meminfo") as meminfo:
        memory = f"{int(meminfo.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as cpuinfo:
        cpu = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), ""
        )
    with pg.connect() as db:
        postgres = db.execute("SHOW server_version").fetchone()[0]
    redis = subprocess.run(  # noqa: S603
        [shutil.which("redis-server") or "redis-server", "--version"],
        capture_output=True,
        text=True,
    ).stdout.split()
    git = ["git", "-C", str(REPO), "describe", "--always", "--dirty"]
    commit = subprocess.run(git, capture_output=True, text=True).stdout.strip()  # noqa: S603
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": version("django"),
        "wagtail": version("wagtail"),
        "gunicorn": version("gunicorn"),
        "psycopg": version("psycopg"),
        "redis_py": version("redis"),
        "django_tasks_db": version("django-tasks-db"),
        "whitenoise": version("whitenoise"),
        "postgresql": postgres,
        "redis_server": next((part.split("=")[1] for part in redis if part.startswith("v=")), "?"),
        "commit": commit,
    }


# ---------------------------------------------------------------------------------------
# Report


def ms(value) -> str:
    return (
        "–"
        if value is None or value != value
        else f"{value:,.0f}"
        if value >= 100
        else f"{value:.1f}"
    )


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "**PASS**" if ok else "**FAIL**"


def report(data: dict) -> str:
    args = data["args"]
    info = data["machine"]
    lines = [
        f"# Load and fault test, {data['date']}",
        "",
        f"`python -m benchmarks.load_fault {args['argv']}`: {args['practices']:,} practices, "
        f"{args['clients']} clients in a closed loop, {args['duration']:.0f} s per scenario, "
        "gunicorn `example_site/gunicorn.conf.py` (2 processes x "
        f"{data.get('gunicorn_threads', '?')} threads, gthread), one `db_worker`, production "
        "profile on a private PostgreSQL and Redis, all on this machine (client included).",
        "",
        f"Machine: {info['cores']} cores ({info['cpu']}), {info['memory']}, {info['os']}; "
        f"Python {info['python']}, Django {info['django']}, Wagtail {info['wagtail']}, "
        f"gunicorn {info['gunicorn']}, PostgreSQL {info['postgresql']}, "
        f"Redis {info['redis_server']} (redis-py {info['redis_py']}), psycopg {info['psycopg']}, "
        "django-tasks-db "
        f"{info['django_tasks_db']}, WhiteNoise {info['whitenoise']}; commit {info['commit']}. "
        f"Load average at the start {data['loadavg_start']}, at the end {data['loadavg_end']}.",
        "",
    ]
    seed = data["seed"]
    timings = seed.get("timings", {})
    lines += [
        "## Seed",
        "",
        (
            f"Template `{seed['name']}` reused (seeded {seed.get('created')} in "
            f"{seed.get('seed_seconds')} s)."
            if seed.get("reused")
            else f"Template `{seed['name']}` seeded in this run: {seed.get('seed_seconds')} s."
        )
        + f" Seed timings: {json.dumps(timings)}."
        + (
            f" That is {1000 * timings['practices_s'] / timings['practices']:.0f} ms per practice "
            f"(add_child, save_revision, publish, search and reference index) with "
            f"{seed.get('seed_workers')} seeding processes."
            if timings.get("practices")
            else ""
        ),
        f"`migrate` on the template (new migrations since the seed): {data['migrate_s']} s; "
        f"copying it for this run: {data['copy_s']} s; collectstatic "
        f"{data['collectstatic_s']} s; `icc_practices_warm` (every card rendered, as "
        f"docs/deploying.md says after a deploy) {data.get('warm_up_s', '–')} s; gunicorn and "
        f"the worker ready in {data['startup_s']} s.",
        "",
        "## Load",
        "",
        "| scenario | requests | req/s | ÷ plain page | p50 | p95 | p99 | errors "
        "| machine busy | client CPU |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in data["scenarios"]:
        errs = ", ".join(f"{k}: {v}" for k, v in row["errors"].items()) or "none"
        ratio = f"{row['ratio']:.2f}" if "ratio" in row else "1.00"
        lines.append(
            f"| {row['scenario']} | {row['requests']:,} | {row['rps']:.1f} | {ratio} "
            f"| {ms(row['p50_ms'])} ms | {ms(row['p95_ms'])} ms | {ms(row['p99_ms'])} ms "
            f"| {errs} | {row['machine_busy_pct']:.0f} % | {row['client_cpu_pct']:.0f} % |"
        )
    lines += [
        "",
        "Latencies are measured by the client, from sending the request to the last byte. "
        '"Machine busy" is the share of all cores in use during the scenario (server, '
        'database, worker, client and anything else running); "client CPU" is the load '
        "generator's share of one core.",
        "",
    ]
    for row in data["scenarios"]:
        if row.get("note"):
            lines.append(f"- {row['scenario']}: {row['note']}")
    burst = data.get("pdf_burst") or {}
    if burst:
        lines += [
            "",
            "### PDF burst",
            "",
            f"{burst['pdfs']} different practices' `pdf/` requested at once while "
            f"{args['clients']} clients browse the index (4 index URLs). First answers: "
            f"{burst['first_statuses']} "
            f"(p50 {ms(burst['first_p50_ms'])} ms, slowest {ms(burst['first_max_ms'])} ms, "
            f"Retry-After {', '.join(burst['retry_after'])}). Asked again after Retry-After: "
            f"{burst['ready']} of {burst['pdfs']} were there within "
            f"{burst['gave_up_after_s']:.0f} s"
            + (
                f", all after {burst['all_ready_after_s']} s"
                if burst.get("all_ready_after_s") is not None
                else ""
            )
            + f". Index p95 alone {ms(burst['index_p95_alone_ms'])} ms, during the burst "
            f"{ms(burst['index_p95_during_ms'])} ms ({burst['p95_ratio']} x).",
        ]
    lines += ["", "## Faults", ""]
    redis = data.get("redis") or {}
    if redis:
        lines += [
            "### Redis stopped, then started again (empty)",
            "",
        ]
        lines += window_table(redis["windows"])
        down = redis["correct_while_down"]
        lines += [
            "",
            f"Responses 500 while Redis was down: {redis['http_500_while_down']}. Correctness: "
            f"{redis['checked_urls']} URLs (index pages with filters: result count and the "
            "practices listed, in order; API listings and facets: the whole JSON; a practice; "
            "the home page) compared with their answers before the fault: "
            f"{down['checked']} checked while down, {down['different']} different"
            + (f" ({down['examples']})" if down["different"] else "")
            + f"; after the restart {redis['correct_after']['checked']} checked, "
            f"{redis['correct_after']['different']} different.",
            "",
        ]
    pgf = data.get("postgres") or {}
    if pgf:
        lines += [
            "### PostgreSQL restarted (`pg_ctl restart -m fast`)",
            "",
            f"The restart took {pgf['restart_s']} s until PostgreSQL accepted connections. "
            f"Failed requests: {pgf['failed']} ({pgf['failed_by_status'] or 'none'}), over "
            f"{pgf['outage_s']} s; {pgf['failures_after_ready']} of them started after PostgreSQL "
            f"was back. Requests succeeded again {pgf['recovered_after_ready_s']} s after it was "
            f"back (last failure); first success after it was back: "
            f"{pgf['first_success_after_ready_s']} s.",
            "",
        ]
        lines += window_table(pgf["windows"])
        lines.append("")
    mailf = data.get("mail") or {}
    if mailf:
        ok, hung = mailf["mail_ok"], mailf["mail_hung"]
        site = hung["site_while_hung"]
        lines += [
            "### Mail server that accepts connections and never answers",
            "",
            f"Working mail server first: {len(ok['posts'])} proposals, POST p95 "
            f"{ms(ok['post_p95_ms'])} ms, answers {ok['statuses']}, confirmation "
            f"{ok['confirmations']}; {ok['mails_delivered']} e-mails delivered, task queue empty "
            f"after {ok['queue_drained_s']} s.",
            "",
            f"Hung mail server: {len(hung['posts'])} proposals from 4 clients, POST p50 "
            f"{ms(hung['post_p50_ms'])} ms, p95 {ms(hung['post_p95_ms'])} ms, slowest "
            f"{ms(hung['post_max_ms'])} ms; answers {hung['statuses']}, confirmation "
            f"{hung['confirmations']}. Home and index meanwhile (1 client): "
            f"{site['requests']} requests, p95 {ms(site['p95_ms'])} ms, errors "
            f"{site['errors'] or 'none'}. The worker opened "
            f"{hung['connections_to_hung_server']} connections to the hung server. After the "
            f"server answered again: task queue empty after "
            f"{hung['queue_drained_after_restore_s']} s, "
            f"{hung['mails_delivered_after_restore']} of {hung['mails_expected']} e-mails for "
            "these proposals delivered.",
            "",
            f"Proposals in the database afterwards: {mailf['proposals_stored']} of "
            f"{mailf['proposals_sent']} sent. Tasks by outcome: {mailf['tasks']}.",
            "",
        ]
    worker = data.get("worker_after_faults") or {}
    if worker:
        lines += [
            f"Task worker after the faults: a PDF never asked before ({worker['url']}) was "
            + (
                f"there {worker['ready_after_s']} s after the first request."
                if worker.get("ready_after_s") is not None
                else f"not there within the wait ({worker.get('statuses')})."
            )
            + f" Worker process alive at the end: {data.get('worker_alive')}; it exited "
            f"{len(data.get('worker_exits', []))} times during the run "
            f"({data.get('worker_exits')}) and was started again 5 s later each time, as the "
            "systemd unit in docs/deploying.md does (Restart=always, RestartSec=5).",
            "",
        ]
    lines += ["## Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    for target in data["targets"]:
        lines.append(f"| {target['target']} | {target['measured']} | {verdict(target['ok'])} |")
    lines += ["", "## Server logs", ""]
    for name, problems in data["logs"].items():
        lines.append(
            f"- `{name}`: {problems.get('problem_lines', 0)} warnings and errors in "
            f"{problems['lines']} lines"
            + (
                f"; gunicorn replaced a worker process {problems['autorestarts']} times "
                "(max_requests)"
                if problems.get("autorestarts")
                else ""
            )
        )
        for group in problems["groups"]:
            example = group["example"].replace("|", "\\|")
            lines.append(f"  - {group['count']} x `{example}`")
    access = data.get("access") or {}
    if access:
        lines.append(
            f"- gunicorn access log, statuses: {access['statuses']}; requests over 2 s: "
            f"{access['slow_over_2s']}"
        )
        for example in access["slow_examples"]:
            lines.append(f"  - `{example}`")
    lines += ["", f"Logs and JSON: `{data['run_dir']}`.", ""]
    return "\n".join(lines)


def window_table(windows: dict) -> list[str]:
    """A fault's windows (before, during, after) as a Markdown table."""
    lines = [
        "| window | requests | req/s | p50 | p95 | p99 | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in windows.values():
        errs = ", ".join(f"{k}: {v}" for k, v in row["errors"].items()) or "none"
        lines.append(
            f"| {row['scenario']} | {row['requests']:,} | {row['rps']:.1f} "
            f"| {ms(row['p50_ms'])} ms | {ms(row['p95_ms'])} ms | {ms(row['p99_ms'])} ms "
            f"| {errs} |"
        )
    return lines


def targets(data: dict) -> list[dict]:
    rows = {row["scenario"]: row for row in data["scenarios"]}
    out = []

    def add(target: str, measured: str, ok: bool | None) -> None:
        out.append({"target": target, "measured": measured, "ok": ok})

    plain = rows.get(PLAIN)
    for name, floor in (
        ("new filter states (index)", TARGET_FILTER_RATIO),
        ("warm URLs", TARGET_WARM_RATIO),
    ):
        row = rows.get(name)
        if row and plain:
            add(
                f"{name}: ≥ {floor:.0%} of the plain page's req/s",
                f"{row['rps']:.1f} / {plain['rps']:.1f} req/s = {row['ratio']:.0%}",
                row["ratio"] >= floor,
            )
    burst = data.get("pdf_burst")
    if burst and burst.get("p95_ratio") is not None:
        add(
            f"index p95 during the PDF burst ≤ {TARGET_BURST_P95:.0f} x alone",
            f"{ms(burst['index_p95_during_ms'])} / {ms(burst['index_p95_alone_ms'])} ms "
            f"= {burst['p95_ratio']} x",
            burst["p95_ratio"] <= TARGET_BURST_P95,
        )
    redis = data.get("redis")
    if redis:
        add(
            "responses 500 while Redis is down: 0",
            str(redis["http_500_while_down"]),
            redis["http_500_while_down"] == 0,
        )
        down = redis["correct_while_down"]
        add(
            "answers while Redis is down are the same as before",
            f"{down['different']} different of {down['checked']}",
            down["different"] == 0 and down["checked"] > 0,
        )
    pgf = data.get("postgres")
    if pgf:
        add(
            f"requests succeed again within {TARGET_PG_RECOVERY_S:.0f} s of PostgreSQL being back",
            f"{pgf['recovered_after_ready_s']} s ({pgf['failed']} failed requests)",
            pgf["recovered_after_ready_s"] <= TARGET_PG_RECOVERY_S,
        )
    mailf = data.get("mail")
    if mailf:
        add(
            "no proposal lost while the mail server hangs",
            f"{mailf['proposals_stored']} of {mailf['proposals_sent']} stored",
            mailf["proposals_stored"] == mailf["proposals_sent"],
        )
        p95 = mailf["mail_hung"]["post_p95_ms"]
        add(
            f"proposal POST p95 ≤ {TARGET_POST_P95_MS:.0f} ms while the mail server hangs "
            "(a threshold of this script)",
            f"{ms(p95)} ms",
            p95 <= TARGET_POST_P95_MS,
        )
    return out


# ---------------------------------------------------------------------------------------
# Main


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 practices, 5 s scenarios")
    parser.add_argument("--practices", type=int, default=None, help="default 10000 (--quick 500)")
    parser.add_argument("--duration", type=float, default=None, help="seconds per scenario (20)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--fault-seconds", type=float, default=None, help="Redis down for (10)")
    parser.add_argument("--proposals", type=int, default=None, help="with working mail (4)")
    parser.add_argument("--mail-hang-seconds", type=float, default=None)
    parser.add_argument("--pdf-wait", type=float, default=None, help="seconds PDFs may take (60)")
    parser.add_argument("--output", type=Path, default=Path("/tmp/load_fault.md"))  # noqa: S108
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=Path(os.environ.get("ICC_LOAD_STATE_DIR", "/var/tmp/icc-load-fault")),  # noqa: S108
        help="the private PostgreSQL cluster (with the seed template), static files",
    )
    parser.add_argument("--pg-port", type=int, default=5440)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--web-port", type=int, default=0, help="default: a free port")
    parser.add_argument("--seed-workers", type=int, default=2)
    parser.add_argument("--reseed", action="store_true", help="rebuild the template")
    parser.add_argument("--keep-database", action="store_true", help="keep icc_load_run")
    args = parser.parse_args(argv)
    quick = args.quick
    args.practices = args.practices or (500 if quick else 10000)
    args.duration = args.duration or (5.0 if quick else 20.0)
    args.fault_seconds = args.fault_seconds or (5.0 if quick else 10.0)
    args.proposals = args.proposals or (2 if quick else 4)
    args.mail_hang_seconds = (
        args.mail_hang_seconds if args.mail_hang_seconds is not None else (8.0 if quick else 25.0)
    )
    args.pdf_wait = args.pdf_wait or (40.0 if quick else 60.0)
    args.web_port = args.web_port or free_port()
    args.secret_key = secrets.token_urlsafe(40)
    args.run_id = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    args.argv = " ".join(argv)
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    # Ctrl-C too, even where SIGINT came in ignored (a background job of a script).
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _on_signal)
    args.state_dir.mkdir(parents=True, exist_ok=True)
    args.run_dir = Path(tempfile.mkdtemp(prefix=f"icc-load-fault-{args.run_id}-"))
    log(f"logs in {args.run_dir}")
    data: dict = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "args": {
            "argv": args.argv,
            "practices": args.practices,
            "duration": args.duration,
            "clients": args.clients,
            "fault_seconds": args.fault_seconds,
        },
        "run_dir": str(args.run_dir),
        "loadavg_start": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "scenarios": [],
    }
    pg = Postgres(args.state_dir / "pgdata", args.pg_port, args.state_dir / "postgres.log")
    redis = Redis(args.redis_port, args.run_dir / "redis.log", args.state_dir / "redis.pid")
    mail = MailServer(free_port())
    web = worker = None
    started_all = time.monotonic()
    try:
        if pg.init():
            log(f"created a PostgreSQL cluster in {pg.data}")
        pg.start()
        redis.start()
        mail.start()
        data["machine"] = machine(pg)
        data["seed"] = ensure_template(args, pg, redis)
        manage = [sys.executable, "manage.py"]
        manage_log = args.run_dir / "manage.log"
        started = time.monotonic()
        template_env = django_env(
            args, data["seed"]["name"], web_port=args.web_port, mail_port=mail.port, redis=redis
        )
        run_command([*manage, "migrate", "--noinput"], template_env, EXAMPLE, manage_log, 900)
        data["migrate_s"] = round(time.monotonic() - started, 1)
        started = time.monotonic()
        prepare_run_database(args, pg, data["seed"])
        data["copy_s"] = round(time.monotonic() - started, 1)

        env = django_env(
            args, RUN_DATABASE, web_port=args.web_port, mail_port=mail.port, redis=redis
        )
        started = time.monotonic()
        run_command([*manage, "collectstatic", "--noinput"], env, EXAMPLE, manage_log, 600)
        data["collectstatic_s"] = round(time.monotonic() - started, 1)
        # The deploy step of docs/deploying.md: every card rendered before visitors come
        # (a worker does the same after each change), so the site is otherwise warm.
        started = time.monotonic()
        warmed = run_command([*manage, "icc_practices_warm"], env, EXAMPLE, manage_log, 900)
        data["warm_up_s"] = round(time.monotonic() - started, 1)
        log(f"{warmed.strip()} ({data['warm_up_s']} s)")
        site_address(pg, args.web_port)

        started = time.monotonic()
        web = Process(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "-c", str(EXAMPLE / "gunicorn.conf.py")]
            + ["--workers", "2", "--bind", f"127.0.0.1:{args.web_port}"],
            env=env,
            cwd=EXAMPLE,
            log=args.run_dir / "gunicorn.log",
        ).start()
        worker = Process(
            "db_worker",
            [*manage, "db_worker"],
            env=env,
            cwd=EXAMPLE,
            log=args.run_dir / "worker.log",
            restart_after=5.0,  # as the documented systemd unit: Restart=always, RestartSec=5
        ).start()

        def healthy() -> bool:
            if not web.running:
                raise RuntimeError("gunicorn exited; see " + str(web.log))
            return (
                port_open(args.web_port)
                and Connection(args.web_port, 10).request("/").status == 200
            )

        wait_until(healthy, 90, 0.5, "gunicorn to answer / with 200")
        if not worker.running:
            raise RuntimeError("the task worker exited; see " + str(worker.log))
        data["startup_s"] = round(time.monotonic() - started, 1)
        data["gunicorn_threads"] = os.environ.get("GUNICORN_THREADS", "4")
        log(f"gunicorn on 127.0.0.1:{args.web_port} and the worker are up")

        site = SiteData(pg)
        log(
            f"site: {len(site.practices):,} practices, {len(site.topics)} topics, "
            f"{len(site.countries)} countries, years {site.years[0]}-{site.years[-1]}"
        )
        seen: set[str] = set()
        results = data["scenarios"]
        # Every process has served a page (templates compiled, connections open).
        run_load(args.web_port, UrlSource([site.home, site.index], cycle=True), 2, args.clients)

        plain = scenario(
            PLAIN,
            args,
            UrlSource([site.core_page], cycle=True),
            results,
            note="the reference: a wagtailcore Page in the host's base template (menu, language "
            "links), nothing else of the package on it",
        )
        plain_rps = plain["rps"]
        scenario(
            "home page (latest practices, page tools)",
            args,
            UrlSource([site.home], cycle=True),
            results,
            plain_rps=plain_rps,
            note="the example site's home page, with {% icc_latest_practices %}",
        )
        warm = warm_urls(site)
        for url in warm * 2:
            Connection(args.web_port).request(url)
        scenario(
            "warm URLs",
            args,
            UrlSource(warm, cycle=True),
            results,
            plain_rps=plain_rps,
            note=f"{len(warm)} URLs in turn (index, filters, page 2, practices, API), asked before",
        )
        states = UrlSource(f"{site.index}?{query}" for query in site.new_filter_states(101, seen))
        scenario(
            "new filter states (index)",
            args,
            states,
            results,
            plain_rps=plain_rps,
            note="random topics (0-2), countries (0-2) and a year (60 %), "
            "each state asked once in the run",
        )
        scenario(
            "practice pages",
            args,
            UrlSource(site.practice_urls(202)),
            results,
            plain_rps=plain_rps,
            note="random practices, each once until all were asked",
        )
        scenario(
            "API",
            args,
            UrlSource(api_urls(site, 303, seen)),
            results,
            plain_rps=plain_rps,
            note="40 % listings and 30 % facets for new filter states, "
            "30 % details of random practices",
        )
        data["pdf_burst"] = pdf_burst(args, site, results, plain_rps, seen)
        wait_for_queue(pg, args.pdf_wait)
        scenario(
            PLAIN + ", again",
            args,
            UrlSource([site.core_page], cycle=True),
            results,
            plain_rps=plain_rps,
            note="the reference once more, after the other scenarios: how much the machine drifted",
        )

        data["redis"] = redis_fault(args, site, redis, seen)
        data["postgres"] = postgres_fault(args, site, pg, seen)
        data["mail"] = mail_fault(args, site, pg, mail)
        used = set(warm) | set(data["pdf_burst"]["urls"])
        data["worker_after_faults"] = worker_check(args, site, used)
        data["worker_alive"] = worker.running
        data["worker_exits"] = list(worker.exits)
    except (KeyboardInterrupt, Interrupted) as stop:
        log(f"interrupted ({stop!r}); stopping everything")
        data["interrupted"] = True
        raise SystemExit(130) from None
    finally:
        for process in (worker, web):
            if process is not None:
                process.stop()
        mail.stop()
        redis.stop()
        if not args.keep_database:
            with contextlib.suppress(Exception):
                drop_database(pg, RUN_DATABASE)
        with contextlib.suppress(Exception):
            pg.stop()
        shutil.rmtree(args.run_dir / "media", ignore_errors=True)  # a copy; logs are kept
        log(f"stopped everything ({time.monotonic() - started_all:.0f} s in all)")
    data["loadavg_end"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    data["total_s"] = round(time.monotonic() - started_all, 1)
    data["logs"] = {
        "gunicorn.log": log_problems(args.run_dir / "gunicorn.log"),
        "worker.log": log_problems(args.run_dir / "worker.log"),
    }
    data["access"] = access_log_statuses(args.run_dir / "gunicorn.log")
    data["targets"] = targets(data)
    text = report(data) + f"\nTotal time of the run: {data['total_s']:.0f} s.\n"
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    args.output.with_suffix(".json").write_text(json.dumps(data, indent=2, default=str))
    (args.run_dir / "report.md").write_text(text)
    log(f"report written to {args.output} (JSON: {args.output.with_suffix('.json')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
