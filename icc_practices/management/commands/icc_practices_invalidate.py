"""Start new cache generations, for changes made without Django's signals."""

from django.core.management.base import BaseCommand

from icc_practices.cache import CONTENT, STRUCTURE, invalidate


class Command(BaseCommand):
    help = (
        "Make every process recompute practice listings, counts, cards and PDFs. The "
        "package hears publishing, moves, restrictions and taxonomy edits by itself; run "
        "this after changing pages or taxonomy with queryset.update(), raw SQL or a "
        "database restore."
    )

    def handle(self, *args, **options) -> None:
        invalidate(CONTENT, STRUCTURE)
        self.stdout.write("New content and structure generations started.")
