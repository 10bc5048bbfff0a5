"""The admin's imports, run as background tasks (Wagtail 8's task framework).

An upload is checked by a dry run, then imported once an editor confirms. Both run in a
task: a large file takes a minute, longer than a request should. Progress goes to the
package's cache, outside the import's transaction, so the status page can read it from
any process while the task runs (without a shared cache it shows no numbers, only that
the import is running).
"""

from __future__ import annotations

import dataclasses
import logging

from django.utils.translation import gettext as _
from django_tasks import task

from icc_practices.models import PracticeImport
from icc_practices.search.cache import cache_call
from icc_practices.transfer.formats import FileProblem, read_file
from icc_practices.transfer.images import ImageSource
from icc_practices.transfer.importer import run_import

logger = logging.getLogger("icc_practices.transfer")
PROGRESS_KEY = "icc_practices:import-progress:{}"
PROGRESS_TIMEOUT = 3600


def progress_of(job: PracticeImport) -> tuple[int, int] | None:
    """(rows done, rows in all) of a running import, when the cache knows."""
    found = cache_call(lambda cache: cache.get(PROGRESS_KEY.format(job.pk)))
    return tuple(found) if isinstance(found, list | tuple) and len(found) == 2 else None


def _record_progress(job_id: str):
    def progress(done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            cache_call(
                lambda cache: cache.set(
                    PROGRESS_KEY.format(job_id), (done, total), PROGRESS_TIMEOUT
                )
            )

    return progress


def _refused(job: PracticeImport, problems: list[str]) -> str:
    job.status, job.report = PracticeImport.Status.REFUSED, {"problems": problems}
    job.save(update_fields=["status", "report"])
    return job.status


@task()
def run_practice_import(import_id: str, dry_run: bool) -> str | None:
    """Check (``dry_run``) or import an uploaded file; the report goes to the row."""
    job = PracticeImport.objects.filter(pk=import_id).first()
    if job is None:
        return None
    try:
        parsed = read_file(bytes(job.data), job.file_format)
        images = ImageSource(bytes(job.images), store=not dry_run) if job.images else None
        report = run_import(
            parsed,
            job.index,
            dry_run=dry_run,
            publish=job.publish,
            create_cities=job.create_cities,
            images=images,
            progress=_record_progress(str(job.pk)),
            user=job.user,
        )
    except FileProblem as problem:
        return _refused(job, problem.problems)
    except Exception as error:  # never leave the status page waiting for ever
        logger.exception("The import %s stopped", job.pk)
        return _refused(job, [_("The import stopped: %(error)s") % {"error": error}])
    job.report = {
        "dry_run": dry_run,
        "summary": report.summary(),
        "counts": {
            status: report.count(status) for status in ("created", "updated", "unchanged", "failed")
        },
        "notes": [str(note) for note in report.notes],
        "rows": [dataclasses.asdict(result) for result in report.results],
    }
    if dry_run:
        job.status = PracticeImport.Status.CHECKED
    else:
        job.status = PracticeImport.Status.DONE
        job.data, job.images = b"", None  # imported: the report is what is kept
    job.save(update_fields=["status", "report", "data", "images"])
    return job.status
