"""Create a deterministic demo collection of practices (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from icc_practices.demo.builder import build_demo_collection


class Command(BaseCommand):
    help = (
        "Create demo practices under the first practice index (created if missing). "
        "The same --seed always gives the same practices; existing ones are kept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=200, help="Practices to create.")
        parser.add_argument("--seed", type=int, default=2018, help="Random seed.")

    def handle(self, *args, count: int, seed: int, verbosity: int = 1, **options) -> None:
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
        self.stdout.write(
            self.style.SUCCESS(f"{created} practices created under '{index.title}' ({address}).")
        )
