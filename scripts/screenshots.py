"""Take the documentation's screenshots of the example site in Chromium.

    python scripts/screenshots.py            # a throwaway example site on a free port
    python scripts/screenshots.py --url URL  # an example site that is already running

Without --url it builds the example site in a temporary directory (SQLite, the demo
collection, an editor account), serves it with runserver, and drives Debian's Chromium
(/usr/bin/chromium, or $CHROMIUM) through the pages a visitor, a city and an editor see.
The pictures go to docs/images/ (PNG); `make screenshots` runs this, `make docs` uses them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_SITE = ROOT / "example_site"
OUTPUT = ROOT / "docs" / "images"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
EDITOR = ("docs-editor", "docs-editor-password")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# A few confirmed alerts, so that the dashboard shows the filters followed.
FOLLOWERS = """
from django.utils import timezone
from icc_practices.models import AlertSubscription, PracticeIndexPage
index = PracticeIndexPage.objects.filter(locale__language_code="en").first()
for number, query in enumerate(["topic=education", "topic=education", ""]):
    AlertSubscription.objects.create(
        email=f"follower{number}@example.org", index_page=index, query=query,
        language="en", frequency="weekly", confirmed_at=timezone.now(),
    )
"""


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=EXAMPLE_SITE,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def example_site() -> Iterator[str]:
    """A fresh example site with the demo collection, served until the block ends."""
    with tempfile.TemporaryDirectory(prefix="icc-screenshots-") as workdir:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{workdir}/db.sqlite3",
            "DJANGO_MEDIA_ROOT": f"{workdir}/media",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
            "DJANGO_SUPERUSER_PASSWORD": EDITOR[1],
        }
        env.pop("ICC_EXAMPLE_PROFILE", None)
        print("Building the example site (about a minute)...", flush=True)
        manage("migrate", "--noinput", env=env)
        manage("setup_example_site", "--count", "60", env=env)
        manage("createsuperuser", "--noinput", "--username", EDITOR[0],
               "--email", "docs@example.org", env=env)  # fmt: skip
        manage("shell", "-c", FOLLOWERS, env=env)
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=EXAMPLE_SITE,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _attempt in range(100):
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(url + "/practices/", timeout=5)
                    break
                time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def shoot(url: str, output: Path) -> list[Path]:
    """Drive Chromium through the example site and write one PNG per screen."""
    from playwright.sync_api import sync_playwright

    output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(tab, name: str, *, full_page: bool = False) -> None:
        path = output / f"{name}.png"
        tab.screenshot(path=str(path), full_page=full_page)
        written.append(path)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        desktop = browser.new_context(viewport=DESKTOP, device_scale_factor=1)
        tab = desktop.new_page()

        tab.goto(url + "/practices/")
        save(tab, "index")
        tab.goto(url + "/practices/?topic=education")
        save(tab, "index-filtered")
        tab.locator(".icc-results__list a").first.click()
        tab.wait_for_load_state()
        save(tab, "practice")
        pdf_url = tab.locator(".icc-tool--pdf").first.evaluate("link => link.href")
        save_pdf_page(tab.request.get(pdf_url).body(), output / "practice-pdf.png")
        written.append(output / "practice-pdf.png")

        tab.goto(url + "/practices/propose/")
        save(tab, "proposal-form")
        tab.get_by_role("button", name="Send the proposal").click()
        tab.wait_for_selector(".icc-alert")
        save(tab, "proposal-form-errors")
        propose(tab)
        save(tab, "proposal-thanks")
        tab.goto(url + "/practices/alerts/?topic=education")
        save(tab, "alerts-signup")
        tab.goto(url + "/practices/map/")
        tab.locator("[data-icc-map-svg]").scroll_into_view_if_needed()
        save(tab, "index-map")

        tab.goto(url + "/admin/login/")
        tab.get_by_label("Username").fill(EDITOR[0])
        tab.get_by_label("Password").fill(EDITOR[1])
        tab.get_by_role("button", name="Sign in").click()
        tab.wait_for_url("**/admin/")
        save(tab, "admin-dashboard", full_page=True)
        tab.goto(url + "/admin/icc_practices/practicepage/")
        save(tab, "admin-practices")
        tab.goto(url + "/admin/snippets/icc_practices/practicesubmission/")
        save(tab, "admin-proposals")
        edit_url = tab.get_by_role("link", name="Open schools").first.evaluate("a => a.href")
        tab.goto(edit_url.replace("/edit/", "/inspect/"))
        save(tab, "admin-proposal")
        tab.goto(url + "/admin/icc_practices/practicepage/")
        tab.locator("table a[href*='/edit/']").first.click()
        tab.wait_for_load_state()
        save(tab, "admin-practice-editor")
        tab.goto(url + "/admin/snippets/icc_practices/topic/")
        save(tab, "admin-topics")
        tab.goto(url + "/admin/icc-practices/translations/")
        save(tab, "admin-translation-coverage")
        desktop.close()

        dark = browser.new_context(viewport=DESKTOP, color_scheme="dark")
        tab = dark.new_page()
        tab.goto(url + "/practices/?topic=education")
        save(tab, "index-dark")
        dark.close()

        phone = browser.new_context(viewport=PHONE, is_mobile=True)
        tab = phone.new_page()
        tab.goto(url + "/practices/?topic=education")
        save(tab, "phone-index")
        tab.locator("[data-icc-filters-toggle]").click()
        tab.get_by_role("dialog").wait_for()
        save(tab, "phone-filters")
        phone.close()
        browser.close()
    return written


def propose(tab) -> None:
    """Complete the proposal form the way a city would, and send it."""
    tab.get_by_label("Title of the practice").fill("Open schools")
    tab.get_by_label("Country").select_option("ES")
    tab.get_by_label("Year").fill("2021")
    tab.get_by_role("group", name="Topics").get_by_label("Education").check()
    tab.get_by_label("Summary").fill("Schools open their doors to families in the evening.")
    tab.get_by_label("Contact person").fill("Marta Puig")
    tab.get_by_label("Organisation").fill("Barcelona City Council")
    tab.get_by_label("E-mail").fill("marta@example.org")
    tab.get_by_label("Consent to publish").check()
    tab.get_by_role("button", name="Send the proposal").click()
    tab.get_by_role("heading", name="Thank you for your proposal").wait_for()


def save_pdf_page(pdf: bytes, path: Path) -> None:
    """The PDF's first page as a PNG (pypdfium2, from the docs extra)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    document[0].render(scale=1.5).to_pil().save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an example site that is already running")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    options = parser.parse_args()
    if options.url:
        written = shoot(options.url.rstrip("/"), options.output)
    else:
        with example_site() as url:
            written = shoot(url, options.output)
    for path in written:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
