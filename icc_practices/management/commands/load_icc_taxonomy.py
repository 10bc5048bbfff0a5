"""Load the ICC topics and countries. Safe to run again: it updates, never duplicates."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale

from icc_practices.models import Country, Topic
from icc_practices.reference import ICC_COUNTRY_CODES, ICC_TOPICS
from icc_practices.search.cache import CONTENT, STRUCTURE, invalidate


class Command(BaseCommand):
    help = "Load the Intercultural Cities topics and countries (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        locale = Locale.get_default()
        created = updated = 0
        for position, name in enumerate(ICC_TOPICS):
            topic, was_created = Topic.objects.get_or_create(
                slug=slugify(name),
                locale=locale,
                defaults={"name": name, "sort_order": position},
            )
            if was_created:
                created += 1
            elif topic.name != name or topic.sort_order != position:
                topic.name, topic.sort_order = name, position
                topic.save(update_fields=["name", "sort_order"])
                updated += 1
        self.stdout.write(
            f"Topics: {created} created, {updated} updated, "
            f"{len(ICC_TOPICS) - created - updated} unchanged."
        )

        existing = set(Country.objects.values_list("code", flat=True))
        missing = [code for code in ICC_COUNTRY_CODES if code not in existing]
        Country.objects.bulk_create([Country(code=code) for code in missing])
        self.stdout.write(
            f"Countries: {len(missing)} created, {len(ICC_COUNTRY_CODES) - len(missing)} "
            "already there."
        )
        # bulk_create sends no signals: start new cache generations once this commits.
        transaction.on_commit(lambda: invalidate(CONTENT, STRUCTURE))
        self.stdout.write(self.style.SUCCESS("ICC taxonomy loaded."))
