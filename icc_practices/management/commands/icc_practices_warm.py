"""Render every practice card now, so the first visitors after a deploy do not."""

from django.core.management.base import BaseCommand

from icc_practices.public.warming import warm_cards


class Command(BaseCommand):
    help = (
        "Render and cache the card of every public practice, in its index's language. "
        "With a task worker this runs by itself after every change and after migrate; "
        "run it after a deploy or a cache flush on sites without one."
    )

    def handle(self, *args, **options) -> None:
        rendered = warm_cards()
        if rendered is None:
            self.stdout.write("The content changed meanwhile; run it again.")
        else:
            self.stdout.write(f"Rendered {rendered} practice cards.")
