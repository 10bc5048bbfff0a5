"""A second server process on the test database, for the multi-process tests.

``python -m tests.other_process ACTION PAGE_ID`` with ``DATABASE_URL`` set to the test
database: like an editor's request in another worker, ``manage.py shell`` or the
``publish_scheduled`` cron, it changes a practice through Wagtail's API in a process whose
LocMem cache the test process cannot see.
"""

import os
import sys


def main(action: str, page_id: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from wagtail.models import Page, PageViewRestriction

    page = Page.objects.get(pk=page_id).specific
    if action == "restrict":
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="pw")
    elif action == "unpublish":
        page.unpublish()
    elif action == "delete":
        page.delete()
    elif action == "publish":
        page.save_revision().publish()
    elif action == "relabel":  # an editor renames the practice's topic in the snippets
        topic = page.topics.first()
        topic.name = "Sustainable mobility"
        topic.save()
    elif action == "cron":  # the publish_scheduled cron, as a host runs it every minute
        from django.core.management import call_command

        call_command("publish_scheduled")
    else:
        raise SystemExit(f"unknown action {action!r}")
    print(f"{action} {page_id}: done")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
