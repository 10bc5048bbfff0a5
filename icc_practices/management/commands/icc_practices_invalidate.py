"""Start new cache generations, for changes made without Django's signals."""

from django.core.management.base import BaseCommand

from icc_practices.search.cache import ALL_GENERATIONS, invalidate


class Command(BaseCommand):
    help = (
        "Make every process recompute practice listings, counts, cards, pages and PDFs. "
        "The package hears publishing, moves, restrictions, taxonomy edits and migrate by "
        "itself; run this after changing pages or taxonomy with queryset.update(), raw "
        "SQL or a database restore, or templates without running migrate."
    )

    def handle(self, *args, **options) -> None:
        invalidate(*ALL_GENERATIONS)
        self.stdout.write("New cache generations started.")
