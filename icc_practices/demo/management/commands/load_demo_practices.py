"""Create a deterministic demo collection of practices (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page

from icc_practices.demo.builder import build_demo_collection
from icc_practices.demo.translation import translate_demo_collection


class Command(BaseCommand):
    help = (
        "Create demo practices under the first practice index (created if missing). "
        "The same --seed always gives the same practices; existing ones are kept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=200, help="Practices to create.")
        parser.add_argument("--seed", type=int, default=2018, help="Random seed.")
        parser.add_argument(
            "--translate",
            action="append",
            default=[],
            metavar="LANGUAGE",
            help="Also translate the taxonomy, the index and the first practices into this "
            "language (demo text exists for: fr). Repeatable.",
        )
        parser.add_argument(
            "--translated", type=int, default=24, help="How many practices to translate."
        )

    def handle(
        self,
        *args,
        count: int,
        seed: int,
        translate: list[str],
        translated: int,
        verbosity: int = 1,
        **options,
    ) -> None:
        if count < 1:
            raise CommandError("--count must be at least 1.")
        step = max(1, count // 10)

        def progress(done: int, total: int) -> None:
            if verbosity and (done % step == 0 or done == total):
                self.stdout.write(f"  {done}/{total} practices")

        try:
            with transaction.atomic():
                index, created = build_demo_collection(count, seed, progress)
        except ValueError as error:
            raise CommandError(str(error)) from error
        address = index.get_url() or index.url_path
        parent = index.get_parent()
        self.stdout.write(
            self.style.SUCCESS(
                f"{created} practices created under '{index.title}' ({address}), "
                f"a child of '{parent.title}' (page {parent.pk})."
            )
        )
        if parent.specific_class is Page:
            # Wagtail's "Welcome to your new Wagtail site!" is a bare Page; host sites'
            # initial data often deletes it, and the index with it, without a word.
            self.stdout.write(
                self.style.WARNING(
                    f"'{parent.title}' is a plain Wagtail page, as the welcome page of a new "
                    "site is. If your own set-up replaces it (bakerydemo's load_initial_data "
                    "does), the index and its practices go with it: run this command after "
                    "your site's own initial data, or move the index in the admin."
                )
            )
        for language in translate:
            try:
                with transaction.atomic():
                    done = translate_demo_collection(language, min(translated, count), seed)
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(self.style.SUCCESS(f"{done} practices translated into {language}."))
